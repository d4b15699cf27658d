package graphtest_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

var loja = graphtest.Number{ID: "1234", Display: "+55 62 99999-0000", VerifiedName: "Loja Solar", Token: "EAAG-loja"}

// get calls the fake as the app's "Testar conexão" does.
func get(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, m
}

func graphErr(t *testing.T, m map[string]any) (code, subcode float64, typ, msg string) {
	t.Helper()
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error in %v", m)
	}
	if e["fbtrace_id"] == "" || e["fbtrace_id"] == nil {
		t.Errorf("no fbtrace_id in %v", e)
	}
	sub, _ := e["error_subcode"].(float64)
	return e["code"].(float64), sub, e["type"].(string), e["message"].(string)
}

func TestPhoneNumber(t *testing.T) {
	other := graphtest.Number{ID: "5678", Display: "+55 11 98888-0000", VerifiedName: "Outra Loja", Token: "EAAG-outra"}
	s := graphtest.New(t, other)
	s.AddNumber(loja)
	if !strings.HasSuffix(s.URL, "/v23.0") {
		t.Fatalf("URL %q has no version", s.URL)
	}

	status, m := get(t, s.URL+"/1234?fields=id,display_phone_number,verified_name,quality_rating", loja.Token)
	want := map[string]any{"id": "1234", "display_phone_number": "+55 62 99999-0000", "verified_name": "Loja Solar", "quality_rating": "GREEN"}
	if status != 200 || len(m) != len(want) {
		t.Fatalf("%d %v", status, m)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}

	t.Run("default fields", func(t *testing.T) {
		status, m := get(t, strings.Replace(s.URL, "v23.0", "v21.0", 1)+"/1234", loja.Token)
		if status != 200 || m["verified_name"] != "Loja Solar" || m["platform_type"] != "CLOUD_API" {
			t.Errorf("%d %v", status, m)
		}
	})
	t.Run("unknown token", func(t *testing.T) {
		status, m := get(t, s.URL+"/1234", "EAAG-nunca-visto")
		code, sub, typ, msg := graphErr(t, m)
		if status != 401 || code != 190 || sub != 463 || typ != "OAuthException" || !strings.HasPrefix(msg, "Error validating access token: Session has expired") {
			t.Errorf("%d %v", status, m)
		}
	})
	t.Run("token of another number", func(t *testing.T) {
		status, m := get(t, s.URL+"/1234", other.Token)
		code, _, _, msg := graphErr(t, m)
		if status != 400 || code != 100 || !strings.HasPrefix(msg, "Unsupported get request. Object with ID '1234' does not exist") {
			t.Errorf("%d %v", status, m)
		}
	})
	t.Run("number nobody registered", func(t *testing.T) {
		status, m := get(t, s.URL+"/9999", loja.Token)
		if code, _, _, _ := graphErr(t, m); status != 400 || code != 100 {
			t.Errorf("%d %v", status, m)
		}
	})
	t.Run("no token", func(t *testing.T) {
		status, m := get(t, s.URL+"/1234", "")
		if code, _, _, _ := graphErr(t, m); status != 400 || code != 104 {
			t.Errorf("%d %v", status, m)
		}
	})
	t.Run("nonexisting field", func(t *testing.T) {
		status, m := get(t, s.URL+"/1234?fields=id,segredo", loja.Token)
		if code, _, _, msg := graphErr(t, m); status != 400 || code != 100 || !strings.Contains(msg, "(segredo)") {
			t.Errorf("%d %v", status, m)
		}
	})
	t.Run("unknown path", func(t *testing.T) {
		status, m := get(t, s.URL+"/1234/outra/coisa", loja.Token)
		if code, _, _, _ := graphErr(t, m); status != 400 || code != 2500 {
			t.Errorf("%d %v", status, m)
		}
	})

	s.ExpireToken(loja.Token)
	status, m = get(t, s.URL+"/1234", loja.Token)
	if code, sub, _, _ := graphErr(t, m); status != 401 || code != 190 || sub != 463 {
		t.Errorf("expired: %d %v", status, m)
	}
	if status, _ := get(t, s.URL+"/5678", other.Token); status != 200 {
		t.Errorf("expiring one token touched another: %d", status)
	}
	s.AddNumber(loja) // registering again makes the token good again
	if status, _ := get(t, s.URL+"/1234", loja.Token); status != 200 {
		t.Errorf("re-added: %d", status)
	}

	reqs := s.Requests()
	first := reqs[0]
	if first.Method != "GET" || first.Path != "/v23.0/1234" || first.Query != "fields=id,display_phone_number,verified_name,quality_rating" ||
		first.Token != loja.Token || first.Header.Get("Authorization") != "Bearer "+loja.Token || first.Status != 200 {
		t.Errorf("first request %+v", first)
	}
	if len(reqs) != 11 {
		t.Errorf("%d requests recorded", len(reqs))
	}
}

