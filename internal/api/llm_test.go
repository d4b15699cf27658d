package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// llmWorld is a server with fake providers: the platform has an Anthropic
// key (its API at a fake), and organizations reach their own
// OpenAI-compatible fake (allowed through the outbound guard).
type llmWorld struct {
	srv      *apptest.Server
	clock    *piloto.FakeClock
	platform *llmtest.Server // Anthropic, the platform's key
	own      *llmtest.Server // OpenAI-compatible, an organization's key
	logs     *syncBuffer
}

const (
	platformKey = "sk-ant-da-plataforma-000000"
	ownKey      = "sk-loja-propria-chave-1234abcd"
)

// syncBuffer collects a server's logs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func reply1000(llmtest.Request) llmtest.Reply {
	return llmtest.Reply{Text: []string{"ok"}, InputTokens: 1000, OutputTokens: 500}
}

func newLLMWorld(t *testing.T, d store.Dialect, clock *piloto.FakeClock) *llmWorld {
	t.Helper()
	w := &llmWorld{clock: clock, logs: &syncBuffer{}}
	w.platform = llmtest.NewAnthropicServer(t)
	w.platform.Key, w.platform.Models, w.platform.Default = platformKey, []string{"claude-haiku-4-5", "claude-sonnet-4-5"}, reply1000
	w.own = llmtest.NewOpenAIServer(t)
	w.own.Key, w.own.Models, w.own.Default = ownKey, []string{"gpt-4.1-mini", "llama-3.3-70b"}, reply1000
	u, _ := url.Parse(w.own.URL)
	w.srv = apptest.MustRunWith(t, d, apptest.Options{
		Clock: clock, AllowHosts: []string{u.Host}, Logs: w.logs,
		Config: func(c *config.Config) {
			c.AnthropicAPIKey, c.AnthropicBaseURL = platformKey, w.platform.URL
		},
	})
	return w
}

func forEachLLMWorld(t *testing.T, fn func(t *testing.T, w *llmWorld)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, newLLMWorld(t, d, stoppedClock()))
		})
	}
}

// join brings a new user into owner's organization with role, signed in.
func join(t *testing.T, srv *apptest.Server, owner *apptest.Client, email, role string) *apptest.Client {
	t.Helper()
	_, token := invite(t, owner, email, role)
	c := srv.NewClient(t)
	mustStatus(t, c.Do("POST", "/api/v1/invitations/accept-new", map[string]string{
		"token": token, "name": "Pessoa " + role, "password": "outra-senha-boa-7"}), 201)
	return c
}

// fieldsOf returns the field errors of an invalid answer.
func fieldsOf(t *testing.T, r *apptest.Response) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Code   string
			Fields map[string]string
		}
	}
	r.JSON(&e)
	if r.StatusCode != 400 || e.Error.Code != "invalid" {
		t.Fatalf("want 400 invalid, got %d %s", r.StatusCode, r.Body)
	}
	return e.Error.Fields
}

