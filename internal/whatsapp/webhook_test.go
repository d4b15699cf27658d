package whatsapp_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

const (
	appSecret   = "segredo-do-app-da-plataforma"
	verifyToken = "token-de-verificacao-da-plataforma"
)

// world is a running server with the platform's Meta app, a local Graph
// API and organizations with proven channels.
type world struct {
	t     *testing.T
	srv   *apptest.Server
	graph *graphtest.Server
	db    *store.DB
}

// tenant is an organization, its owner and its WhatsApp channel.
type tenant struct {
	owner   *apptest.Client
	org     string
	channel string
	number  string
	token   string
}

func forEachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, newWorld(t, d))
		})
	}
}

func newWorld(t *testing.T, d store.Dialect) *world {
	return newWorldWith(t, d, nil)
}

// newWorldWith is newWorld with more configuration.
func newWorldWith(t *testing.T, d store.Dialect, mutate func(*config.Config)) *world {
	t.Helper()
	w := &world{t: t, graph: graphtest.New(t)}
	w.srv = apptest.MustRunWith(t, d, apptest.Options{Config: func(c *config.Config) {
		c.WhatsAppAppSecret, c.WhatsAppVerifyToken, c.WhatsAppGraphURL = appSecret, verifyToken, w.graph.URL
		c.WhatsAppDebounce = 30 * time.Second // reply jobs stay scheduled during a test
		if mutate != nil {
			mutate(c)
		}
	}})
	db, err := store.Open(context.Background(), w.srv.Main.Config.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w.db = db
	return w
}

func mustStatus(t *testing.T, r *apptest.Response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d: %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
}

// newTenant signs up an organization and adds a channel for number; when
// prove, "Testar conexão" proves it against the local Graph API.
func (w *world) newTenant(name, number string, prove bool) *tenant {
	t := w.t
	t.Helper()
	c := w.srv.NewClient(t)
	r := c.Do("POST", "/api/v1/auth/signup", map[string]string{
		"name": name, "email": strings.ToLower(name) + "-" + number + "@example.com", "password": "cavalo-bateria-grampo", "organization": "Loja " + name,
	})
	mustStatus(t, r, 201)
	var s struct{ Organization struct{ ID string } }
	r.JSON(&s)
	x := &tenant{owner: c, org: s.Organization.ID, number: number, token: "EAAG" + strings.Repeat(number, 3)}
	w.graph.AddNumber(graphtest.Number{ID: number, Token: x.token, Display: "+55 62 3333-" + number[len(number)-4:], VerifiedName: "Loja " + name})
	r = c.Do("POST", "/api/v1/agents", map[string]string{"name": "Sol"})
	mustStatus(t, r, 201)
	var ag struct{ ID string }
	r.JSON(&ag)
	r = c.Do("POST", "/api/v1/channels", map[string]any{"name": "Comercial", "phone_number_id": number,
		"access_token": x.token, "agent_id": ag.ID})
	mustStatus(t, r, 201)
	var ch struct{ ID string }
	r.JSON(&ch)
	x.channel = ch.ID
	if prove {
		r = c.Do("POST", "/api/v1/channels/"+x.channel+"/test", nil)
		mustStatus(t, r, 200)
		if !strings.Contains(string(r.Body), `"ok":true`) {
			t.Fatalf("test: %s", r.Body)
		}
	}
	return x
}

// post signs body with secret and posts it to path.
func (w *world) post(path, secret string, body []byte) (int, string) {
	w.t.Helper()
	resp, err := graphtest.PostWebhook(context.Background(), w.srv.URL+path, secret, body)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// count runs a COUNT(*) query.
func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.Reader().QueryRow(query, args...).Scan(&n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (w *world) messages(orgID string) int {
	return w.count(`SELECT COUNT(*) FROM messages WHERE organization_id = $1`, orgID)
}

func (w *world) replyJobs(orgID string) int {
	return w.count(`SELECT COUNT(*) FROM river_job WHERE kind = 'whatsapp_reply' AND CAST(args AS TEXT) LIKE $1`, "%"+orgID+"%")
}

func text(x *tenant, waID, wamid, body string) []byte {
	return graphtest.TextMessage(x.number, "+55 62 3333-0000", waID, "Carla", wamid, body, time.Now())
}

func TestVerifyEndpoint(t *testing.T) {
	w := newWorld(t, store.SQLite)
	get := func(path string) (int, string, string) {
		resp, err := http.Get(w.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	status, ct, body := get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + verifyToken + "&hub.challenge=1158201444")
	if status != 200 || !strings.HasPrefix(ct, "text/plain") || body != "1158201444" {
		t.Fatalf("right token: %d %q %q", status, ct, body)
	}
	for _, q := range []string{"hub.mode=subscribe&hub.verify_token=errado&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=" + verifyToken + "&hub.challenge=1",
		"hub.challenge=1", ""} {
		if status, _, body := get("/webhooks/whatsapp?" + q); status != 403 || strings.Contains(body, "1") && q != "" {
			t.Errorf("%q: %d %q", q, status, body)
		}
	}
}

// TestSignatures: the HMAC is over the raw bytes (accents and emoji
// included); a re-serialised body and five bad signature forms are refused
// and store nothing.
func TestSignatures(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "1001", true)
		body := text(x, "5562999990001", "wamid.acentos", "Olá! Quanto custa a instalação? 😊☀️")
		good := graphtest.Sign(appSecret, body)
		flipped := bytes.Clone(body)
		flipped[len(flipped)/2] ^= 1
		for _, c := range []struct {
			name      string
			body      []byte
			signature string
		}{
			{"re-serialised", graphtest.EscapeNonASCII(body), good},
			{"flipped byte", flipped, good},
			{"wrong secret", body, graphtest.Sign("outro-segredo", body)},
			{"missing header", body, ""},
			{"sha1 prefix", body, "sha1=" + strings.TrimPrefix(good, "sha256=")},
			{"not hex", body, "sha256=zz" + good[9:]},
			{"empty", body, "sha256="},
		} {
			req, _ := http.NewRequest("POST", w.srv.URL+"/webhooks/whatsapp", bytes.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			if c.signature != "" {
				req.Header.Set("X-Hub-Signature-256", c.signature)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 401 {
				t.Errorf("%s: status %d, want 401", c.name, resp.StatusCode)
			}
		}
		if n := w.messages(x.org) + w.count(`SELECT COUNT(*) FROM whatsapp_webhooks`); n != 0 {
			t.Fatalf("refused deliveries stored %d rows", n)
		}
		if status, _ := w.post("/webhooks/whatsapp", appSecret, body); status != 200 {
			t.Fatalf("raw bytes: %d", status)
		}
		var got string
		if err := w.db.Reader().QueryRow(`SELECT text FROM messages WHERE provider_message_id = 'wamid.acentos'`).Scan(&got); err != nil ||
			got != "Olá! Quanto custa a instalação? 😊☀️" {
			t.Fatalf("stored %q, %v", got, err)
		}
	})
}

// TestConcurrentDuplicates: Meta delivering one notification five times at
// once gets five 200s, one message and one reply job.
func TestConcurrentDuplicates(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "1002", true)
		body := text(x, "5562999990002", "wamid.dup", "Oi, tudo bem?")
		var wg sync.WaitGroup
		statuses := make([]int, 5)
		for i := range statuses {
			wg.Go(func() {
				resp, err := graphtest.PostWebhook(context.Background(), w.srv.URL+"/webhooks/whatsapp", appSecret, body)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			})
		}
		wg.Wait()
		for i, s := range statuses {
			if s != 200 {
				t.Errorf("delivery %d: %d", i, s)
			}
		}
		if n := w.messages(x.org); n != 1 {
			t.Errorf("%d messages", n)
		}
		if n := w.count(`SELECT COUNT(*) FROM contacts WHERE organization_id = $1`, x.org); n != 1 {
			t.Errorf("%d contacts", n)
		}
		if n := w.replyJobs(x.org); n != 1 {
			t.Errorf("%d reply jobs", n)
		}
		if n := w.count(`SELECT COUNT(*) FROM whatsapp_webhooks`); n != 5 {
			t.Errorf("%d payloads stored, want every delivery", n)
		}
	})
}

