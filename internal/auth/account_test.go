package auth_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/mail/mailtest"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// tokenOf returns the token of the link in a mail, checking the link's path.
func tokenOf(t *testing.T, m mailtest.Message, path string) string {
	t.Helper()
	u, err := url.Parse(m.Link())
	if err != nil || u.Path != path || u.Query().Get("token") == "" {
		t.Fatalf("link %q in %q is not to %s with a token", m.Link(), m.Subject, path)
	}
	if !strings.Contains(m.HTML, u.String()) {
		t.Fatalf("the HTML part lacks the link %s", u)
	}
	return u.Query().Get("token")
}

func wantInvalidToken(t *testing.T, err error) {
	t.Helper()
	if e, ok := err.(*piloto.Error); !ok || e.Code != piloto.EINVALID || e.Fields["token"] == "" {
		t.Fatalf("err = %v, want an invalid token", err)
	}
}

func TestEmailVerification(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, "ana@example.com")
		if g.Identity.User.EmailVerifiedAt != nil {
			t.Fatal("verified at sign-up")
		}
		m := f.smtp.Wait(t, "ana@example.com", "Confirme seu e-mail")
		if !strings.Contains(m.Text, "Ana Souza") || !strings.Contains(m.HTML, "Confirmar e-mail") {
			t.Fatalf("mail = %q", m.Text)
		}
		token := tokenOf(t, m, "/verificar-email")

		wantInvalidToken(t, func() error { _, err := f.svc.VerifyEmail(ctx, token+"x"); return err }())
		u, err := f.svc.VerifyEmail(ctx, token)
		if err != nil || u.EmailVerifiedAt == nil {
			t.Fatalf("verify = %+v, %v", u, err)
		}
		wantInvalidToken(t, func() error { _, err := f.svc.VerifyEmail(ctx, token); return err }())

		// A fresh link expires after 48 hours.
		other := f.mustSignup(t, "bia@example.com")
		late := tokenOf(t, f.smtp.Wait(t, "bia@example.com", "Confirme seu e-mail"), "/verificar-email")
		f.clock.Advance(48*time.Hour + time.Second)
		wantInvalidToken(t, func() error { _, err := f.svc.VerifyEmail(ctx, late); return err }())
		id, _ := f.svc.Authenticate(ctx, other.AccessToken)
		if id != nil && id.User.EmailVerifiedAt != nil {
			t.Fatal("expired link verified the email")
		}
	})
}

