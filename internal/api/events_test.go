package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
)

type sse struct {
	ID    int64
	Kind  string
	Data  string
	Ended string // the reason of an end event
}

// stream opens the event stream of a signed-in client and returns its events
// as they arrive; closing ctx drops the connection.
func stream(t *testing.T, ctx context.Context, srv *apptest.Server, c *apptest.Client, lastID int64) <-chan sse {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/events", nil)
	req.AddCookie(&http.Cookie{Name: api.AccessCookie, Value: c.Cookie(api.AccessCookie)})
	if lastID > 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(lastID, 10))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan sse, 1000)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		var e sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				e.ID, _ = strconv.ParseInt(line[4:], 10, 64)
			case strings.HasPrefix(line, "event: "):
				e.Kind = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.Data = line[6:]
			case line == "" && e.Kind != "":
				if e.Kind == "end" {
					var r struct{ Reason string }
					json.Unmarshal([]byte(e.Data), &r)
					e.Ended = r.Reason
				}
				out <- e
				e = sse{}
			}
		}
	}()
	return out
}

func next(t *testing.T, ch <-chan sse) sse {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the stream closed")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return sse{}
}

func rename(t *testing.T, c *apptest.Client, name string) {
	t.Helper()
	mustStatus(t, c.Do("PATCH", "/api/v1/organization", map[string]string{"name": name}), 200)
}

func TestEventStream(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, sess := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		outsider, _ := signup(t, srv, "Zoe", "zoe@example.com", "Loja Z")
		rename(t, owner, "antes do stream") // an old event: a new stream does not replay it

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		events := stream(t, ctx, srv, owner, 0)
		theirs := stream(t, context.Background(), srv, outsider, 0)

		// Events arrive in order.
		var seen []int64
		for i := range 5 {
			rename(t, owner, "Loja "+strconv.Itoa(i))
			e := next(t, events)
			if e.Kind != "organization.updated" || !strings.Contains(e.Data, `"name":"Loja `+strconv.Itoa(i)+`"`) {
				t.Fatalf("event %d = %+v", i, e)
			}
			seen = append(seen, e.ID)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] <= seen[i-1] {
				t.Fatalf("ids out of order: %v", seen)
			}
		}

		// Leave ids unused, as a transaction that takes ids and commits late
		// does; one of them is committed at the end.
		db := mustStoreOf(t, srv)
		gap := makeGap(t, db)

		// Drop the connection mid-burst; resume from the last id received.
		had := map[int64]string{}
		nameOf := func(e sse) string {
			var ev struct{ Payload struct{ Name string } }
			json.Unmarshal([]byte(e.Data), &ev)
			return ev.Payload.Name
		}
		for i := range 10 {
			rename(t, owner, "rajada "+strconv.Itoa(i))
			if i == 3 {
				e := next(t, events)
				had[e.ID] = nameOf(e)
				cancel()
			}
		}
		for e := range events { // what had reached the client before the drop
			had[e.ID] = nameOf(e)
		}
		var last int64
		for id := range had {
			last = max(last, id)
		}
		seen = append(seen, last)
		resumed := stream(t, context.Background(), srv, owner, last)
		var newIDs []int64
		complete := func() bool {
			names := map[string]bool{}
			for _, n := range had {
				names[n] = true
			}
			for i := range 10 {
				if !names["rajada "+strconv.Itoa(i)] {
					return false
				}
			}
			return true
		}
		for !complete() {
			e := next(t, resumed)
			if _, dup := had[e.ID]; dup {
				continue // the overlap window: the client drops ids it has
			}
			had[e.ID] = nameOf(e)
			newIDs = append(newIDs, e.ID)
		}
		for i := 1; i < len(newIDs); i++ {
			if newIDs[i] <= newIDs[i-1] {
				t.Fatalf("resumed events out of order: %v", newIDs)
			}
		}

		// An event committed late, with an id below ones already sent, still
		// arrives.
		late := gap + 5
		if late >= newIDs[len(newIDs)-1] {
			t.Fatalf("test setup: the late id %d is not below the newest sent, %d", late, newIDs[len(newIDs)-1])
		}
		if _, err := db.Writer().Exec(`INSERT INTO events (id, organization_id, kind, subject_id, payload, min_role, created_at)
			VALUES ($1, $2, 'test.late', '', '{}', 'member', $3)`, late, sess.Organization.ID, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		rename(t, owner, "depois do atrasado") // wakes the stream
		found := false
		for !found {
			e := next(t, resumed)
			found = e.ID == late
		}

		// The other organization never saw any of it.
		select {
		case e := <-theirs:
			t.Fatalf("another organization received %+v", e)
		case <-time.After(200 * time.Millisecond):
		}
	})
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func mustStoreOf(t *testing.T, srv *apptest.Server) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), srv.Main.Config.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// makeGap skips ten ids of the events table and returns the id before them.
func makeGap(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var before int64
	q := `SELECT setval('events_id_seq', nextval('events_id_seq') + 10) - 11`
	if db.Dialect == store.SQLite {
		if _, err := db.Writer().Exec(`UPDATE sqlite_sequence SET seq = seq + 10 WHERE name = 'events'`); err != nil {
			t.Fatal(err)
		}
		q = `SELECT seq - 10 FROM sqlite_sequence WHERE name = 'events'`
	}
	if err := db.Writer().QueryRow(q).Scan(&before); err != nil {
		t.Fatal(err)
	}
	return before
}