// TestRouting: entries go to the proven channel of their number; one POST
// may carry several tenants; an unknown or unproven number is dropped and
// counted; a number is proven by one channel only.
func TestRouting(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		a := w.newTenant("Ana", "2001", true)
		b := w.newTenant("Bia", "2002", true)
		unproven := w.newTenant("Caio", "2003", false)

		body := graphtest.Envelope(
			graphtest.Entry{Changes: []graphtest.Change{{PhoneNumberID: a.number, Contacts: []graphtest.Contact{{WaID: "5562999991111", Name: "Lead A"}},
				Messages: []graphtest.Message{{From: "5562999991111", ID: "wamid.a1", Type: "text", Text: "Oi A", Timestamp: time.Now()}}}}},
			graphtest.Entry{Changes: []graphtest.Change{
				{PhoneNumberID: b.number, Contacts: []graphtest.Contact{{WaID: "5562999992222", Name: "Lead B"}},
					Messages: []graphtest.Message{{From: "5562999992222", ID: "wamid.b1", Type: "text", Text: "Oi B", Timestamp: time.Now()}}},
				{PhoneNumberID: "9999", Messages: []graphtest.Message{{From: "5562999993333", ID: "wamid.x1", Type: "text", Text: "Perdido", Timestamp: time.Now()}}},
				{PhoneNumberID: unproven.number, Messages: []graphtest.Message{{From: "5562999994444", ID: "wamid.u1", Type: "text", Text: "Não provado", Timestamp: time.Now()}}},
			}},
		)
		if status, resp := w.post("/webhooks/whatsapp", appSecret, body); status != 200 {
			t.Fatalf("post: %d %s", status, resp)
		}
		var who string
		if err := w.db.Reader().QueryRow(`SELECT c.name FROM messages m JOIN conversations v ON v.id = m.conversation_id
			JOIN contacts c ON c.id = v.contact_id WHERE m.organization_id = $1`, a.org).Scan(&who); err != nil || who != "Lead A" {
			t.Errorf("A's message: %q %v", who, err)
		}
		if w.messages(a.org) != 1 || w.messages(b.org) != 1 || w.messages(unproven.org) != 0 {
			t.Errorf("messages: A %d, B %d, unproven %d", w.messages(a.org), w.messages(b.org), w.messages(unproven.org))
		}
		if n := w.count(`SELECT COALESCE(SUM(count), 0) FROM whatsapp_unrouted WHERE phone_number_id IN ('9999', $1)`, unproven.number); n != 2 {
			t.Errorf("unrouted count %d", n)
		}
		// The channel page shows the last webhook.
		r := a.owner.Do("GET", "/api/v1/channels/"+a.channel, nil)
		if !strings.Contains(string(r.Body), `"last_webhook_at":"20`) {
			t.Errorf("channel: %s", r.Body)
		}

		// Another organization claiming A's proven number: saved, never
		// proven, never routed.
		thief := w.newTenant("Davi", "2004", false)
		w.graph.AddNumber(graphtest.Number{ID: a.number, Token: "EAAGladrao", Display: "+55", VerifiedName: "Ladrão"})
		r = thief.owner.Do("PATCH", "/api/v1/channels/"+thief.channel, map[string]string{"phone_number_id": a.number, "access_token": "EAAGladrao"})
		mustStatus(t, r, 200)
		r = thief.owner.Do("POST", "/api/v1/channels/"+thief.channel+"/test", nil)
		if r.StatusCode != 409 {
			t.Fatalf("second proof of a number: %d %s", r.StatusCode, r.Body)
		}
		if status, _ := w.post("/webhooks/whatsapp", appSecret, text(a, "5562999991111", "wamid.a2", "De novo")); status != 200 {
			t.Fatal(status)
		}
		if w.messages(a.org) != 2 || w.messages(thief.org) != 0 {
			t.Errorf("after the claim: A %d, thief %d", w.messages(a.org), w.messages(thief.org))
		}
	})
}

