package llm_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/auth"
	pilotokeys "github.com/pilotodevendas/piloto/internal/keys"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/safehttp"
	"github.com/pilotodevendas/piloto/internal/secrets"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

var (
	secretA = strings.Repeat("llm-secret-a-", 3)
	secretB = strings.Repeat("llm-secret-b-", 3)
)

func newBox(t *testing.T, secret, previous string) *secrets.Box {
	t.Helper()
	k, err := pilotokeys.New(secret, previous)
	if err != nil {
		t.Fatal(err)
	}
	b, err := secrets.New(k.DeriveAll(secrets.Purpose))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newAccount makes a user and their organization.
func newAccount(t *testing.T, db *store.DB, name string) (orgID string, by llm.Actor) {
	t.Helper()
	now := time.Now().UTC()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: name, CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Loja de " + name, TimeZone: org.DefaultTimeZone, CreatedAt: now}
	if err := db.CreateAccount(context.Background(), u, o, nil, ""); err != nil {
		t.Fatal(err)
	}
	return o.ID, llm.Actor{UserID: u.ID, IP: "203.0.113.9", UserAgent: "teste"}
}

// hostOf is the host:port of a fake server's URL.
func hostOf(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// newService is a Service over db with the outbound guard letting through
// only allowHosts.
func newService(t *testing.T, db *store.DB, cfg llm.Config, clock piloto.Clock, allowHosts ...string) *llm.Service {
	t.Helper()
	guard, err := safehttp.New(safehttp.Config{AllowHosts: allowHosts})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.USDBRL == 0 {
		cfg.USDBRL = 5.40
	}
	return &llm.Service{Store: db, Box: newBox(t, secretA, ""), Config: cfg, Web: guard.HTTPClient(), URLs: guard, Clock: clock}
}

func auditEvent(orgID string) audit.Event {
	return audit.Event{ID: piloto.NewID(), OrganizationID: orgID, Action: llm.ActionKeySet, CreatedAt: time.Now().UTC()}
}

func fieldOf(err error, field string) string {
	var pe *piloto.Error
	if errors.As(err, &pe) {
		return pe.Fields[field]
	}
	return ""
}

func TestKeysSetMaskDelete(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))
		s := newService(t, db, llm.Config{AnthropicAPIKey: "sk-ant-plataforma"}, clock)
		orgID, ana := newAccount(t, db, "Ana")
		otherOrg, _ := newAccount(t, db, "Bia")

		list, err := s.Providers(ctx, orgID)
		if err != nil || len(list) != 3 || list[0].Provider != "openai" || list[0].Name != "OpenAI" || list[0].Available ||
			list[0].PlatformKey || list[0].OrganizationKey != nil || list[0].DefaultModel != "gpt-4.1-mini" ||
			!list[1].PlatformKey || !list[1].Available || list[2].Name != "Google Gemini" {
			t.Fatalf("providers before: %+v, %v", list, err)
		}

		const key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ-a1b2"
		st, err := s.SetKey(ctx, orgID, ana, "openai", "  "+key+"\n", "")
		if err != nil {
			t.Fatal(err)
		}
		if st.OrganizationKey == nil || st.OrganizationKey.KeyHint != "sk-…a1b2" || !st.Available || st.OrganizationKey.CheckedAt != nil ||
			!st.OrganizationKey.UpdatedAt.Equal(clock.Now()) {
			t.Fatalf("after set: %+v", st)
		}
		cred, err := db.LLMCredential(ctx, orgID, "openai")
		if err != nil || strings.Contains(cred.APIKeySealed, "ABCDEFGH") || !strings.HasPrefix(cred.APIKeySealed, "v1.") || cred.CreatedBy != ana.UserID {
			t.Fatalf("stored: %+v, %v", cred, err)
		}
		if avail, _ := s.Available(ctx, orgID); !avail["openai"] || !avail["anthropic"] || avail["gemini"] {
			t.Errorf("available = %v", avail)
		}
		if avail, _ := s.Available(ctx, otherOrg); avail["openai"] {
			t.Errorf("another organization sees the key: %v", avail)
		}
		// The sealed key is bound to its organization: moved, it does not open.
		if _, err := s.Box.Open(cred.APIKeySealed, llm.CredentialAAD(otherOrg, "openai")); err == nil {
			t.Error("the sealed key opens for another organization")
		}

		// Field errors.
		cases := []struct {
			provider, key, base, field string
		}{
			{"openai", "   ", "", "api_key"},
			{"openai", strings.Repeat("k", 301), "", "api_key"},
			{"openai", "sk-com espaço", "", "api_key"},
			{"openai", "sk-acentuação", "", "api_key"},
			{"anthropic", "sk-ant-x", "https://api.example.com/v1", "base_url"},
			{"openai", "sk-x", "ftp://api.example.com", "base_url"},
			{"openai", "sk-x", "http://127.0.0.1:11434/v1", "base_url"},
			{"openai", "sk-x", "http://169.254.169.254/latest", "base_url"},
			{"openai", "sk-x", "https://user:senha@api.example.com/v1", "base_url"},
			{"openai", "sk-x", "https://[::1]/v1", "base_url"},
		}
		for _, c := range cases {
			_, err := s.SetKey(ctx, orgID, ana, c.provider, c.key, c.base)
			if piloto.ErrorCode(err) != piloto.EINVALID || fieldOf(err, c.field) == "" {
				t.Errorf("SetKey(%s, %q, %q) = %v, want a field error on %s", c.provider, c.key, c.base, err, c.field)
			}
		}
		if _, err := s.SetKey(ctx, orgID, ana, "watson", "k", ""); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("unknown provider: %v", err)
		}
		// The failures left the key as it was.
		if c2, _ := db.LLMCredential(ctx, orgID, "openai"); c2.APIKeySealed != cred.APIKeySealed {
			t.Error("a refused save changed the key")
		}

		// A short key shows less.
		st, _ = s.SetKey(ctx, orgID, ana, "gemini", "AIza1234zz", "")
		if st.OrganizationKey.KeyHint != "…zz" {
			t.Errorf("short key hint = %q", st.OrganizationKey.KeyHint)
		}

		// Replacing keeps one row per provider, and forgets the last check.
		if err := db.SetLLMCredentialCheck(ctx, orgID, "openai", cred.APIKeySealed, clock.Now(), "recusada"); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		st, err = s.SetKey(ctx, orgID, ana, "openai", "sk-nova-chave-0000000000-zz99", "")
		if err != nil || st.OrganizationKey.KeyHint != "sk-…zz99" || st.OrganizationKey.CheckedAt != nil || st.OrganizationKey.CheckError != "" {
			t.Fatalf("replaced: %+v, %v", st, err)
		}
		if creds, _ := db.LLMCredentials(ctx, orgID); len(creds) != 2 {
			t.Fatalf("credentials = %d", len(creds))
		}

		if err := s.DeleteKey(ctx, orgID, ana, "openai"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteKey(ctx, orgID, ana, "openai"); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("deleting again: %v", err)
		}
		if err := s.DeleteKey(ctx, otherOrg, ana, "gemini"); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Errorf("deleting another organization's key: %v", err)
		}

		// The audit log says who set and removed which key, never the key.
		events, err := db.AuditEvents(ctx, orgID, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
			for _, v := range e.Details {
				if strings.Contains(v, "ABCDEFGH") || strings.Contains(v, "nova-chave") {
					t.Errorf("audit event %s holds the key: %v", e.Action, e.Details)
				}
			}
		}
		if strings.Join(actions, ",") != "llm.key_removed,llm.key_set,llm.key_set,llm.key_set,signup" &&
			strings.Join(actions, ",") != "llm.key_removed,llm.key_set,llm.key_set,llm.key_set" {
			t.Errorf("audit actions = %v", actions)
		}
	})
}

