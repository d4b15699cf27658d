package whatsapp_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

var link = regexp.MustCompile(`https?://\S+token=\S+`)

// invite invites email as a member and returns the token of the mail's
// link (the development outbox).
func invite(t *testing.T, by *apptest.Client, email string) (string, string) {
	t.Helper()
	mustStatus(t, by.Do("POST", "/api/v1/invitations", map[string]string{"email": email, "role": "member"}), 201)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var list struct{ Items []struct{ To, Text string } }
		by.Do("GET", "/api/v1/dev/outbox", nil).JSON(&list)
		for _, m := range list.Items {
			if m.To == email {
				u, err := url.Parse(link.FindString(m.Text))
				if err == nil && u.Query().Get("token") != "" {
					return email, u.Query().Get("token")
				}
			}
		}
	}
	t.Fatalf("no invitation mail to %s", email)
	return "", ""
}

func graphNumber(id, token string) graphtest.Number {
	return graphtest.Number{ID: id, Token: token, Display: "+55 62 3333-0000", VerifiedName: "Loja"}
}

// TestChannels: create with field errors, the token never shown, a test
// that proves the number, a token Meta calls invalid (190) shown on the
// channel, a new token un-proving it, members reading but not changing,
// and a channel with conversations not deleted.
func TestChannels(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "9001", false)
		c := x.owner

		r := c.Do("POST", "/api/v1/channels", map[string]any{"name": "", "phone_number_id": "12a", "access_token": "com espaço"})
		if r.StatusCode != 400 {
			t.Fatalf("bad input: %d %s", r.StatusCode, r.Body)
		}
		for _, f := range []string{`"name"`, `"phone_number_id"`, `"access_token"`} {
			if !strings.Contains(string(r.Body), f) {
				t.Errorf("no error for %s: %s", f, r.Body)
			}
		}
		r = c.Do("POST", "/api/v1/channels", map[string]any{"name": "Loja", "phone_number_id": "9002", "access_token": "EAAGx", "app_secret": "s"})
		if r.StatusCode != 400 || !strings.Contains(string(r.Body), `"verify_token"`) {
			t.Errorf("app secret without verify token: %d %s", r.StatusCode, r.Body)
		}

		r = c.Do("GET", "/api/v1/channels/"+x.channel, nil)
		mustStatus(t, r, 200)
		body := string(r.Body)
		if strings.Contains(body, x.token) || !strings.Contains(body, `"token_hint":"…`+x.token[len(x.token)-4:]+`"`) ||
			!strings.Contains(body, `"proven_at":null`) || strings.Contains(body, `"verify_token"`) || !strings.Contains(body, `"own_app":false`) {
			t.Fatalf("channel: %s", body)
		}
		r = c.Do("GET", "/api/v1/channels", nil)
		if !strings.Contains(string(r.Body), x.channel) || strings.Contains(string(r.Body), x.token) {
			t.Fatalf("list: %s", r.Body)
		}

		// Proven, with Meta's name for the number.
		r = c.Do("POST", "/api/v1/channels/"+x.channel+"/test", nil)
		if !strings.Contains(string(r.Body), `"ok":true`) || !strings.Contains(string(r.Body), `"verified_name":"Loja Ana"`) {
			t.Fatalf("test: %s", r.Body)
		}
		r = c.Do("GET", "/api/v1/channels/"+x.channel, nil)
		if strings.Contains(string(r.Body), `"proven_at":null`) || !strings.Contains(string(r.Body), `"verified_name":"Loja Ana"`) {
			t.Fatalf("after the test: %s", r.Body)
		}

		// Meta says the token expired: the channel shows it.
		w.graph.ExpireToken(x.token)
		r = c.Do("POST", "/api/v1/channels/"+x.channel+"/test", nil)
		if !strings.Contains(string(r.Body), `"ok":false`) || !strings.Contains(string(r.Body), `"code":190`) {
			t.Fatalf("expired: %s", r.Body)
		}
		r = c.Do("GET", "/api/v1/channels/"+x.channel, nil)
		if !strings.Contains(string(r.Body), `"token_error":"A Meta recusou o token`) {
			t.Fatalf("token error not shown: %s", r.Body)
		}
		// A new token clears the error and must be proven again.
		w.graph.AddNumber(graphNumber(x.number, "EAAGnovo12345"))
		r = c.Do("PATCH", "/api/v1/channels/"+x.channel, map[string]any{"access_token": "EAAGnovo12345"})
		mustStatus(t, r, 200)
		if !strings.Contains(string(r.Body), `"proven_at":null`) || !strings.Contains(string(r.Body), `"token_error":""`) ||
			!strings.Contains(string(r.Body), `"token_hint":"…2345"`) {
			t.Fatalf("new token: %s", r.Body)
		}
		r = c.Do("POST", "/api/v1/channels/"+x.channel+"/test", nil)
		if !strings.Contains(string(r.Body), `"ok":true`) {
			t.Fatalf("test with the new token: %s", r.Body)
		}

		// Members read, do not change.
		_, token := invite(t, c, "bia@example.com")
		bia := w.srv.NewClient(t)
		mustStatus(t, bia.Do("POST", "/api/v1/invitations/accept-new", map[string]string{"token": token, "name": "Bia", "password": "outra-senha-boa-7"}), 201)
		mustStatus(t, bia.Do("GET", "/api/v1/channels/"+x.channel, nil), 200)
		mustStatus(t, bia.Do("PATCH", "/api/v1/channels/"+x.channel, map[string]any{"name": "Outro"}), 403)
		mustStatus(t, bia.Do("POST", "/api/v1/channels/"+x.channel+"/test", nil), 403)

		// With a conversation, not deleted; without, deleted.
		if s, _ := w.post("/webhooks/whatsapp", appSecret, text(x, "5562999990009", "wamid.keep", "Oi")); s != 200 {
			t.Fatal(s)
		}
		mustStatus(t, c.Do("DELETE", "/api/v1/channels/"+x.channel, nil), 409)
		r = c.Do("POST", "/api/v1/channels", map[string]any{"name": "Vazio", "phone_number_id": "9003", "access_token": "EAAGvazio1234"})
		mustStatus(t, r, 201)
		var empty struct{ ID string }
		r.JSON(&empty)
		mustStatus(t, c.Do("DELETE", "/api/v1/channels/"+empty.ID, nil), 204)
		mustStatus(t, c.Do("GET", "/api/v1/channels/"+empty.ID, nil), 404)

		// The audit log has the changes, never the token.
		r = c.Do("GET", "/api/v1/audit-events", nil)
		if !strings.Contains(string(r.Body), "whatsapp.channel_created") || !strings.Contains(string(r.Body), "whatsapp.channel_updated") ||
			!strings.Contains(string(r.Body), "whatsapp.channel_deleted") || strings.Contains(string(r.Body), "EAAGnovo12345") {
			t.Errorf("audit: %s", r.Body)
		}
	})
}