// keysOf lists a JSON object's keys, sorted.
func keysOf(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not an object: %s", raw)
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

type providerItem struct {
	Provider        string `json:"provider"`
	Name            string `json:"name"`
	PlatformKey     bool   `json:"platform_key"`
	OrganizationKey *struct {
		KeyHint    string  `json:"key_hint"`
		BaseURL    string  `json:"base_url"`
		UpdatedAt  string  `json:"updated_at"`
		CheckedAt  *string `json:"checked_at"`
		CheckError string  `json:"check_error"`
	} `json:"organization_key"`
	Available    bool   `json:"available"`
	DefaultModel string `json:"default_model"`
}

func providersOf(t *testing.T, c *apptest.Client) map[string]providerItem {
	t.Helper()
	r := c.Do("GET", "/api/v1/llm/providers", nil)
	mustStatus(t, r, 200)
	var list struct{ Items []providerItem }
	r.JSON(&list)
	out := map[string]providerItem{}
	for _, p := range list.Items {
		out[p.Provider] = p
	}
	return out
}

type usageBody struct {
	From     string `json:"from"`
	To       string `json:"to"`
	TimeZone string `json:"time_zone"`
	Total    struct {
		Calls         int64 `json:"calls"`
		InputTokens   int64 `json:"input_tokens"`
		OutputTokens  int64 `json:"output_tokens"`
		CostMicroBRL  int64 `json:"cost_micro_brl"`
		UnpricedCalls int64 `json:"unpriced_calls"`
	} `json:"total"`
	ByDay []struct {
		Day          string `json:"day"`
		Calls        int64  `json:"calls"`
		InputTokens  int64  `json:"input_tokens"`
		OutputTokens int64  `json:"output_tokens"`
		CostMicroBRL int64  `json:"cost_micro_brl"`
	} `json:"by_day"`
	ByAgent []struct {
		AgentID      *string `json:"agent_id"`
		AgentName    string  `json:"agent_name"`
		Calls        int64   `json:"calls"`
		CostMicroBRL int64   `json:"cost_micro_brl"`
	} `json:"by_agent"`
}

func usageOf(t *testing.T, c *apptest.Client, days string) usageBody {
	t.Helper()
	r := c.Do("GET", "/api/v1/usage?days="+days, nil)
	mustStatus(t, r, 200)
	var u usageBody
	r.JSON(&u)
	return u
}

func TestLLMKeysOverHTTP(t *testing.T) {
	forEachLLMWorld(t, func(t *testing.T, w *llmWorld) {
		owner, _ := signup(t, w.srv, "Ana", "ana@example.com", "Loja A")

		// The list, before any key: the exact shape.
		r := owner.Do("GET", "/api/v1/llm/providers", nil)
		mustStatus(t, r, 200)
		var raw struct{ Items []json.RawMessage }
		r.JSON(&raw)
		if len(raw.Items) != 3 || keysOf(t, raw.Items[0]) != "available,default,default_model,name,organization_key,platform_key,provider" {
			t.Fatalf("providers: %s", r.Body)
		}
		if !strings.Contains(string(raw.Items[0]), `"default":true`) || strings.Contains(string(raw.Items[1]), `"default":true`) {
			t.Fatalf("the platform's default provider is openai: %s", r.Body)
		}
		ps := providersOf(t, owner)
		if p := ps["openai"]; p.Name != "OpenAI" || p.PlatformKey || p.Available || p.OrganizationKey != nil || p.DefaultModel != "gpt-4.1-mini" {
			t.Errorf("openai: %+v", p)
		}
		if p := ps["anthropic"]; !p.PlatformKey || !p.Available || p.DefaultModel != "claude-haiku-4-5" {
			t.Errorf("anthropic: %+v", p)
		}
		if p := ps["gemini"]; p.Name != "Google Gemini" || p.Available {
			t.Errorf("gemini: %+v", p)
		}

		// Field errors, and unknown providers.
		f := fieldsOf(t, owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": "", "base_url": "http://10.1.2.3/v1"}))
		if f["api_key"] == "" || f["base_url"] == "" || strings.Contains(f["base_url"], "10.1.2.3") {
			t.Errorf("fields: %v", f)
		}
		f = fieldsOf(t, owner.Do("PUT", "/api/v1/llm/providers/anthropic/key", map[string]string{"api_key": "sk ant", "base_url": "https://api.example.com"}))
		if f["api_key"] == "" || f["base_url"] == "" {
			t.Errorf("fields: %v", f)
		}
		f = fieldsOf(t, owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]any{"api_key": "sk-x", "organization": "x"}))
		if f["organization"] == "" {
			t.Errorf("unknown field: %v", f)
		}
		for _, req := range [][2]string{{"PUT", "/key"}, {"DELETE", "/key"}, {"POST", "/test"}, {"GET", "/models"}} {
			mustStatus(t, owner.Do(req[0], "/api/v1/llm/providers/watson"+req[1], map[string]string{}), 404)
		}

		// Save the organization's own OpenAI-compatible key.
		r = owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": ownKey, "base_url": w.own.URL + "/"})
		mustStatus(t, r, 200)
		if keysOf(t, r.Body) != "available,default,default_model,name,organization_key,platform_key,provider" {
			t.Fatalf("put: %s", r.Body)
		}
		var item providerItem
		r.JSON(&item)
		if item.OrganizationKey == nil || item.OrganizationKey.KeyHint != "sk-…abcd" || item.OrganizationKey.BaseURL != w.own.URL ||
			item.OrganizationKey.CheckedAt != nil || !item.Available {
			t.Fatalf("put: %s", r.Body)
		}

		// Testar: success, with the models; the exact shape.
		r = owner.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{"model": "llama-3.3-70b"})
		mustStatus(t, r, 200)
		if string(bytes.TrimSpace(r.Body)) != `{"ok":true,"model":"llama-3.3-70b","models":["gpt-4.1-mini","llama-3.3-70b"]}` {
			t.Fatalf("test: %s", r.Body)
		}
		if p := providersOf(t, owner)["openai"]; p.OrganizationKey.CheckedAt == nil || p.OrganizationKey.CheckError != "" {
			t.Errorf("after a good test: %+v", p.OrganizationKey)
		}
		// The platform's Anthropic key, with no body: the default model.
		r = owner.Do("POST", "/api/v1/llm/providers/anthropic/test", nil)
		mustStatus(t, r, 200)
		if string(bytes.TrimSpace(r.Body)) != `{"ok":true,"model":"claude-haiku-4-5","models":["claude-haiku-4-5","claude-sonnet-4-5"]}` {
			t.Fatalf("platform test: %s", r.Body)
		}
		// Gemini: no key anywhere.
		r = owner.Do("POST", "/api/v1/llm/providers/gemini/test", map[string]string{})
		mustStatus(t, r, 200)
		if string(bytes.TrimSpace(r.Body)) != `{"ok":false,"kind":"not_configured","message":"Nenhuma chave do Google Gemini está configurada."}` {
			t.Errorf("gemini test: %s", r.Body)
		}

		// Model lists.
		r = owner.Do("GET", "/api/v1/llm/providers/openai/models", nil)
		mustStatus(t, r, 200)
		if string(bytes.TrimSpace(r.Body)) != `{"items":["gpt-4.1-mini","llama-3.3-70b"],"listed":true}` {
			t.Errorf("models: %s", r.Body)
		}
		r = owner.Do("GET", "/api/v1/llm/providers/gemini/models", nil)
		mustStatus(t, r, 200)
		if string(bytes.TrimSpace(r.Body)) != `{"items":[],"listed":false,"message":"Nenhuma chave do Google Gemini está configurada."}` {
			t.Errorf("gemini models: %s", r.Body)
		}

		// A key the provider refuses: ok false, bad_key, in Portuguese; kept
		// on the key.
		mustStatus(t, owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": "sk-chave-errada-00000000", "base_url": w.own.URL}), 200)
		r = owner.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{"model": ""})
		mustStatus(t, r, 200)
		var res struct {
			OK            bool
			Kind, Message string
		}
		r.JSON(&res)
		if res.OK || res.Kind != "bad_key" || !strings.HasPrefix(res.Message, "A chave do provedor 127.0.0.1:") ||
			!strings.HasSuffix(res.Message, "foi recusada. Confira se ela está correta e ativa.") || keysOf(t, r.Body) != "kind,message,ok" {
			t.Fatalf("bad key: %s", r.Body)
		}
		if p := providersOf(t, owner)["openai"]; p.OrganizationKey.CheckedAt == nil || p.OrganizationKey.CheckError != res.Message {
			t.Errorf("after a bad test: %+v", p.OrganizationKey)
		}
		r = owner.Do("GET", "/api/v1/llm/providers/openai/models", nil)
		if !strings.Contains(string(r.Body), `"listed":false`) || !strings.Contains(string(r.Body), "foi recusada") {
			t.Errorf("models with a refused key: %s", r.Body)
		}

		// Roles: members read; admins change and test; owners read usage.
		member := join(t, w.srv, owner, "bia@example.com", "member")
		admin := join(t, w.srv, owner, "caio@example.com", "admin")
		mustStatus(t, member.Do("GET", "/api/v1/llm/providers", nil), 200)
		mustStatus(t, member.Do("GET", "/api/v1/llm/providers/anthropic/models", nil), 200)
		mustStatus(t, member.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": "sk-intruso-000000000000"}), 403)
		mustStatus(t, member.Do("DELETE", "/api/v1/llm/providers/openai/key", nil), 403)
		mustStatus(t, member.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{}), 403)
		mustStatus(t, member.Do("GET", "/api/v1/usage", nil), 403)
		mustStatus(t, admin.Do("GET", "/api/v1/usage", nil), 403)
		mustStatus(t, admin.Do("POST", "/api/v1/llm/providers/anthropic/test", map[string]string{}), 200)
		if p := providersOf(t, owner)["openai"]; p.OrganizationKey.KeyHint != "sk-…0000" {
			t.Errorf("a member changed the key: %+v", p.OrganizationKey)
		}

		// Usage: three tests answered (1000 in, 500 out each): two on
		// claude-haiku-4-5 ($1/$5 per million at R$ 5,40: 18,900 µBRL each),
		// one on a model the table does not know.
		u := usageOf(t, owner, "")
		today := w.clock.Now().In(piloto.SaoPaulo).Format(time.DateOnly)
		if len(u.ByDay) != 30 || u.To != today || u.ByDay[29].Day != today || u.TimeZone != "America/Sao_Paulo" {
			t.Fatalf("usage range: %+v", u)
		}
		if u.Total.Calls != 3 || u.Total.InputTokens != 3000 || u.Total.OutputTokens != 1500 || u.Total.CostMicroBRL != 37_800 ||
			u.Total.UnpricedCalls != 1 || u.ByDay[29].Calls != 3 || u.ByDay[0].Calls != 0 {
			t.Errorf("usage: %+v", u)
		}
		if len(u.ByAgent) != 1 || u.ByAgent[0].AgentID != nil || u.ByAgent[0].AgentName != "" || u.ByAgent[0].Calls != 3 {
			t.Errorf("by agent: %+v", u.ByAgent)
		}
		for _, bad := range []string{"0", "367", "muitos", "-1"} {
			if f := fieldsOf(t, owner.Do("GET", "/api/v1/usage?days="+bad, nil)); f["days"] == "" {
				t.Errorf("days=%s: %v", bad, f)
			}
		}
		if u := usageOf(t, owner, "366"); len(u.ByDay) != 366 {
			t.Errorf("366 days: %d", len(u.ByDay))
		}

		// Agents may choose only a provider with a key.
		r = owner.Do("POST", "/api/v1/agents", map[string]string{"name": "Sol", "provider": "gemini"})
		if f := fieldsOf(t, r); f["provider"] != "Configure uma chave do Google Gemini em Configurações → IA antes de escolher este provedor." {
			t.Errorf("agent with gemini: %v", f)
		}
		mustStatus(t, owner.Do("POST", "/api/v1/agents", map[string]string{"name": "Sol", "provider": "anthropic"}), 201)
		mustStatus(t, owner.Do("POST", "/api/v1/agents", map[string]string{"name": "Lua", "provider": "openai"}), 201)

		// Remove the key: OpenAI is no longer available.
		mustStatus(t, admin.Do("DELETE", "/api/v1/llm/providers/openai/key", nil), 204)
		mustStatus(t, admin.Do("DELETE", "/api/v1/llm/providers/openai/key", nil), 404)
		if p := providersOf(t, owner)["openai"]; p.OrganizationKey != nil || p.Available {
			t.Errorf("after delete: %+v", p)
		}
		if f := fieldsOf(t, owner.Do("POST", "/api/v1/agents", map[string]string{"name": "Mar", "provider": "openai"})); f["provider"] == "" {
			t.Errorf("agent with openai after the key went: %v", f)
		}

		// The security log names the changes, never the key.
		r = owner.Do("GET", "/api/v1/audit-events", nil)
		mustStatus(t, r, 200)
		for _, want := range []string{`"action":"llm.key_set"`, `"action":"llm.key_removed"`, `"key_hint":"sk-…abcd"`, `"provider":"openai"`} {
			if !strings.Contains(string(r.Body), want) {
				t.Errorf("audit lacks %s", want)
			}
		}
	})
}