func TestTestCallsTheProvider(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))
		platform := llmtest.NewAnthropicServer(t)
		platform.Key, platform.Models = "sk-ant-plataforma", []string{"claude-haiku-4-5", "claude-sonnet-4-5"}
		platform.Default = func(llmtest.Request) llmtest.Reply {
			return llmtest.Reply{Text: []string{"ok"}, InputTokens: 1000, OutputTokens: 500}
		}
		own := llmtest.NewOpenAIServer(t)
		own.Key, own.Models = "sk-da-loja-0123456789abcdef", []string{"gpt-4.1-mini", "llama-3.3-70b"}
		own.Default = platform.Default
		s := newService(t, db, llm.Config{AnthropicAPIKey: "sk-ant-plataforma", AnthropicBaseURL: platform.URL}, clock, hostOf(t, own.URL))
		orgID, ana := newAccount(t, db, "Ana")

		// The platform's key, the default model.
		res, err := s.Test(ctx, orgID, "anthropic", "")
		if err != nil || !res.OK || res.Model != "claude-haiku-4-5" || strings.Join(res.Models, ",") != "claude-haiku-4-5,claude-sonnet-4-5" {
			t.Fatalf("platform test: %+v, %v", res, err)
		}
		if n := len(platform.Requests()); n != 2 {
			t.Errorf("one model list and one call, got %d requests", n)
		}
		// A model the key cannot use.
		res, _ = s.Test(ctx, orgID, "anthropic", "claude-inexistente")
		if res.OK || res.Kind != llm.KindUnknownModel || !strings.Contains(res.Message, `"claude-inexistente"`) {
			t.Errorf("unknown model: %+v", res)
		}
		// No key anywhere.
		res, err = s.Test(ctx, orgID, "gemini", "")
		if err != nil || res.OK || res.Kind != llm.KindNotConfigured || res.Message != "Nenhuma chave do Google Gemini está configurada." {
			t.Errorf("no key: %+v, %v", res, err)
		}
		if list, _ := s.Models(ctx, orgID, "gemini"); list.Listed || len(list.Items) != 0 || list.Message == "" {
			t.Errorf("models without a key: %+v", list)
		}

		// The organization's own key at its own base URL (an allowed local
		// server here), refused first.
		if _, err := s.SetKey(ctx, orgID, ana, "openai", "sk-errada-0000000000000000", own.URL); err != nil {
			t.Fatal(err)
		}
		res, err = s.Test(ctx, orgID, "openai", "gpt-4.1-mini")
		if err != nil || res.OK || res.Kind != llm.KindBadKey || !strings.HasPrefix(res.Message, "A chave do provedor 127.0.0.1:") {
			t.Fatalf("bad key: %+v, %v", res, err)
		}
		cred, _ := db.LLMCredential(ctx, orgID, "openai")
		if cred.CheckedAt == nil || !cred.CheckedAt.Equal(clock.Now()) || cred.CheckError != res.Message {
			t.Errorf("check not recorded: %+v", cred)
		}
		if list, _ := s.Models(ctx, orgID, "openai"); list.Listed || list.Message != res.Message {
			t.Errorf("models with a refused key: %+v", list)
		}

		if _, err := s.SetKey(ctx, orgID, ana, "openai", own.Key, own.URL); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		res, err = s.Test(ctx, orgID, "openai", "llama-3.3-70b")
		if err != nil || !res.OK || res.Model != "llama-3.3-70b" || len(res.Models) != 2 {
			t.Fatalf("own key: %+v, %v", res, err)
		}
		cred, _ = db.LLMCredential(ctx, orgID, "openai")
		if cred.CheckedAt == nil || !cred.CheckedAt.Equal(clock.Now()) || cred.CheckError != "" {
			t.Errorf("success not recorded: %+v", cred)
		}
		if list, _ := s.Models(ctx, orgID, "openai"); !list.Listed || strings.Join(list.Items, ",") != "gpt-4.1-mini,llama-3.3-70b" {
			t.Errorf("models: %+v", list)
		}
		for _, r := range own.Requests() {
			if r.Key != own.Key && r.Key != "sk-errada-0000000000000000" {
				t.Errorf("the own server got key %q", r.Key)
			}
		}
		// The platform's server never saw the organization's key.
		for _, r := range platform.Requests() {
			if r.Key != "sk-ant-plataforma" {
				t.Errorf("the platform's server got key %q", r.Key)
			}
		}

		// Every test call was recorded: purpose test, no agent, the cost of
		// the price table (claude-haiku-4-5: $1/$5 per million; the llama is
		// not in the table).
		report, err := s.Usage(ctx, orgID, piloto.SaoPaulo, 1)
		if err != nil {
			t.Fatal(err)
		}
		// Two successful tests answered: 1000 in, 500 out each.
		haiku, _ := s.Prices().Cost("claude-haiku-4-5", llm.Usage{InputTokens: 1000, OutputTokens: 500}, 5.40)
		if report.Total.Calls != 2 || report.Total.InputTokens != 2000 || report.Total.OutputTokens != 1000 ||
			report.Total.UnpricedCalls != 1 || report.Total.CostMicroBRL != haiku || haiku != 18900 {
			t.Errorf("usage total %+v (haiku %d)", report.Total, haiku)
		}
		if len(report.ByAgent) != 1 || report.ByAgent[0].AgentID != nil || report.ByAgent[0].Calls != 2 {
			t.Errorf("by agent: %+v", report.ByAgent)
		}
	})
}

