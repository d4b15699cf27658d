package auth_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/jobs"
	"github.com/pilotodevendas/piloto/internal/mail"
	"github.com/pilotodevendas/piloto/internal/mail/mailtest"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/ratelimit"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
)

type fixture struct {
	svc   *auth.Service
	db    *store.DB
	clock *piloto.FakeClock
	smtp  *mailtest.Server
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	cfg := auth.DefaultConfig()
	cfg.Hash = auth.HashParams{MemoryKiB: 64, Iterations: 1}
	keys := auth.Keys{
		Access:  [][]byte{[]byte(strings.Repeat("a", 32))},
		Refresh: []byte(strings.Repeat("r", 32)),
		CSRF:    [][]byte{[]byte(strings.Repeat("c", 32))},
	}
	smtpServer := mailtest.MustStart(t)
	sender, err := mail.NewSMTP(smtpServer.URL, "Piloto <nao-responda@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &auth.MailWorker{Store: db, Sender: sender, Clock: clock, AppURL: "http://app.example"})
	jc := jobs.DefaultConfig()
	jc.PollInterval, jc.CleanupEvery = 20*time.Millisecond, 0
	jc.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	jobClient, err := jobs.New(db, workers, nil, jc)
	if err != nil {
		t.Fatal(err)
	}
	if err := jobClient.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jobClient.Stop(context.Background()) })
	svc, err := auth.NewService(auth.Deps{
		Store: db, Accounts: db, Invitations: db, Limits: ratelimit.New(db, clock), Jobs: jobClient, Clock: clock,
	}, cfg, keys, "http://localhost:8080")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, db: db, clock: clock, smtp: smtpServer}
}

const goodPassword = "cavalo-bateria-grampo"

func (f *fixture) mustSignup(t *testing.T, email string) *auth.Grant {
	t.Helper()
	g, err := f.svc.Signup(context.Background(), auth.SignupRequest{
		Name: "Ana Souza", Email: email, Password: goodPassword, Organization: "Loja da Ana",
	}, auth.Client{UserAgent: "test", IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSignupLoginAuthenticate(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, " Ana@Example.com ")
		if g.Identity.User.Email != "ana@example.com" || g.Identity.Role != "owner" || g.Identity.Organization.Name != "Loja da Ana" {
			t.Fatalf("signup identity = %+v %+v", g.Identity.User, g.Identity)
		}
		if g.RefreshToken == "" || g.AccessToken == "" || g.CSRFToken == "" {
			t.Fatalf("grant lacks tokens: %+v", g)
		}
		if !g.RefreshExpires.Equal(f.clock.Now().Add(7 * 24 * time.Hour)) {
			t.Fatalf("refresh expires %s", g.RefreshExpires)
		}
		id, err := f.svc.Authenticate(ctx, g.AccessToken)
		if err != nil || id.User.ID != g.Identity.User.ID || id.Organization.ID != g.Identity.Organization.ID {
			t.Fatalf("Authenticate = %+v, %v", id, err)
		}

		// The same email again, in any case, is taken.
		_, err = f.svc.Signup(ctx, auth.SignupRequest{Name: "Outra", Email: "ANA@example.com", Password: goodPassword, Organization: "X"}, auth.Client{})
		if e, ok := err.(*piloto.Error); !ok || e.Code != piloto.EINVALID || e.Fields["email"] == "" {
			t.Fatalf("duplicate signup err = %v", err)
		}

		// Each login is a new session.
		l, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Identity.Session.ID == g.Identity.Session.ID || len(l.Memberships) != 1 || l.Memberships[0].Role != "owner" {
			t.Fatalf("login grant = %+v, memberships %+v", l.Identity.Session, l.Memberships)
		}
	})
}