// Usage per day of the organization's calendar (São Paulo) and per agent.
func TestLLMUsageOverHTTP(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			// 2026-11-25 01:30 UTC is 24/11 22:30 in São Paulo.
			clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC))
			w := newLLMWorld(t, d, clock)
			owner, sess := signup(t, w.srv, "Ana", "ana@example.com", "Loja A")
			sol := createAgent(t, owner, "Sol")

			mustStatus(t, owner.Do("POST", "/api/v1/llm/providers/anthropic/test", nil), 200) // 24/11
			// The clock jumps: the app refreshes its access token, as it does.
			later := func(at time.Time) {
				t.Helper()
				clock.Set(at)
				mustStatus(t, owner.Do("POST", "/api/v1/auth/refresh", nil), 200)
			}
			later(time.Date(2026, 11, 25, 3, 30, 0, 0, time.UTC)) // 25/11 00:30
			mustStatus(t, owner.Do("POST", "/api/v1/llm/providers/anthropic/test", nil), 200)
			// The runtime's calls, recorded for the agent.
			db := mustStoreOf(t, w.srv)
			for i, tokens := range []int64{1_000_000, 2_000_000} {
				if err := db.RecordLLMUsage(context.Background(), &llm.UsageRecord{
					ID: piloto.NewID(), OrganizationID: sess.Organization.ID, AgentID: sol.ID, ConversationID: "",
					Provider: "openai", Model: "gpt-4.1-mini", Purpose: llm.PurposeReply, InputTokens: tokens,
					CostMicroBRL: tokens * 216 / 100, Priced: true, CreatedAt: clock.Now().Add(time.Duration(i) * time.Minute),
				}); err != nil {
					t.Fatal(err)
				}
			}
			later(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))

			u := usageOf(t, owner, "2")
			if u.From != "2026-11-24" || u.To != "2026-11-25" || len(u.ByDay) != 2 {
				t.Fatalf("range: %+v", u)
			}
			if d := u.ByDay[0]; d.Day != "2026-11-24" || d.Calls != 1 || d.CostMicroBRL != 18_900 {
				t.Errorf("24/11: %+v", d)
			}
			if d := u.ByDay[1]; d.Day != "2026-11-25" || d.Calls != 3 || d.InputTokens != 3_001_000 || d.CostMicroBRL != 18_900+6_480_000 {
				t.Errorf("25/11: %+v", d)
			}
			if len(u.ByAgent) != 2 || u.ByAgent[0].AgentID == nil || *u.ByAgent[0].AgentID != sol.ID || u.ByAgent[0].AgentName != "Sol" ||
				u.ByAgent[0].Calls != 2 || u.ByAgent[0].CostMicroBRL != 6_480_000 || u.ByAgent[1].AgentID != nil || u.ByAgent[1].Calls != 2 {
				t.Errorf("by agent: %+v", u.ByAgent)
			}
			if u := usageOf(t, owner, "1"); u.Total.Calls != 3 {
				t.Errorf("today only: %+v", u.Total)
			}
		})
	}
}