// A reset request for a known and an unknown email answer the same and each
// enqueue one job; only the known one gets mail. The reset ends every
// session; its link works once, for an hour.
func TestPasswordReset(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		g := f.mustSignup(t, "ana@example.com")
		f.smtp.Wait(t, "ana@example.com", "Confirme")
		countJobs := func() int {
			var n int
			if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'account_mail'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := countJobs()
		errKnown := f.svc.RequestPasswordReset(ctx, "ana@example.com", auth.Client{})
		errUnknown := f.svc.RequestPasswordReset(ctx, "zoe@example.com", auth.Client{})
		if errKnown != nil || errUnknown != nil {
			t.Fatalf("reset requests: %v, %v", errKnown, errUnknown)
		}
		if n := countJobs() - before; n != 2 {
			t.Fatalf("%d jobs enqueued, want one per request", n)
		}
		token := tokenOf(t, f.smtp.Wait(t, "ana@example.com", "Redefina sua senha"), "/redefinir-senha")

		if _, err := f.svc.ResetPassword(ctx, token, "password", auth.Client{}); piloto.ErrorCode(err) != piloto.EINVALID {
			t.Fatalf("common password accepted: %v", err)
		}
		g2, err := f.svc.ResetPassword(ctx, token, "nova-senha-forte-9", auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, g.AccessToken); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("old session after reset: %v", err)
		}
		if _, err := f.svc.Refresh(ctx, g.RefreshToken, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("old refresh after reset: %v", err)
		}
		if _, err := f.svc.Authenticate(ctx, g2.AccessToken); err != nil {
			t.Fatalf("the session the reset opened: %v", err)
		}
		if _, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: "nova-senha-forte-9"}, auth.Client{}); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
		if _, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{}); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("login with the old password: %v", err)
		}
		wantInvalidToken(t, func() error {
			_, err := f.svc.ResetPassword(ctx, token, "outra-senha-forte-1", auth.Client{})
			return err
		}())
		f.smtp.Wait(t, "ana@example.com", "foi alterada")

		// Only the newest link works, and only for an hour.
		f.svc.RequestPasswordReset(ctx, "ana@example.com", auth.Client{})
		first := waitForNewToken(t, f, "ana@example.com", "Redefina", token)
		f.svc.RequestPasswordReset(ctx, "ana@example.com", auth.Client{})
		second := waitForNewToken(t, f, "ana@example.com", "Redefina", first)
		wantInvalidToken(t, func() error {
			_, err := f.svc.ResetPassword(ctx, first, "outra-senha-forte-1", auth.Client{})
			return err
		}())
		f.clock.Advance(time.Hour + time.Second)
		wantInvalidToken(t, func() error {
			_, err := f.svc.ResetPassword(ctx, second, "outra-senha-forte-1", auth.Client{})
			return err
		}())
		for _, m := range f.smtp.Messages() {
			if m.To == "zoe@example.com" {
				t.Fatal("a reset mail went to an unknown address")
			}
		}
	})
}

// waitForNewToken waits for a mail whose link token is not old.
func waitForNewToken(t *testing.T, f *fixture, to, subject, old string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		msgs := f.smtp.Messages()
		for i := len(msgs) - 1; i >= 0; i-- {
			m := msgs[i]
			if m.To != to || !strings.Contains(m.Subject, subject) {
				continue
			}
			if u, err := url.Parse(m.Link()); err == nil && u.Query().Get("token") != old {
				tok := u.Query().Get("token")
				seen := false
				for _, n := range msgs[:i] {
					seen = seen || strings.Contains(n.Text, tok)
				}
				if !seen {
					return tok
				}
			}
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no new %q mail to %s", subject, to)
	return ""
}

func TestChangePasswordAndEmail(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		here := f.mustSignup(t, "ana@example.com")
		there, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword}, auth.Client{})
		if err != nil {
			t.Fatal(err)
		}
		id, _ := f.svc.Authenticate(ctx, here.AccessToken)

		err = f.svc.ChangePassword(ctx, id, auth.ChangePasswordRequest{CurrentPassword: "errada-1234", NewPassword: "nova-senha-forte-9"}, auth.Client{})
		if e, ok := err.(*piloto.Error); !ok || e.Fields["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := f.svc.ChangePassword(ctx, id, auth.ChangePasswordRequest{CurrentPassword: goodPassword, NewPassword: "nova-senha-forte-9", EndOtherSessions: true}, auth.Client{IP: "203.0.113.5"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, there.AccessToken); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("other session after the change: %v", err)
		}
		if _, err := f.svc.Authenticate(ctx, here.AccessToken); err != nil {
			t.Fatalf("this session after the change: %v", err)
		}
		if m := f.smtp.Wait(t, "ana@example.com", "foi alterada"); !strings.Contains(m.Text, "203.0.113.5") {
			t.Fatalf("password-changed mail = %q", m.Text)
		}

		f.mustSignup(t, "bia@example.com")
		id, _ = f.svc.Authenticate(ctx, here.AccessToken)
		for _, tc := range []struct {
			req   auth.ChangeEmailRequest
			field string
		}{
			{auth.ChangeEmailRequest{Password: "nova-senha-forte-9", NewEmail: "nope"}, "new_email"},
			{auth.ChangeEmailRequest{Password: "nova-senha-forte-9", NewEmail: "BIA@example.com"}, "new_email"},
			{auth.ChangeEmailRequest{Password: goodPassword, NewEmail: "ana.nova@example.com"}, "password"},
		} {
			err := f.svc.RequestEmailChange(ctx, id, tc.req)
			if e, ok := err.(*piloto.Error); !ok || e.Fields[tc.field] == "" {
				t.Fatalf("%+v: err = %v, want a message on %s", tc.req, err, tc.field)
			}
		}
		if err := f.svc.RequestEmailChange(ctx, id, auth.ChangeEmailRequest{Password: "nova-senha-forte-9", NewEmail: "Ana.Nova@example.com"}); err != nil {
			t.Fatal(err)
		}
		token := tokenOf(t, f.smtp.Wait(t, "ana.nova@example.com", "novo e-mail"), "/verificar-email")
		u, err := f.svc.VerifyEmail(ctx, token)
		if err != nil || u.Email != "ana.nova@example.com" || u.EmailVerifiedAt == nil {
			t.Fatalf("after the change: %+v, %v", u, err)
		}
		if _, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana.nova@example.com", Password: "nova-senha-forte-9"}, auth.Client{}); err != nil {
			t.Fatalf("login with the new email: %v", err)
		}
	})
}