func TestSignupValidation(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tests := []struct {
			req   auth.SignupRequest
			field string
		}{
			{auth.SignupRequest{Name: "", Email: "a@b.co", Password: goodPassword, Organization: "X"}, "name"},
			{auth.SignupRequest{Name: "A", Email: "not-an-email", Password: goodPassword, Organization: "X"}, "email"},
			{auth.SignupRequest{Name: "A", Email: "a@localhost", Password: goodPassword, Organization: "X"}, "email"},
			{auth.SignupRequest{Name: "A", Email: "Ana <a@b.co>", Password: goodPassword, Organization: "X"}, "email"},
			{auth.SignupRequest{Name: "A", Email: "a@b.co", Password: "curta", Organization: "X"}, "password"},
			{auth.SignupRequest{Name: "A", Email: "a@b.co", Password: "password1", Organization: "X"}, "password"},
			{auth.SignupRequest{Name: "A", Email: "a@b.co", Password: goodPassword, Organization: "  "}, "organization"},
			{auth.SignupRequest{Name: strings.Repeat("n", 101), Email: "a@b.co", Password: goodPassword, Organization: "X"}, "name"},
		}
		before := f.svc.Hasher().Count()
		for _, tc := range tests {
			_, err := f.svc.Signup(context.Background(), tc.req, auth.Client{})
			e, ok := err.(*piloto.Error)
			if !ok || e.Code != piloto.EINVALID || e.Fields[tc.field] == "" {
				t.Errorf("Signup(%+v) err = %v, want a message on %s", tc.req, err, tc.field)
			}
		}
		if f.svc.Hasher().Count() != before {
			t.Fatal("invalid sign-ups were hashed")
		}
	})
}

// An unknown email and a wrong password fail the same way after the same
// work: one argon2id hash each.
func TestLoginFailuresLookAlike(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.mustSignup(t, "ana@example.com")
		var errs []error
		for _, req := range []auth.LoginRequest{
			{Email: "ana@example.com", Password: "senha-errada-123"},
			{Email: "ninguem@example.com", Password: "senha-errada-123"},
			{Email: "nem um email", Password: "senha-errada-123"},
		} {
			before := f.svc.Hasher().Count()
			_, err := f.svc.Login(ctx, req, auth.Client{})
			if f.svc.Hasher().Count() != before+1 {
				t.Errorf("login %q ran %d hashes, want 1", req.Email, f.svc.Hasher().Count()-before)
			}
			errs = append(errs, err)
		}
		for _, err := range errs {
			if piloto.ErrorCode(err) != piloto.EUNAUTHORIZED || piloto.ErrorMessage(err) != piloto.ErrorMessage(errs[0]) {
				t.Errorf("login error = %v, want the same unauthorized error as %v", err, errs[0])
			}
		}
		// A password over the cap is refused before any hashing.
		before := f.svc.Hasher().Count()
		_, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: strings.Repeat("x", 129)}, auth.Client{})
		if piloto.ErrorCode(err) != piloto.EINVALID || f.svc.Hasher().Count() != before {
			t.Fatalf("long password: err = %v, hashes %d", err, f.svc.Hasher().Count()-before)
		}
	})
}

// A→B→C, then A again: reuse. The session is revoked: C is dead, and the
// session's access token is refused.
func TestRefreshReuseRevokesTheFamily(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, "ana@example.com")
		a := g.RefreshToken
		b, err := f.svc.Refresh(ctx, a, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := f.svc.Refresh(ctx, b.RefreshToken, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		if a == b.RefreshToken || b.RefreshToken == c.RefreshToken {
			t.Fatal("refresh did not rotate")
		}
		if _, err := f.svc.Authenticate(ctx, c.AccessToken); err != nil {
			t.Fatalf("access token before reuse: %v", err)
		}
		if _, err := f.svc.Refresh(ctx, a, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("reuse of A: err = %v", err)
		}
		if _, err := f.svc.Refresh(ctx, c.RefreshToken, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("C after reuse: err = %v", err)
		}
		for _, access := range []string{g.AccessToken, c.AccessToken} {
			if _, err := f.svc.Authenticate(ctx, access); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
				t.Fatalf("access token of the revoked session: err = %v", err)
			}
		}
		// Another session of the same user is untouched.
		l, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Refresh(ctx, l.RefreshToken, auth.Client{}); err != nil {
			t.Fatalf("other session: %v", err)
		}
	})
}