// A base URL an organization sets reaches only public addresses: refused
// when saved, and — should a row hold one anyway (DNS changed since) —
// refused by the outbound guard when called, without a request reaching it.
func TestTenantBaseURLGuard(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))
		private := llmtest.NewOpenAIServer(t)
		private.Models = []string{"gpt-4.1-mini"}
		s := newService(t, db, llm.Config{}, clock) // no host allowed
		orgID, ana := newAccount(t, db, "Ana")

		_, err := s.SetKey(ctx, orgID, ana, "openai", "sk-loja-0000000000000000", private.URL)
		if fieldOf(err, "base_url") == "" || strings.Contains(fieldOf(err, "base_url"), "127.0.0.1") {
			t.Fatalf("save: %v", err)
		}

		sealed, _ := s.Box.Seal("sk-loja-0000000000000000", llm.CredentialAAD(orgID, "openai"))
		now := clock.Now()
		if err := db.SaveLLMCredential(ctx, &llm.Credential{OrganizationID: orgID, Provider: "openai", APIKeySealed: sealed,
			KeyHint: "sk-…0000", BaseURL: private.URL, CreatedAt: now, UpdatedAt: now}, auditEvent(orgID)); err != nil {
			t.Fatal(err)
		}
		res, err := s.Test(ctx, orgID, "openai", "gpt-4.1-mini")
		if err != nil || res.OK || res.Kind != llm.KindBlocked || strings.Contains(res.Message, "127.0.0.1") {
			t.Fatalf("call: %+v, %v", res, err)
		}
		p, model, err := s.ProviderFor(ctx, orgID, "openai", "", llm.Use{Purpose: llm.PurposeReply})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Stream(ctx, llm.Request{Model: model, Messages: []llm.Message{{Role: llm.RoleUser, Content: "oi"}}}, nil)
		if llm.KindOf(err) != llm.KindBlocked {
			t.Errorf("runtime call: %v", err)
		}
		if n := len(private.Requests()); n != 0 {
			t.Fatalf("the private server got %d requests", n)
		}
	})
}