// A server's logs and every API answer are searched for the key: it is never
// there, whole or in part.
func TestLLMKeysNeverLeak(t *testing.T) {
	forEachLLMWorld(t, func(t *testing.T, w *llmWorld) {
		const secret = "sk-vazou-Zq9XK2mPwT7hLr4NcV8bYd3F-Qw7e"
		middle := secret[6 : len(secret)-6]
		var (
			mu     sync.Mutex
			bodies []string
		)
		keep := func(r *apptest.Response) *apptest.Response {
			mu.Lock()
			defer mu.Unlock()
			bodies = append(bodies, string(r.Body))
			for k, vs := range r.Header {
				bodies = append(bodies, k+": "+strings.Join(vs, ","))
			}
			return r
		}
		owner, _ := signup(t, w.srv, "Ana", "ana@example.com", "Loja A")
		admin := join(t, w.srv, owner, "caio@example.com", "admin")

		// Refused by the provider, then accepted; refused fields; tests,
		// models, the list, usage, the security log, agents, removal.
		keep(owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": secret, "base_url": w.own.URL}))
		keep(owner.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{"model": "gpt-4.1-mini"}))
		keep(owner.Do("GET", "/api/v1/llm/providers/openai/models", nil))
		keep(owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": secret + " x", "base_url": "http://10.0.0.1"}))
		keep(owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]any{"api_key": secret, "base_url": 7}))
		keep(owner.Do("PUT", "/api/v1/llm/providers/anthropic/key", map[string]string{"api_key": secret, "base_url": w.own.URL}))
		keep(admin.Do("PUT", "/api/v1/llm/providers/anthropic/key", map[string]string{"api_key": secret}))
		keep(admin.Do("POST", "/api/v1/llm/providers/anthropic/test", map[string]string{"model": "claude-inexistente"}))
		keep(admin.Do("POST", "/api/v1/llm/providers/anthropic/test", nil))
		keep(admin.Do("GET", "/api/v1/llm/providers/anthropic/models", nil))
		w.platform.Key = secret // the key now works: a successful call
		keep(admin.Do("POST", "/api/v1/llm/providers/anthropic/test", nil))
		keep(owner.Do("GET", "/api/v1/llm/providers", nil))
		keep(admin.Do("GET", "/api/v1/llm/providers", nil))
		keep(owner.Do("POST", "/api/v1/agents", map[string]string{"name": "Sol", "provider": "anthropic"}))
		keep(owner.Do("GET", "/api/v1/agents", nil))
		keep(owner.Do("GET", "/api/v1/usage?days=7", nil))
		keep(owner.Do("GET", "/api/v1/audit-events", nil))
		keep(admin.Do("DELETE", "/api/v1/llm/providers/anthropic/key", nil))
		keep(owner.Do("GET", "/api/v1/audit-events", nil))

		// The flows did run.
		var seen int
		for _, r := range w.platform.Requests() {
			if r.Key == secret {
				seen++
			}
		}
		if seen == 0 {
			t.Fatal("the key never reached the provider: the test proves nothing")
		}
		logs := w.logs.String()
		if !strings.Contains(logs, "llm call") || !strings.Contains(logs, "/api/v1/llm/providers/anthropic/test") {
			t.Fatalf("the logs were not captured:\n%s", logs)
		}
		for _, s := range append(bodies, logs) {
			if strings.Contains(s, secret) || strings.Contains(s, middle) || strings.Contains(s, secret[:14]) {
				t.Fatalf("the key leaked in:\n%s", s)
			}
		}
		// The database holds it only sealed.
		db := mustStoreOf(t, w.srv)
		for _, q := range []string{`SELECT api_key_sealed || key_hint || base_url FROM llm_credentials`, `SELECT details FROM audit_events`} {
			rows, err := db.Reader().Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				rows.Scan(&s)
				if strings.Contains(s, middle) {
					t.Errorf("%s holds the key: %s", q, s)
				}
			}
			rows.Close()
		}
	})
}