func TestHandlerUnstarted(t *testing.T) {
	s := graphtest.NewUnstarted()
	s.AddNumber(loja)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/v23.0/1234?access_token="+loja.Token, nil)
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"verified_name":"Loja Solar"`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

func TestSign(t *testing.T) {
	body := []byte(`{"text":"Olá, preço? ☀️"}`)
	mac := hmac.New(sha256.New, []byte("segredo-do-app"))
	mac.Write(body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if got := graphtest.Sign("segredo-do-app", body); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	// A fixed vector, so a change of algorithm or encoding shows.
	if got := graphtest.Sign("key", []byte("The quick brown fox jumps over the lazy dog")); got != "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8" {
		t.Errorf("known vector: %s", got)
	}
	if graphtest.Sign("outro", body) == want {
		t.Error("the secret does not change the signature")
	}
}

func TestPostWebhook(t *testing.T) {
	body := graphtest.TextMessage("1234", "+55 62 99999-0000", "5562988887777", "João", "wamid.1", "Olá, quanto custa?", time.Unix(1764000000, 0))
	var got *http.Request
	var gotBody []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		gotBody, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	resp, err := graphtest.PostWebhook(context.Background(), srv.URL+"/webhooks/whatsapp", "s3cr3t", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.Method != "POST" || got.URL.Path != "/webhooks/whatsapp" || got.Header.Get("Content-Type") != "application/json" ||
		got.Header.Get("User-Agent") != "facebookexternalua" || got.Header.Get("X-Hub-Signature-256") != graphtest.Sign("s3cr3t", body) ||
		!bytes.Equal(gotBody, body) {
		t.Errorf("received %s %s %v %s", got.Method, got.URL, got.Header, gotBody)
	}
}

func TestTextMessage(t *testing.T) {
	at := time.Unix(1764000000, 0)
	got := string(graphtest.TextMessage("1234", "+55 62 99999-0000", "5562988887777", "João <Zé> & Cia", "wamid.HBgN", "Olá! Preço da instalação? ☀️", at))
	want := `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",` +
		`"metadata":{"display_phone_number":"+55 62 99999-0000","phone_number_id":"1234"},` +
		`"contacts":[{"profile":{"name":"João <Zé> & Cia"},"wa_id":"5562988887777"}],` +
		`"messages":[{"from":"5562988887777","id":"wamid.HBgN","timestamp":"1764000000","type":"text","text":{"body":"Olá! Preço da instalação? ☀️"}}]},` +
		`"field":"messages"}]}]}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	escaped := graphtest.EscapeNonASCII([]byte(got))
	if !bytes.Contains(escaped, []byte(`Jo\u00e3o`)) || !bytes.Contains(escaped, []byte(`\u2600\ufe0f`)) {
		t.Errorf("escaped: %s", escaped)
	}
	var a, b any
	if json.Unmarshal(escaped, &a) != nil || json.Unmarshal([]byte(got), &b) != nil || !jsonEqual(a, b) {
		t.Error("escaping changed the meaning")
	}
	if graphtest.Sign("s", escaped) == graphtest.Sign("s", []byte(got)) {
		t.Error("escaping did not change the signature")
	}
	emoji := graphtest.EscapeNonASCII([]byte(`"😀"`))
	if string(emoji) != `"\ud83d\ude00"` {
		t.Errorf("astral: %s", emoji)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestEnvelope(t *testing.T) {
	at := time.Unix(1764000000, 0)
	body := graphtest.Envelope(
		graphtest.Entry{WABAID: "W1", Changes: []graphtest.Change{{
			PhoneNumberID: "1234", Display: "+55 62 99999-0000",
			Contacts: []graphtest.Contact{{WaID: "5562988887777", Name: "Ana"}},
			Messages: []graphtest.Message{
				{From: "5562988887777", ID: "wamid.img", Timestamp: at, Image: &graphtest.Media{ID: "m1", MimeType: "image/jpeg", SHA256: "abc", Caption: "telhado"}},
				{From: "5562988887777", ID: "wamid.voz", Timestamp: at, Audio: &graphtest.Media{ID: "m2", MimeType: "audio/ogg; codecs=opus", SHA256: "def", Voice: true}},
				{From: "5562988887777", ID: "wamid.btn", Timestamp: at, Interactive: &graphtest.Interactive{Type: "button_reply", ID: "sim", Title: "Sim"}},
				{From: "5562988887777", ID: "wamid.list", Timestamp: at, Interactive: &graphtest.Interactive{Type: "list_reply", ID: "p1", Title: "Plano 1", Description: "5 kWp"}},
				{From: "5562988887777", ID: "wamid.reac", Timestamp: at, Reaction: &graphtest.Reaction{MessageID: "wamid.out", Emoji: "👍"}},
				{From: "5562988887777", ID: "wamid.ctx", Timestamp: at, Text: "e esse?", Context: &graphtest.Context{From: "5562999990000", ID: "wamid.out"}},
				{Raw: json.RawMessage(`{"from":"5562988887777","id":"wamid.raw","timestamp":"1","type":"unsupported"}`)},
			},
		}}},
		graphtest.Entry{WABAID: "W2", Changes: []graphtest.Change{{
			PhoneNumberID: "5678", Display: "+55 11 98888-0000",
			Statuses: []graphtest.Status{{ID: "wamid.out", Status: "failed", Timestamp: at, RecipientID: "5511977776666",
				Errors: []graphtest.StatusError{{Code: 131047, Title: "Re-engagement message", Message: "Re-engagement message", Details: "More than 24 hours have passed"}}}},
		}}},
	)
	var env struct {
		Object string `json:"object"`
		Entry  []struct {
			ID      string `json:"id"`
			Changes []struct {
				Field string `json:"field"`
				Value struct {
					MessagingProduct string `json:"messaging_product"`
					Metadata         struct {
						PhoneNumberID string `json:"phone_number_id"`
					} `json:"metadata"`
					Messages []map[string]any `json:"messages"`
					Statuses []map[string]any `json:"statuses"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	if env.Object != "whatsapp_business_account" || len(env.Entry) != 2 || env.Entry[1].ID != "W2" ||
		env.Entry[0].Changes[0].Field != "messages" || env.Entry[0].Changes[0].Value.MessagingProduct != "whatsapp" {
		t.Fatalf("envelope %s", body)
	}
	msgs := env.Entry[0].Changes[0].Value.Messages
	types := []string{"image", "audio", "interactive", "interactive", "reaction", "text", "unsupported"}
	for i, typ := range types {
		if msgs[i]["type"] != typ {
			t.Errorf("message %d type %v, want %s", i, msgs[i]["type"], typ)
		}
	}
	for _, s := range []string{
		`"image":{"caption":"telhado","mime_type":"image/jpeg","sha256":"abc","id":"m1"}`,
		`"audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"def","id":"m2","voice":true}`,
		`"interactive":{"type":"button_reply","button_reply":{"id":"sim","title":"Sim"}}`,
		`"interactive":{"type":"list_reply","list_reply":{"id":"p1","title":"Plano 1","description":"5 kWp"}}`,
		`"reaction":{"message_id":"wamid.out","emoji":"👍"}`,
		`"context":{"from":"5562999990000","id":"wamid.out"}`,
		`{"from":"5562988887777","id":"wamid.raw","timestamp":"1","type":"unsupported"}`,
		`"statuses":[{"id":"wamid.out","status":"failed","timestamp":"1764000000","recipient_id":"5511977776666",` +
			`"errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"More than 24 hours have passed"}}]}]`,
	} {
		if !bytes.Contains(body, []byte(s)) {
			t.Errorf("no %s in\n%s", s, body)
		}
	}
	if bytes.Contains(body, []byte(`"contacts"`)) && bytes.Count(body, []byte(`"contacts"`)) != 1 {
		t.Errorf("contacts written where there are none: %s", body)
	}
}