func TestUsagePerDayAndAgent(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// 2026-11-25 12:00 in São Paulo (UTC-3).
		clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))
		s := newService(t, db, llm.Config{}, clock)
		orgID, _ := newAccount(t, db, "Ana")
		otherOrg, _ := newAccount(t, db, "Bia")
		agents := &agent.Service{Store: db, Clock: clock}
		author := agent.Author{Name: "Ana"}
		cfg := agent.Defaults("America/Sao_Paulo")
		cfg.Name = "Sol"
		sol, err := agents.Create(ctx, orgID, author, cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Name = "Lua"
		lua, _ := agents.Create(ctx, orgID, author, cfg)

		at := func(utc string, orgID, agentID, model string, in, out int) {
			t.Helper()
			tm, _ := time.Parse(time.RFC3339, utc)
			clock.Set(tm)
			if err := s.Record(ctx, orgID, llm.Use{AgentID: agentID, Purpose: llm.PurposeReply}, "openai", model,
				llm.Usage{InputTokens: in, OutputTokens: out}); err != nil {
				t.Fatal(err)
			}
		}
		// gpt-4.1-mini: $0.40 in, $1.60 out per million; at R$ 5,40:
		// 1M in = 2,160,000 µBRL, 1M out = 8,640,000 µBRL.
		at("2026-11-25T02:59:59Z", orgID, sol.ID, "gpt-4.1-mini", 1_000_000, 0)    // 24/11 23:59:59 in São Paulo
		at("2026-11-25T03:00:00Z", orgID, sol.ID, "gpt-4.1-mini", 0, 1_000_000)    // 25/11 00:00
		at("2026-11-25T14:59:00Z", orgID, lua.ID, "gpt-4.1-mini", 500_000, 0)      // 25/11 11:59
		at("2026-11-25T14:00:00Z", orgID, "", "modelo-sem-preco", 10, 10)          // a test: no agent, no price
		at("2026-11-20T12:00:00Z", orgID, sol.ID, "gpt-4.1-mini", 1_000_000, 0)    // 20/11: out of a 3-day range
		at("2026-11-25T12:00:00Z", otherOrg, "", "gpt-4.1-mini", 9_000_000, 9_000) // another organization
		clock.Set(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))

		r, err := s.Usage(ctx, orgID, piloto.SaoPaulo, 3)
		if err != nil {
			t.Fatal(err)
		}
		if r.From != "2026-11-23" || r.To != "2026-11-25" || r.TimeZone != "America/Sao_Paulo" || len(r.ByDay) != 3 {
			t.Fatalf("range: %+v", r)
		}
		want := []llm.DayUsage{
			{Day: "2026-11-23"},
			{Day: "2026-11-24", Calls: 1, InputTokens: 1_000_000, CostMicroBRL: 2_160_000},
			{Day: "2026-11-25", Calls: 3, InputTokens: 500_010, OutputTokens: 1_000_010, CostMicroBRL: 8_640_000 + 1_080_000},
		}
		for i, d := range want {
			if r.ByDay[i] != d {
				t.Errorf("day %d = %+v, want %+v", i, r.ByDay[i], d)
			}
		}
		if r.Total != (llm.UsageSum{Calls: 4, InputTokens: 1_500_010, OutputTokens: 1_000_010, CostMicroBRL: 11_880_000, UnpricedCalls: 1}) {
			t.Errorf("total = %+v", r.Total)
		}
		if len(r.ByAgent) != 3 || r.ByAgent[0].AgentName != "Sol" || *r.ByAgent[0].AgentID != sol.ID || r.ByAgent[0].CostMicroBRL != 10_800_000 ||
			r.ByAgent[1].AgentName != "Lua" || r.ByAgent[1].Calls != 1 || r.ByAgent[2].AgentID != nil || r.ByAgent[2].AgentName != "" {
			t.Errorf("by agent = %+v", r.ByAgent)
		}

		// The same calls in another time zone fall on other days.
		r, _ = s.Usage(ctx, orgID, time.UTC, 1)
		if r.To != "2026-11-25" || r.Total.Calls != 4 {
			t.Errorf("UTC: %+v", r.Total)
		}
		if _, err := s.Usage(ctx, orgID, piloto.SaoPaulo, 0); fieldOf(err, "days") == "" {
			t.Errorf("0 days: %v", err)
		}
		if _, err := s.Usage(ctx, orgID, piloto.SaoPaulo, 367); fieldOf(err, "days") == "" {
			t.Errorf("367 days: %v", err)
		}
		// A deleted agent's calls stay, tied to no agent.
		if err := agents.Delete(ctx, orgID, lua.ID, author); err != nil {
			t.Fatal(err)
		}
		r, _ = s.Usage(ctx, orgID, piloto.SaoPaulo, 3)
		if len(r.ByAgent) != 2 || r.ByAgent[1].AgentID != nil || r.ByAgent[1].Calls != 2 || r.Total.Calls != 4 {
			t.Errorf("after deleting an agent: %+v", r.ByAgent)
		}
	})
}