// Another organization never sees or changes A's key or usage.
func TestLLMTenantIsolation(t *testing.T) {
	forEachLLMWorld(t, func(t *testing.T, w *llmWorld) {
		a, _ := signup(t, w.srv, "Ana", "ana@example.com", "Loja A")
		b, _ := signup(t, w.srv, "Bia", "bia@example.com", "Loja B")
		mustStatus(t, a.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": ownKey, "base_url": w.own.URL}), 200)
		mustStatus(t, a.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{}), 200)
		aBefore := providersOf(t, a)["openai"].OrganizationKey

		if p := providersOf(t, b)["openai"]; p.OrganizationKey != nil || p.Available {
			t.Errorf("B sees A's key: %+v", p)
		}
		if u := usageOf(t, b, "30"); u.Total.Calls != 0 || len(u.ByAgent) != 0 {
			t.Errorf("B sees A's usage: %+v", u.Total)
		}
		mustStatus(t, b.Do("DELETE", "/api/v1/llm/providers/openai/key", nil), 404)
		r := b.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{})
		if !strings.Contains(string(r.Body), `"kind":"not_configured"`) {
			t.Errorf("B's test used A's key: %s", r.Body)
		}
		r = b.Do("GET", "/api/v1/llm/providers/openai/models", nil)
		if !strings.Contains(string(r.Body), `"listed":false`) {
			t.Errorf("B's models used A's key: %s", r.Body)
		}
		if f := fieldsOf(t, b.Do("POST", "/api/v1/agents", map[string]string{"name": "X", "provider": "openai"})); f["provider"] == "" {
			t.Errorf("B may choose OpenAI on A's key: %v", f)
		}
		mustStatus(t, b.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": "sk-da-bia-000000000000zzzz"}), 200)
		mustStatus(t, b.Do("DELETE", "/api/v1/llm/providers/openai/key", nil), 204)

		aAfter := providersOf(t, a)["openai"].OrganizationKey
		if aAfter == nil || !reflect.DeepEqual(*aBefore, *aAfter) {
			t.Errorf("A's key changed: %+v → %+v", aBefore, aAfter)
		}
		if u := usageOf(t, a, "30"); u.Total.Calls != 1 {
			t.Errorf("A's usage: %+v", u.Total)
		}
		r = a.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{})
		if !strings.Contains(string(r.Body), `"ok":true`) {
			t.Errorf("A's key after B's changes: %s", r.Body)
		}
		for _, req := range w.own.Requests() {
			if req.Key != ownKey {
				t.Errorf("A's server got another key: %q", req.Key)
			}
		}
	})
}