// A removed member's stream ends at once, saying why; so does one whose
// access token expires.
func TestEventStreamEnds(t *testing.T) {
	forEachServerWith(t, func(c *config.Config) { c.AccessTokenTTL = 10 * time.Second }, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		_, token := invite(t, owner, "bia@example.com", "member")
		bia := srv.NewClient(t)
		r := bia.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"})
		mustStatus(t, r, 201)
		var s api.SessionResponse
		r.JSON(&s)
		events := stream(t, context.Background(), srv, bia, 0)
		mustStatus(t, owner.Do("DELETE", "/api/v1/members/"+s.User.ID, nil), 204)
		for {
			e := next(t, events)
			if e.Kind == "end" {
				if e.Ended != "revoked" {
					t.Fatalf("ended with %q", e.Ended)
				}
				break
			}
		}
	})
}

// Events with a minimum role reach only members with it.
func TestEventStreamRoles(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		owner, _ := signup(t, srv, "Ana", "ana@example.com", "Loja A")
		_, token := invite(t, owner, "bia@example.com", "member")
		bia := srv.NewClient(t)
		mustStatus(t, bia.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"}), 201)
		ownerEvents := stream(t, context.Background(), srv, owner, 0)
		memberEvents := stream(t, context.Background(), srv, bia, 0)
		mustStatus(t, owner.Do("POST", "/api/v1/invitations", map[string]string{"email": "caio@example.com", "role": "member"}), 201)
		rename(t, owner, "depois do convite")
		if e := next(t, ownerEvents); e.Kind != "invitations.changed" {
			t.Fatalf("owner got %+v first", e)
		}
		if e := next(t, memberEvents); e.Kind != "organization.updated" {
			t.Fatalf("a member got %+v: invitations are for admins", e)
		}
	})
}

// Two instances on one PostgreSQL: an event written through one reaches a
// client of the other at once (LISTEN/NOTIFY), well before the 5 s poll.
func TestEventStreamAcrossInstances(t *testing.T) {
	one := apptest.MustRun(t, store.Postgres, nil)
	two := apptest.MustRun(t, store.Postgres, func(c *config.Config) { c.DatabaseURL = one.Main.Config.DatabaseURL })
	owner, _ := signup(t, one, "Ana", "ana@example.com", "Loja A")
	other := two.NewClient(t)
	mustStatus(t, other.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}), 200)
	events := stream(t, context.Background(), two, other, 0)
	start := time.Now()
	rename(t, owner, "pela instância um")
	e := next(t, events)
	if e.Kind != "organization.updated" || !strings.Contains(e.Data, "pela instância um") {
		t.Fatalf("got %+v", e)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the event took %s: the notification did not arrive, the poll did", took)
	}
}