// ProviderFor gives the runtime the organization's provider; every call
// through it is recorded for the agent and conversation.
func TestProviderForMetersEveryCall(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))
		srv := llmtest.NewGeminiServer(t, llmtest.Reply{Text: []string{"Olá!"}, InputTokens: 2000, OutputTokens: 100})
		srv.Key = "AIza-plataforma-000000"
		s := newService(t, db, llm.Config{Provider: "gemini", GeminiAPIKey: srv.Key, GeminiBaseURL: srv.URL, Model: "gemini-2.5-flash"}, clock)
		orgID, _ := newAccount(t, db, "Ana")
		agents := &agent.Service{Store: db, Clock: clock}
		cfg := agent.Defaults("America/Sao_Paulo")
		cfg.Name = "Sol"
		sol, _ := agents.Create(ctx, orgID, agent.Author{}, cfg)

		p, model, err := s.ProviderFor(ctx, orgID, "", "", llm.Use{AgentID: sol.ID, ConversationID: "conversa-1", Purpose: llm.PurposeReply})
		if err != nil || p.Name() != "gemini" || model != "gemini-2.5-flash" {
			t.Fatalf("ProviderFor: %v %q %v", p, model, err)
		}
		resp, err := p.Stream(ctx, llm.Request{Model: model, Messages: []llm.Message{{Role: llm.RoleUser, Content: "oi"}}}, nil)
		if err != nil || resp.Content != "Olá!" {
			t.Fatalf("stream: %+v, %v", resp, err)
		}
		var agentID, conversation, purpose, recModel string
		var in, out, cost int64
		var priced bool
		err = db.Reader().QueryRow(`SELECT agent_id, conversation_id, purpose, model, input_tokens, output_tokens, cost_micro_brl, priced
			FROM llm_usage WHERE organization_id = $1`, orgID).Scan(&agentID, &conversation, &purpose, &recModel, &in, &out, &cost, &priced)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := s.Prices().Cost("gemini-2.5-flash", llm.Usage{InputTokens: 2000, OutputTokens: 100}, 5.40)
		if agentID != sol.ID || conversation != "conversa-1" || purpose != "reply" || recModel != "gemini-2.5-flash" ||
			in != 2000 || out != 100 || !priced || cost != want || cost == 0 {
			t.Errorf("recorded %s %s %s %s %d %d %d %v (want cost %d)", agentID, conversation, purpose, recModel, in, out, cost, priced, want)
		}

		// Without any key the runtime is told so.
		if _, _, err := s.ProviderFor(ctx, orgID, "anthropic", "", llm.Use{}); llm.KindOf(err) != llm.KindNotConfigured {
			t.Errorf("no key: %v", err)
		}
	})
}