// TestOwnAppEndpoint: a tenant's own Meta app signs with its own secret, to
// its own endpoint, which takes only its own number.
func TestOwnAppEndpoint(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		a := w.newTenant("Ana", "3001", true)
		b := w.newTenant("Bia", "3002", true)
		r := a.owner.Do("PATCH", "/api/v1/channels/"+a.channel, map[string]string{"app_secret": "segredo-da-ana-123", "verify_token": "verifica-ana"})
		mustStatus(t, r, 200)
		var ch struct {
			OwnApp      bool    `json:"own_app"`
			WebhookURL  string  `json:"webhook_url"`
			VerifyToken string  `json:"verify_token"`
			ProvenAt    *string `json:"proven_at"`
		}
		r.JSON(&ch)
		if !ch.OwnApp || !strings.HasSuffix(ch.WebhookURL, "/webhooks/whatsapp/"+a.channel) || ch.VerifyToken != "verifica-ana" || ch.ProvenAt == nil ||
			strings.Contains(string(r.Body), "segredo-da-ana") {
			t.Fatalf("channel: %s", r.Body)
		}
		own := "/webhooks/whatsapp/" + a.channel
		resp, err := http.Get(w.srv.URL + own + "?hub.mode=subscribe&hub.verify_token=verifica-ana&hub.challenge=42")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(got) != "42" {
			t.Fatalf("own verify: %d %q", resp.StatusCode, got)
		}
		// Its own number, signed by its own app: stored.
		if status, _ := w.post(own, "segredo-da-ana-123", text(a, "5562999995555", "wamid.own1", "Oi")); status != 200 || w.messages(a.org) != 1 {
			t.Fatalf("own number: %d, %d messages", status, w.messages(a.org))
		}
		// The platform's signature does not open the own endpoint.
		if status, _ := w.post(own, appSecret, text(a, "5562999995555", "wamid.own2", "Oi")); status != 401 {
			t.Errorf("platform signature on the own endpoint: %d", status)
		}
		// B's number through A's endpoint, signed by A's app: dropped, counted.
		if status, _ := w.post(own, "segredo-da-ana-123", text(b, "5562999996666", "wamid.inject", "Injetado")); status != 200 {
			t.Fatalf("injection: %d", status)
		}
		if w.messages(b.org) != 0 || w.messages(a.org) != 1 {
			t.Errorf("injection stored: A %d, B %d", w.messages(a.org), w.messages(b.org))
		}
		r = a.owner.Do("GET", "/api/v1/channels/"+a.channel, nil)
		if !strings.Contains(string(r.Body), `"dropped_entries":1`) {
			t.Errorf("dropped count: %s", r.Body)
		}
		// A's number on the shared endpoint is no longer A's way in.
		if status, _ := w.post("/webhooks/whatsapp", appSecret, text(a, "5562999995555", "wamid.shared", "Oi")); status != 200 || w.messages(a.org) != 1 {
			t.Errorf("shared endpoint for an own-app number: %d, %d messages", status, w.messages(a.org))
		}
	})
}