// 20 concurrent refreshes of one token all get the same successor and nothing
// is revoked; the successor then works.
func TestConcurrentRefreshesGetOneSuccessor(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, "ana@example.com")
		var wg sync.WaitGroup
		tokens := make([]string, 20)
		errs := make([]error, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{})
				errs[i] = err
				if err == nil {
					tokens[i] = r.RefreshToken
				}
			}()
		}
		wg.Wait()
		for i := range 20 {
			if errs[i] != nil {
				t.Fatalf("refresh %d: %v", i, errs[i])
			}
			if tokens[i] != tokens[0] {
				t.Fatalf("refresh %d got another successor", i)
			}
		}
		if _, err := f.svc.Refresh(ctx, tokens[0], auth.Client{}); err != nil {
			t.Fatalf("successor after the burst: %v", err)
		}
	})
}

// The parent presented again after the reuse interval is reuse.
func TestParentReplayAfterInterval(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, "ana@example.com")
		b, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(4 * time.Second)
		again, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{})
		if err != nil || again.RefreshToken != b.RefreshToken {
			t.Fatalf("replay within the interval: %v", err)
		}
		f.clock.Advance(2 * time.Second)
		if _, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("replay after the interval: err = %v", err)
		}
		if _, err := f.svc.Refresh(ctx, b.RefreshToken, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("successor after the family was revoked: err = %v", err)
		}
	})
}

// A session used every day still ends 7 days after login; an idle one ends
// after the idle timeout.
func TestSessionLifetimes(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		token := f.mustSignup(t, "ana@example.com").RefreshToken
		for day := 1; day < 7; day++ {
			f.clock.Advance(24 * time.Hour)
			g, err := f.svc.Refresh(ctx, token, auth.Client{})
			if err != nil {
				t.Fatalf("day %d: %v", day, err)
			}
			token = g.RefreshToken
		}
		f.clock.Advance(24*time.Hour - time.Second)
		g, err := f.svc.Refresh(ctx, token, auth.Client{})
		if err != nil {
			t.Fatalf("one second before 7 days: %v", err)
		}
		f.clock.Advance(time.Second)
		if _, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("at 7 days: err = %v", err)
		}
		if _, err := f.svc.Authenticate(ctx, g.AccessToken); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("access token at 7 days: err = %v", err)
		}

		idle := f.mustSignup(t, "bia@example.com").RefreshToken
		f.clock.Advance(auth.DefaultConfig().IdleTimeout + time.Second)
		if _, err := f.svc.Refresh(ctx, idle, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("idle session: err = %v", err)
		}
	})
}

func TestLogout(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		one := f.mustSignup(t, "ana@example.com")
		two, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		three, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Logout(ctx, one.RefreshToken, auth.Client{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, one.AccessToken); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("after logout: %v", err)
		}
		if _, err := f.svc.Authenticate(ctx, two.AccessToken); err != nil {
			t.Fatalf("other session after logout: %v", err)
		}
		if err := f.svc.Logout(ctx, "unknown-token", auth.Client{}); err != nil {
			t.Fatalf("logout with an unknown token: %v", err)
		}
		id, _ := f.svc.Authenticate(ctx, two.AccessToken)
		if err := f.svc.LogoutAll(ctx, id, auth.Client{}); err != nil {
			t.Fatal(err)
		}
		for _, g := range []*auth.Grant{two, three} {
			if _, err := f.svc.Authenticate(ctx, g.AccessToken); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
				t.Fatalf("after logout-all: %v", err)
			}
			if _, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
				t.Fatalf("refresh after logout-all: %v", err)
			}
		}
	})
}

