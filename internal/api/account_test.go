package api_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/mail/mailtest"
	"github.com/pilotodevendas/piloto/internal/store"
)

var outboxLink = regexp.MustCompile(`http://\S+\?token=[A-Za-z0-9_-]+`)

// waitOutbox polls the development mailbox for a mail to `to` with subject.
func waitOutbox(t *testing.T, c *apptest.Client, to, subject string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		r := c.Do("GET", "/api/v1/dev/outbox", nil)
		mustStatus(t, r, 200)
		var list struct {
			Items []struct{ To, Subject, Text string }
		}
		r.JSON(&list)
		for _, m := range list.Items {
			if m.To == to && strings.Contains(m.Subject, subject) {
				return m.Text
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no mail to %s about %q in the outbox", to, subject)
	return ""
}

func tokenIn(t *testing.T, text string) string {
	t.Helper()
	u, err := url.Parse(outboxLink.FindString(text))
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("no link in %q", text)
	}
	return u.Query().Get("token")
}

// In development without SMTP, mail lands in the outbox; the reset flow
// works over HTTP and answers the same for unknown emails.
func TestAccountOverHTTP(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		c := srv.NewClient(t)
		mustStatus(t, c.Do("POST", "/api/v1/auth/signup", signupBody), 201)
		verify := waitOutbox(t, c, "ana@example.com", "Confirme seu e-mail")
		r := c.Do("POST", "/api/v1/auth/verify-email", map[string]string{"token": tokenIn(t, verify)})
		mustStatus(t, r, 200)
		mustStatus(t, c.Do("POST", "/api/v1/auth/verify-email/resend", nil), 400) // verified already

		anon := srv.NewClient(t)
		known := anon.Do("POST", "/api/v1/auth/password-reset", map[string]string{"email": "ana@example.com"})
		unknown := anon.Do("POST", "/api/v1/auth/password-reset", map[string]string{"email": "zoe@example.com"})
		if known.StatusCode != 202 || unknown.StatusCode != 202 || string(known.Body) != string(unknown.Body) {
			t.Fatalf("reset answers differ: %d %s / %d %s", known.StatusCode, known.Body, unknown.StatusCode, unknown.Body)
		}
		token := tokenIn(t, waitOutbox(t, c, "ana@example.com", "Redefina"))
		r = anon.Do("POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": token, "password": "nova-senha-forte-9"})
		mustStatus(t, r, 200)
		if anon.Cookie(api.AccessCookie) == "" || anon.Cookie(api.DeviceCookie) == "" {
			t.Fatal("the reset did not sign this browser in")
		}
		mustStatus(t, c.Do("GET", "/api/v1/auth/me", nil), 401) // every other session ended
		mustStatus(t, anon.Do("POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": token, "password": "outra-senha-forte-1"}), 400)

		// My sessions: list, and end the other one.
		other := srv.NewClient(t)
		mustStatus(t, other.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "nova-senha-forte-9"}), 200)
		r = anon.Do("GET", "/api/v1/account/sessions", nil)
		mustStatus(t, r, 200)
		var list struct {
			Items []struct {
				ID      string
				Current bool
			}
		}
		r.JSON(&list)
		if len(list.Items) != 2 {
			t.Fatalf("sessions: %s", r.Body)
		}
		for _, s := range list.Items {
			if !s.Current {
				mustStatus(t, anon.Do("DELETE", "/api/v1/account/sessions/"+s.ID, nil), 204)
			}
		}
		mustStatus(t, other.Do("GET", "/api/v1/auth/me", nil), 401)
		mustStatus(t, anon.Do("GET", "/api/v1/auth/me", nil), 200)
		mustStatus(t, anon.Do("DELETE", "/api/v1/account/sessions/not-an-id", nil), 404)
	})
}

// With SMTP configured the outbox route does not exist, and mail goes out
// over SMTP.
func TestOutboxOnlyWithoutSMTP(t *testing.T) {
	smtp := mailtest.MustStart(t)
	srv := apptest.MustRun(t, store.SQLite, func(c *config.Config) { c.SMTPURL = smtp.URL })
	c := srv.NewClient(t)
	mustStatus(t, c.Do("GET", "/api/v1/dev/outbox", nil), 404)
	mustStatus(t, c.Do("POST", "/api/v1/auth/signup", signupBody), 201)
	m := smtp.Wait(t, "ana@example.com", "Confirme seu e-mail")
	if !strings.HasPrefix(m.Link(), srv.Main.Config.AppURL+"/verificar-email?token=") {
		t.Fatalf("link %q does not point at the app", m.Link())
	}
}