// TestStatusesNeverGoBack: statuses arrive out of order and move a sent
// message forward only; a failure keeps its code.
func TestStatusesNeverGoBack(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "4001", true)
		if status, _ := w.post("/webhooks/whatsapp", appSecret, text(x, "5562999997777", "wamid.in", "Oi")); status != 200 {
			t.Fatal(status)
		}
		// Two messages the agent sent (the outbound side will store them so).
		var convID string
		if err := w.db.Reader().QueryRow(`SELECT conversation_id FROM messages WHERE provider_message_id = 'wamid.in'`).Scan(&convID); err != nil {
			t.Fatal(err)
		}
		for i, id := range []string{"wamid.out1", "wamid.out2"} {
			if _, err := w.db.Writer().Exec(`INSERT INTO messages (id, organization_id, conversation_id, seq, direction, author, text,
				provider_message_id, status, created_at) VALUES ($1, $2, $3, $4, 'out', 'ai', 'Olá!', $5, 'pending', $6)`,
				fmt.Sprint("out-", i, "-", x.org), x.org, convID, 10+i, id, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		at := time.Now()
		status := func(id, s string, sec int, errs ...graphtest.StatusError) graphtest.Change {
			return graphtest.Change{PhoneNumberID: x.number, Statuses: []graphtest.Status{{ID: id, Status: s, RecipientID: "5562999997777",
				Timestamp: at.Add(time.Duration(sec) * time.Second), Errors: errs}}}
		}
		for _, c := range []graphtest.Change{
			status("wamid.out1", "read", 3), status("wamid.out1", "delivered", 2), status("wamid.out1", "sent", 1),
			status("wamid.out2", "sent", 1),
			status("wamid.out2", "failed", 2, graphtest.StatusError{Code: 131047, Title: "Re-engagement message",
				Message: "Re-engagement message", Details: "Message failed to send because more than 24 hours have passed"}),
			status("wamid.out2", "delivered", 3),
		} {
			if s, _ := w.post("/webhooks/whatsapp", appSecret, graphtest.Envelope(graphtest.Entry{Changes: []graphtest.Change{c}})); s != 200 {
				t.Fatal(s)
			}
		}
		row := func(id string) (string, string, bool, bool) {
			var st, e string
			var sent, read *time.Time
			if err := w.db.Reader().QueryRow(`SELECT status, error, sent_at, read_at FROM messages WHERE provider_message_id = $1`, id).Scan(&st, &e, &sent, &read); err != nil {
				t.Fatal(err)
			}
			return st, e, sent != nil, read != nil
		}
		if st, _, sent, read := row("wamid.out1"); st != "read" || !sent || !read {
			t.Errorf("out1: %s sent %v read %v", st, sent, read)
		}
		if st, e, _, _ := row("wamid.out2"); st != "failed" || !strings.HasPrefix(e, "131047 Re-engagement message") {
			t.Errorf("out2: %s %q", st, e)
		}
	})
}