// Rotating PILOTO_SECRET_KEY: with the old key as PILOTO_SECRET_KEY_PREVIOUS
// sessions and stored keys keep working; `piloto rotate-secrets` re-seals
// the keys under the new one, after which the new key alone opens them.
func TestSecretKeyRotationKeepsLLMKeys(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			w := newLLMWorld(t, d, stoppedClock())
			owner, _ := signup(t, w.srv, "Ana", "ana@example.com", "Loja A")
			mustStatus(t, owner.Do("PUT", "/api/v1/llm/providers/openai/key", map[string]string{"api_key": ownKey, "base_url": w.own.URL}), 200)
			oldKey, dbURL := w.srv.Main.Config.SecretKey, w.srv.Main.Config.DatabaseURL
			if err := w.srv.Stop(); err != nil {
				t.Fatal(err)
			}
			newKey := strings.Repeat("nova-chave-", 4)
			u, _ := url.Parse(w.own.URL)
			restart := func(previous string) *apptest.Server {
				return apptest.MustRunWith(t, d, apptest.Options{Clock: w.clock, AllowHosts: []string{u.Host}, Config: func(c *config.Config) {
					c.DatabaseURL, c.SecretKey, c.SecretKeyPrevious = dbURL, newKey, previous
				}})
			}
			testOK := func(c *apptest.Client) {
				t.Helper()
				r := c.Do("POST", "/api/v1/llm/providers/openai/test", map[string]string{})
				mustStatus(t, r, 200)
				if !strings.Contains(string(r.Body), `"ok":true`) {
					t.Fatalf("test: %s", r.Body)
				}
			}

			// During the rotation: the old session and the stored key work.
			rotating := restart(oldKey)
			c := rotating.NewClient(t)
			for _, name := range []string{api.AccessCookie, api.RefreshCookie, api.CSRFCookie} {
				c.SetCookie(name, owner.Cookie(name))
			}
			mustStatus(t, c.Do("GET", "/api/v1/auth/me", nil), 200)
			testOK(c)

			// piloto rotate-secrets, while that server runs.
			cfg, _, err := config.Load(func(string) string { return "" }, nil)
			if err != nil {
				t.Fatal(err)
			}
			cfg.DatabaseURL, cfg.SecretKey, cfg.SecretKeyPrevious = dbURL, newKey, oldKey
			var out bytes.Buffer
			if err := app.RotateSecrets(context.Background(), cfg, discardLogger(), &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "1 re-encrypted") {
				t.Errorf("rotate-secrets said %q", out.String())
			}
			out.Reset()
			if err := app.RotateSecrets(context.Background(), cfg, discardLogger(), &out); err != nil || !strings.Contains(out.String(), "0 re-encrypted") {
				t.Errorf("again: %q, %v", out.String(), err)
			}
			if err := rotating.Stop(); err != nil {
				t.Fatal(err)
			}

			// The new key alone: a new sign-in, and the stored key still opens.
			after := restart("")
			c = after.NewClient(t)
			mustStatus(t, c.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}), 200)
			testOK(c)
			if p := providersOf(t, c)["openai"]; p.OrganizationKey == nil || p.OrganizationKey.KeyHint != "sk-…abcd" {
				t.Errorf("after rotation: %+v", p)
			}
		})
	}
}