// A login from a browser the account has not used mails the user, once.
func TestNewDeviceMail(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, err := f.svc.Signup(ctx, auth.SignupRequest{Name: "Ana", Email: "ana@example.com", Password: goodPassword, Organization: "Loja"},
			auth.Client{Device: "browser-one-0123456789abcdef0123456789", UserAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/150.0 Safari/537.36"})
		if err != nil {
			t.Fatal(err)
		}
		login := func(device string) {
			t.Helper()
			if _, err := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword},
				auth.Client{Device: device, IP: "198.51.100.4", UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"}); err != nil {
				t.Fatal(err)
			}
		}
		login("browser-one-0123456789abcdef0123456789")
		login("browser-two-0123456789abcdef0123456789")
		login("browser-two-0123456789abcdef0123456789")
		m := f.smtp.Wait(t, "ana@example.com", "Novo acesso")
		if !strings.Contains(m.Text, "Safari no iPhone") || !strings.Contains(m.Text, "198.51.100.4") {
			t.Fatalf("new-device mail = %q", m.Text)
		}
		time.Sleep(300 * time.Millisecond) // let any further job run
		n := 0
		for _, m := range f.smtp.Messages() {
			if strings.Contains(m.Subject, "Novo acesso") {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d new-device mails, want 1", n)
		}
	})
}

func TestSessionsList(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		here := f.mustSignup(t, "ana@example.com")
		there, _ := f.svc.Login(ctx, auth.LoginRequest{Email: "ana@example.com", Password: goodPassword},
			auth.Client{UserAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/150.0 Mobile Safari/537.36", IP: "198.51.100.7"})
		id, _ := f.svc.Authenticate(ctx, here.AccessToken)
		list, err := f.svc.Sessions(ctx, id)
		if err != nil || len(list) != 2 {
			t.Fatalf("sessions = %+v, %v", list, err)
		}
		current := 0
		for _, s := range list {
			if s.Current {
				current++
				if s.ID != here.Identity.Session.ID {
					t.Fatal("the wrong session is marked current")
				}
			} else if s.Device != "Chrome no Android" || s.IP != "198.51.100.7" {
				t.Fatalf("other session = %+v", s)
			}
		}
		if current != 1 {
			t.Fatalf("%d current sessions", current)
		}
		if err := f.svc.EndSession(ctx, id, there.Identity.Session.ID, auth.Client{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, there.AccessToken); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Fatalf("ended session: %v", err)
		}
		// Another user's session is not found, not ended.
		bia := f.mustSignup(t, "bia@example.com")
		if err := f.svc.EndSession(ctx, id, bia.Identity.Session.ID, auth.Client{}); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("ending another user's session: %v", err)
		}
	})
}