// TestContactsAndTypes: a Brazilian number with and without the ninth
// digit is one contact; media and other types are stored and marked.
func TestContactsAndTypes(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "5001", true)
		change := graphtest.Change{PhoneNumberID: x.number, Contacts: []graphtest.Contact{{WaID: "556299998888", Name: "Rui"}},
			Messages: []graphtest.Message{
				{From: "556299998888", ID: "wamid.t1", Type: "text", Text: "Oi", Timestamp: time.Now()},
				{From: "5562999998888", ID: "wamid.t2", Type: "audio", Audio: &graphtest.Media{ID: "media-1", MimeType: "audio/ogg; codecs=opus", Voice: true}, Timestamp: time.Now()},
				{From: "5562999998888", ID: "wamid.t3", Type: "image", Image: &graphtest.Media{ID: "media-2", MimeType: "image/jpeg", Caption: "meu telhado"}, Timestamp: time.Now()},
				{From: "5562999998888", ID: "wamid.t4", Type: "location", Location: &graphtest.Location{Latitude: -16.68, Longitude: -49.25}, Timestamp: time.Now()},
				{From: "5562999998888", ID: "wamid.t5", Type: "interactive", Interactive: &graphtest.Interactive{Type: "button_reply", ID: "sim", Title: "Quero um orçamento"}, Timestamp: time.Now()},
			}}
		if s, _ := w.post("/webhooks/whatsapp", appSecret, graphtest.Envelope(graphtest.Entry{Changes: []graphtest.Change{change}})); s != 200 {
			t.Fatal(s)
		}
		if n := w.count(`SELECT COUNT(*) FROM contacts WHERE organization_id = $1 AND wa_id = '5562999998888' AND name = 'Rui'`, x.org); n != 1 {
			t.Errorf("contacts: %d", n)
		}
		if n := w.count(`SELECT COUNT(DISTINCT conversation_id) FROM messages WHERE organization_id = $1`, x.org); n != 1 {
			t.Errorf("conversations: %d", n)
		}
		for _, c := range []struct {
			id, text, mediaType string
			unsupported         bool
		}{
			{"wamid.t1", "Oi", "", false},
			{"wamid.t2", "", "audio/ogg; codecs=opus", true},
			{"wamid.t3", "meu telhado", "image/jpeg", true},
			{"wamid.t4", "", "whatsapp/location", true},
			{"wamid.t5", "Quero um orçamento", "", false},
		} {
			var text, mediaType string
			var unsupported bool
			if err := w.db.Reader().QueryRow(`SELECT text, media_type, unsupported FROM messages WHERE provider_message_id = $1`, c.id).Scan(
				&text, &mediaType, &unsupported); err != nil {
				t.Fatalf("%s: %v", c.id, err)
			}
			if text != c.text || mediaType != c.mediaType || unsupported != c.unsupported {
				t.Errorf("%s: %q %q %v", c.id, text, mediaType, unsupported)
			}
		}
		// One reply job for the burst.
		if n := w.replyJobs(x.org); n != 1 {
			t.Errorf("%d reply jobs", n)
		}
	})
}