// After LoginDelayAfter failures each try waits 1 s, doubling up to the cap,
// for known and unknown emails alike; the owner is never locked out for
// longer than the cap, and a success clears the count.
func TestLoginFailureDelays(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.mustSignup(t, "ana@example.com")
		for _, email := range []string{"ana@example.com", "ninguem@example.com"} {
			wrong := auth.LoginRequest{Email: email, Password: "senha-errada-1"}
			for range 5 {
				if _, err := f.svc.Login(ctx, wrong, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
					t.Fatalf("%s: failure before the delay: %v", email, err)
				}
			}
			wants := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute}
			for i, want := range wants {
				before := f.svc.Hasher().Count()
				_, err := f.svc.Login(ctx, wrong, auth.Client{})
				var e *piloto.Error
				if !errors.As(err, &e) || e.Code != piloto.ERATELIMIT || e.RetryAfter != want {
					t.Fatalf("%s: try %d: err = %v, want rate_limited with RetryAfter %s", email, i, err, want)
				}
				if f.svc.Hasher().Count() != before {
					t.Fatal("a delayed try was hashed")
				}
				f.clock.Advance(want)
				if _, err := f.svc.Login(ctx, wrong, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
					t.Fatalf("%s: try after waiting %s: %v", email, want, err)
				}
			}
		}
		// The owner, after waiting at most the cap, gets in, and the count
		// starts over.
		f.clock.Advance(time.Minute)
		if _, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{}); err != nil {
			t.Fatalf("right password after the wait: %v", err)
		}
		if n, _, _ := db.LoginFailures(ctx, "ana@example.com"); n != 0 {
			t.Fatalf("failures after a success = %d", n)
		}
	})
}

// The audit log records sign-up, logins, failures and token reuse for the
// organization, newest first, and only owners read it.
func TestAuditLog(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, "ana@example.com")
		client := auth.Client{IP: "203.0.113.9", UserAgent: "Firefox"}
		f.clock.Advance(time.Second)
		f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: "senha-errada-1"}, client)
		f.svc.Login(ctx, auth.LoginRequest{Email: "zoe@example.com", Password: "senha-errada-1"}, client)
		b, _ := f.svc.Refresh(ctx, g.RefreshToken, client)
		f.svc.Refresh(ctx, b.RefreshToken, client)
		f.clock.Advance(time.Minute)
		f.svc.Refresh(ctx, g.RefreshToken, client) // reuse

		events, next, err := audit.List(ctx, db, g.Identity.Organization.ID, org.RoleOwner, "")
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		want := []string{audit.ActionRefreshReused, audit.ActionLoginFailed, audit.ActionSignup}
		if strings.Join(actions, ",") != strings.Join(want, ",") || next != "" {
			t.Fatalf("events = %v (next %q), want %v", actions, next, want)
		}
		if e := events[1]; e.IP != "203.0.113.9" || e.UserAgent != "Firefox" || e.UserEmail != "ana@example.com" || e.Details["reason"] != "wrong_password" {
			t.Fatalf("login failure event = %+v", e)
		}
		for _, e := range events {
			for _, v := range e.Details {
				if strings.Contains(v, g.RefreshToken) || strings.Contains(v, "senha") {
					t.Fatalf("event %s holds a secret: %v", e.Action, e.Details)
				}
			}
		}
		if _, _, err := audit.List(ctx, db, g.Identity.Organization.ID, org.RoleMember, ""); piloto.ErrorCode(err) != piloto.EFORBIDDEN {
			t.Fatalf("member reading the log: %v", err)
		}
		other := f.mustSignup(t, "bia@example.com")
		theirs, _, _ := audit.List(ctx, db, other.Identity.Organization.ID, org.RoleOwner, "")
		if len(theirs) != 1 || theirs[0].UserEmail != "bia@example.com" {
			t.Fatalf("another organization's log = %+v", theirs)
		}
	})
}