// `piloto rotate-secrets`: keys sealed under secret A are re-sealed under B
// (with A as the previous secret), and then open with B alone.
func TestResealCredentials(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC))
		s := newService(t, db, llm.Config{}, clock) // under A
		org1, ana := newAccount(t, db, "Ana")
		org2, bia := newAccount(t, db, "Bia")
		for _, k := range []struct {
			org      string
			by       llm.Actor
			provider string
			key      string
		}{{org1, ana, "openai", "sk-um-000000000000000"}, {org1, ana, "gemini", "AIza-dois-0000000000"}, {org2, bia, "anthropic", "sk-ant-tres-00000000"}} {
			if _, err := s.SetKey(ctx, k.org, k.by, k.provider, k.key, ""); err != nil {
				t.Fatal(err)
			}
		}

		// B alone cannot open them.
		if _, err := llm.ResealCredentials(ctx, db, newBox(t, secretB, "")); err == nil {
			t.Fatal("re-sealing without the previous key must fail")
		}
		r, err := llm.ResealCredentials(ctx, db, newBox(t, secretB, secretA))
		if err != nil || r.Resealed != 3 || r.Current != 0 || r.Failed != 0 {
			t.Fatalf("rotation: %+v, %v", r, err)
		}
		onlyB := newBox(t, secretB, "")
		creds, _ := db.AllLLMCredentials(ctx)
		opened := map[string]string{}
		for _, c := range creds {
			if !onlyB.IsCurrent(c.APIKeySealed) {
				t.Errorf("%s/%s not under B", c.OrganizationID, c.Provider)
			}
			key, err := onlyB.Open(c.APIKeySealed, llm.CredentialAAD(c.OrganizationID, c.Provider))
			if err != nil {
				t.Fatal(err)
			}
			opened[c.Provider] = key
		}
		if opened["openai"] != "sk-um-000000000000000" || opened["gemini"] != "AIza-dois-0000000000" || opened["anthropic"] != "sk-ant-tres-00000000" {
			t.Errorf("opened %v", opened)
		}
		// Again: nothing to do.
		if r, err := llm.ResealCredentials(ctx, db, newBox(t, secretB, secretA)); err != nil || r.Resealed != 0 || r.Current != 3 {
			t.Errorf("second rotation: %+v, %v", r, err)
		}
	})
}