// TestPayloadSize: about 3 MB is taken; more is refused without reading it
// all.
func TestPayloadSize(t *testing.T) {
	w := newWorld(t, store.SQLite)
	x := w.newTenant("Ana", "6001", true)
	pad := func(n int) []byte {
		base := text(x, "5562999990006", fmt.Sprint("wamid.big", n), "Oi")
		// Meta's payloads carry more fields than we read: pad with one.
		return append(append(bytes.TrimSuffix(base, []byte("}")), []byte(`,"padding":"`+strings.Repeat("x", n-len(base)-14)+`"`)...), '}')
	}
	if body := pad(3<<20 - 100); len(body) > 3<<20 {
		t.Fatalf("padded to %d", len(body))
	} else if s, resp := w.post("/webhooks/whatsapp", appSecret, body); s != 200 {
		t.Fatalf("3 MB: %d %s", s, resp)
	}
	if s, _ := w.post("/webhooks/whatsapp", appSecret, pad(3<<20+1000)); s != 413 {
		t.Fatalf("over 3 MB: %d", s)
	}
	// A body that claims to be small but is not is cut off as well.
	pr, pw := io.Pipe()
	go func() {
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for range 100 { // 6.4 MB
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", w.srv.URL+"/webhooks/whatsapp", pr)
	req.Header.Set("X-Hub-Signature-256", "sha256="+strings.Repeat("0", 64))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	pr.CloseWithError(io.ErrClosedPipe)
	if resp.StatusCode != 413 {
		t.Fatalf("streamed 6 MB: %d", resp.StatusCode)
	}
}

// TestDatabaseFailureIsNot200: when the payload cannot be stored, Meta
// gets a non-200 and delivers again; the redelivery is stored once.
func TestDatabaseFailureIsNot200(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "7001", true)
		body := text(x, "5562999990007", "wamid.retry", "Oi")
		if _, err := w.db.Writer().Exec(`ALTER TABLE whatsapp_webhooks RENAME TO whatsapp_webhooks_away`); err != nil {
			t.Fatal(err)
		}
		status, _ := w.post("/webhooks/whatsapp", appSecret, body)
		if _, err := w.db.Writer().Exec(`ALTER TABLE whatsapp_webhooks_away RENAME TO whatsapp_webhooks`); err != nil {
			t.Fatal(err)
		}
		if status < 500 || w.messages(x.org) != 0 || w.replyJobs(x.org) != 0 {
			t.Fatalf("with the table away: %d, %d messages, %d jobs", status, w.messages(x.org), w.replyJobs(x.org))
		}
		if status, _ := w.post("/webhooks/whatsapp", appSecret, body); status != 200 || w.messages(x.org) != 1 || w.replyJobs(x.org) != 1 {
			t.Fatalf("redelivered: %d, %d messages", status, w.messages(x.org))
		}
	})
}
