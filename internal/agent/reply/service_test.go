package reply_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/blob"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
)

const kbText = `# Loja Solar

## Garantias

### Inversores
O inversor tem garantia de 10 anos contra defeitos de fabricação.

## Preços

### Instalação residencial
A instalação residencial custa R$ 1.500 à vista no Pix.
`

type env struct {
	db        *store.DB
	clock     *piloto.FakeClock
	srv       *llmtest.Server
	svc       *reply.Service
	inbox     *inbox.Service
	knowledge *knowledge.Service
	agents    *agent.Service
	org       string
	agent     *agent.Agent
	conv      *inbox.Conversation
}

// newEnv makes an organization with an ingested knowledge base, an agent
// searching it, a playground conversation and a fake OpenAI server as the
// platform's provider. change adjusts the agent's configuration.
func newEnv(t *testing.T, db *store.DB, change func(*agent.Config)) *env {
	t.Helper()
	ctx := context.Background()
	// Wednesday 14:00 in São Paulo: within the default business hours.
	clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC))
	now := clock.Now()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: "Ana", CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Loja Solar", TimeZone: org.DefaultTimeZone, CreatedAt: now}
	if err := db.CreateAccount(ctx, u, o, nil, ""); err != nil {
		t.Fatal(err)
	}

	bucket, err := blob.Open(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bucket.Close() })
	base := &knowledge.Base{ID: piloto.NewID(), OrganizationID: o.ID, Name: "Base", CreatedAt: now}
	if err := db.CreateKnowledgeBase(ctx, base); err != nil {
		t.Fatal(err)
	}
	// The shared evaluation knowledge base (its text files), so that scores
	// are those of a real-sized corpus, and a small file of our own.
	files := map[string][]byte{"loja.md": []byte(kbText)}
	paths, _ := filepath.Glob("../../knowledge/testdata/kb/*.md")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	w := &knowledge.IngestWorker{Store: db, Blobs: bucket, Clock: piloto.SystemClock{}, Limits: knowledge.DefaultLimits}
	for name, content := range files {
		src := &knowledge.Source{ID: piloto.NewID(), OrganizationID: o.ID, KnowledgeBaseID: base.ID, Kind: knowledge.KindFile,
			Name: name, BlobKey: "orgs/" + o.ID + "/sources/" + piloto.NewID(), SizeBytes: int64(len(content)),
			Status: knowledge.StatusQueued, CreatedAt: now}
		if err := bucket.WriteAll(ctx, src.BlobKey, content, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		if err := w.Work(ctx, &river.Job[knowledge.IngestArgs]{Args: knowledge.IngestArgs{OrganizationID: o.ID, SourceID: src.ID}}); err != nil {
			t.Fatal(err)
		}
	}

	agents := &agent.Service{Store: db, Clock: clock}
	cfg := agent.Defaults("America/Sao_Paulo")
	cfg.Name = "Sol"
	cfg.KnowledgeBaseIDs = []string{base.ID}
	cfg.QualificationFields = append(cfg.QualificationFields,
		agent.QualificationField{Key: "consumo_kwh", Label: "Consumo mensal", Type: agent.FieldNumber, Options: []string{}})
	cfg.Handoff.Keywords = []string{"orçamento"}
	if change != nil {
		change(&cfg)
	}
	a, err := agents.Create(ctx, o.ID, agent.Author{UserID: u.ID, Name: "Ana"}, cfg)
	if err != nil {
		t.Fatal(err)
	}

	srv := llmtest.NewOpenAIServer(t)
	llms := &llm.Service{Store: db, Config: llm.Config{OpenAIAPIKey: "sk-plataforma", OpenAIBaseURL: srv.URL, USDBRL: 5.40}, Clock: clock}
	in := &inbox.Service{Store: db, Clock: clock}
	ks := &knowledge.Service{Store: db, Clock: clock}
	play, err := in.PlaygroundChannel(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := in.StartConversation(ctx, o.ID, play.ID, inbox.Contact{Name: "João"}, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: db, clock: clock, srv: srv, inbox: in, knowledge: ks, agents: agents, org: o.ID, agent: a, conv: conv,
		svc: &reply.Service{Agents: agents, Inbox: in, LLM: llms, Knowledge: ks, Clock: clock}}
}

func (e *env) say(t *testing.T, text string) {
	t.Helper()
	if _, err := e.inbox.AddMessage(context.Background(), e.org, e.conv.ID, inbox.Message{Author: inbox.AuthorLead, Text: text}); err != nil {
		t.Fatal(err)
	}
}

func (e *env) reply(t *testing.T) *reply.Result {
	t.Helper()
	res, err := e.svc.Reply(context.Background(), e.org, e.conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (e *env) messages(t *testing.T) []inbox.Message {
	t.Helper()
	list, _, err := e.inbox.Messages(context.Background(), e.org, e.conv.ID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// chunkID is the id of the best passage for query, which must be sure
// (scored at or above knowledge.UnsureBelow).
func (e *env) chunkID(t *testing.T, query string) string {
	t.Helper()
	hits, err := e.knowledge.Search(context.Background(), e.org, knowledge.Query{Text: query, Limit: 1})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search %q: %v %v", query, hits, err)
	}
	if hits[0].Score < knowledge.UnsureBelow {
		t.Fatalf("search %q: best score %.2f is unsure (%s)", query, hits[0].Score, hits[0].Text)
	}
	return hits[0].ID
}

func toolCall(name string, args any) llmtest.ToolCall {
	b, _ := json.Marshal(args)
	return llmtest.ToolCall{Name: name, Arguments: string(b)}
}

// lastToolResult is the content of the last tool message a request sent.
func lastToolResult(t *testing.T, r llmtest.Request) map[string]any {
	t.Helper()
	msgs, _ := r.JSON()["messages"].([]any)
	for i := len(msgs) - 1; i >= 0; i-- {
		m, _ := msgs[i].(map[string]any)
		if m["role"] == "tool" {
			var out map[string]any
			if err := json.Unmarshal([]byte(m["content"].(string)), &out); err != nil {
				t.Fatalf("tool result %v: %v", m["content"], err)
			}
			return out
		}
	}
	t.Fatalf("no tool result in %s", r.Body)
	return nil
}

func TestReplySearchesAndCites(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		id := e.chunkID(t, "garantia do inversor")
		e.srv.Push(
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("search_knowledge", map[string]string{"query": "garantia do inversor"})},
				InputTokens: 1000, OutputTokens: 20},
			llmtest.Reply{Text: []string{"O inversor tem **10 anos** de garantia [p:" + id + "]."}, InputTokens: 1200, OutputTokens: 30},
		)
		e.say(t, "Qual a garantia do inversor?")
		res := e.reply(t)
		if res.Skipped != "" || res.Outcome != reply.OutcomeReplied || len(res.Messages) != 1 || res.HandedOff {
			t.Fatalf("result: %+v", res)
		}
		m := res.Messages[0]
		if m.Text != "O inversor tem *10 anos* de garantia." || m.Author != inbox.AuthorAI || m.Direction != inbox.DirectionOut {
			t.Errorf("message: %+v", m)
		}
		// The first request declares the tools and carries the prompt and the lead's message.
		reqs := e.srv.Requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests", len(reqs))
		}
		body := string(reqs[0].Body)
		for _, want := range []string{`"search_knowledge"`, `"update_lead"`, `"handoff_to_human"`, "Qual a garantia do inversor?", "Sol, o agente de vendas"} {
			if !strings.Contains(body, want) {
				t.Errorf("first request lacks %s", want)
			}
		}
		found := lastToolResult(t, reqs[1])
		passages, _ := found["passages"].([]any)
		if len(passages) == 0 || found["unsure"] != false || passages[0].(map[string]any)["id"] != id ||
			passages[0].(map[string]any)["text"] == "" {
			t.Errorf("search result: %v", found)
		}

		// The trace, linked to the message.
		stored := e.messages(t)
		last := stored[len(stored)-1]
		if last.TraceID == nil || last.ID != m.ID {
			t.Fatalf("stored: %+v", last)
		}
		tr, err := e.inbox.Trace(ctx, e.org, *last.TraceID)
		if err != nil {
			t.Fatal(err)
		}
		if tr.MessageID != m.ID || tr.AgentID != e.agent.ID || tr.AgentVersion != e.agent.Version || tr.InputTokens != 2200 ||
			tr.OutputTokens != 50 || tr.Error != "" || tr.Detail.Provider != "openai" || tr.Detail.Model != "gpt-4.1-mini" ||
			tr.Detail.PromptTokens <= 0 || tr.Detail.Outcome != reply.OutcomeReplied || tr.Detail.Unanswered != 0 ||
			len(tr.Detail.ToolCalls) != 1 || tr.Detail.ToolCalls[0].Name != "search_knowledge" ||
			!strings.Contains(string(tr.Detail.ToolCalls[0].Result), id) ||
			len(tr.Detail.Passages) != 1 || tr.Detail.Passages[0].ChunkID != id || tr.Detail.Passages[0].Score <= 0 {
			t.Errorf("trace: %+v", tr)
		}

		// Every call was recorded for the agent and the conversation.
		var calls, in int64
		var conversation, agentID string
		if err := db.Reader().QueryRow(`SELECT COUNT(*), SUM(input_tokens), MIN(conversation_id), MIN(agent_id) FROM llm_usage
			WHERE organization_id = $1`, e.org).Scan(&calls, &in, &conversation, &agentID); err != nil {
			t.Fatal(err)
		}
		if calls != 2 || in != 2200 || conversation != e.conv.ID || agentID != e.agent.ID {
			t.Errorf("usage: %d calls, %d tokens, conversation %q, agent %q", calls, in, conversation, agentID)
		}
		// The trace's cost is what those calls cost.
		var cost int64
		if err := db.Reader().QueryRow(`SELECT SUM(cost_micro_brl) FROM llm_usage WHERE organization_id = $1`, e.org).Scan(&cost); err != nil {
			t.Fatal(err)
		}
		if cost <= 0 || tr.CostMicroBRL != cost {
			t.Errorf("trace cost %d, calls cost %d", tr.CostMicroBRL, cost)
		}

		// Nothing new from the lead: no reply.
		if res := e.reply(t); res.Skipped != reply.SkipNothingNew {
			t.Errorf("again: %+v", res)
		}
	})
}

func TestReplyUpdateLeadRefusesThenSaves(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.srv.Push(
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("update_lead", map[string]any{"fields": map[string]any{
				"consumo_kwh": map[string]any{"value": "uns quinhentos", "evidence": "gasto uns quinhentos kWh", "confidence": 0.8},
				"nome":        map[string]any{"value": "João", "evidence": "sou o João", "confidence": 0.9},
				"signo":       map[string]any{"value": "leão"},
			}})}},
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("update_lead", map[string]any{"fields": map[string]any{
				"consumo_kwh": map[string]any{"value": "500", "evidence": "gasto uns quinhentos kWh", "confidence": 0.8},
			}})}},
			llmtest.Reply{Text: []string{"Obrigado, João! Em qual cidade você está?"}},
		)
		e.say(t, "Sou o João e gasto uns quinhentos kWh por mês")
		res := e.reply(t)
		if len(res.Messages) != 1 || res.Messages[0].Text != "Obrigado, João! Em qual cidade você está?" {
			t.Fatalf("result: %+v", res)
		}
		reqs := e.srv.Requests()
		if len(reqs) != 3 {
			t.Fatalf("%d requests", len(reqs))
		}
		first := lastToolResult(t, reqs[1])
		errs, _ := first["errors"].(map[string]any)
		if errs["consumo_kwh"] == nil || !strings.Contains(errs["consumo_kwh"].(string), "número") ||
			errs["signo"] == nil || !strings.Contains(errs["signo"].(string), "desconhecido") || errs["nome"] != nil {
			t.Errorf("first update: %v", first)
		}
		if second := lastToolResult(t, reqs[2]); second["errors"] != nil || len(second["saved"].([]any)) != 1 {
			t.Errorf("second update: %v", second)
		}
		conv, err := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]inbox.LeadField{}
		for _, f := range conv.Lead.Fields {
			got[f.Key] = f
		}
		if got["consumo_kwh"].Value != "500" || got["consumo_kwh"].Confidence != 0.8 || got["nome"].Value != "João" ||
			got["nome"].Evidence != "sou o João" || len(got) != 2 {
			t.Errorf("lead fields: %+v", conv.Lead.Fields)
		}
		if tr := res.Trace; len(tr.Detail.ToolCalls) != 2 || tr.Detail.ToolCalls[0].Name != "update_lead" {
			t.Errorf("trace tool calls: %+v", tr.Detail.ToolCalls)
		}
	})
}

func TestReplyHandoffKeywordWithoutModel(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.say(t, "Quero um orçamento para minha casa")
		res := e.reply(t)
		if !res.HandedOff || res.Outcome != reply.OutcomeHandoff || !strings.Contains(res.Reason, "orçamento") ||
			len(res.Messages) != 1 || res.Messages[0].Text != reply.HandoffMessage {
			t.Fatalf("result: %+v", res)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Errorf("%d model calls", n)
		}
		conv, _ := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if conv.Status != inbox.StatusWaitingHuman {
			t.Errorf("status %s", conv.Status)
		}
		msgs := e.messages(t)
		if len(msgs) != 3 || msgs[1].Author != inbox.AuthorSystem || !strings.Contains(msgs[1].Text, "orçamento") ||
			msgs[2].Author != inbox.AuthorAI || msgs[2].TraceID == nil {
			t.Errorf("messages: %+v", msgs)
		}
		if res.Trace.Detail.Outcome != reply.OutcomeHandoff || res.Trace.InputTokens != 0 {
			t.Errorf("trace: %+v", res.Trace)
		}
		// Waiting for a person: the agent says nothing more.
		e.say(t, "Alô?")
		if res := e.reply(t); res.Skipped != reply.SkipWaitingHuman {
			t.Errorf("after handoff: %+v", res)
		}
	})
}

func TestReplyOutOfHours(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		// Sunday 10:00 in São Paulo: closed.
		e.clock.Set(time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC))
		e.say(t, "Qual a garantia do inversor?")
		res := e.reply(t)
		if res.Outcome != reply.OutcomeOutOfHours || len(res.Messages) != 1 ||
			res.Messages[0].Text != e.agent.BusinessHours.OutOfHoursMessage || res.Messages[0].Author != inbox.AuthorAI {
			t.Fatalf("result: %+v", res)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Errorf("%d model calls", n)
		}
		if res.Trace == nil || res.Trace.MessageID != res.Messages[0].ID || res.Trace.Detail.Outcome != reply.OutcomeOutOfHours {
			t.Errorf("trace: %+v", res.Trace)
		}
		// Told once: writing again that night gets nothing; the next
		// closed period, the message again.
		e.clock.Advance(2 * time.Hour)
		e.say(t, "Alguém aí?")
		if res := e.reply(t); res.Skipped != reply.SkipToldOutOfHours {
			t.Fatalf("again: %+v", res)
		}
		e.clock.Advance(reply.OutOfHoursRepeat)
		e.say(t, "Oi?")
		if res := e.reply(t); res.Outcome != reply.OutcomeOutOfHours || len(res.Messages) != 1 {
			t.Fatalf("later: %+v", res)
		}
	})
}

func TestReplyUnknownCitationRetriedOnce(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		id := e.chunkID(t, "preço da instalação residencial")
		search := llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("search_knowledge", map[string]string{"query": "preço da instalação residencial"})}}

		// Cites an id it was never given, then corrects itself.
		e.srv.Push(search,
			llmtest.Reply{Text: []string{"Custa R$ 1.500 [p:inventado]."}},
			llmtest.Reply{Text: []string{"Custa R$ 1.500 no Pix [p:" + id + "]."}})
		e.say(t, "Quanto custa a instalação?")
		res := e.reply(t)
		reqs := e.srv.Requests()
		if len(reqs) != 3 || !strings.Contains(string(reqs[2].Body), "Cite só os trechos") || !strings.Contains(string(reqs[2].Body), "inventado") {
			t.Fatalf("%d requests; last %s", len(reqs), reqs[len(reqs)-1].Body)
		}
		if len(res.Messages) != 1 || res.Messages[0].Text != "Custa R$ 1.500 no Pix." || res.Trace.Error != "" ||
			len(res.Trace.Detail.Passages) != 1 || res.Trace.Detail.Passages[0].ChunkID != id {
			t.Errorf("corrected: %+v trace %+v", res.Messages, res.Trace)
		}

		// Cites an unknown id twice: dropped, and the trace says so.
		e.srv.Push(search,
			llmtest.Reply{Text: []string{"Custa R$ 1.500 [p:x1]."}},
			llmtest.Reply{Text: []string{"Custa R$ 1.500 [p:x2][p:" + id + "]."}})
		e.say(t, "E à vista?")
		res = e.reply(t)
		if n := len(e.srv.Requests()); n != 6 {
			t.Fatalf("%d requests", n)
		}
		if len(res.Messages) != 1 || res.Messages[0].Text != "Custa R$ 1.500." || !strings.Contains(res.Trace.Error, "x2") ||
			len(res.Trace.Detail.Passages) != 1 || res.Trace.Detail.Passages[0].ChunkID != id {
			t.Errorf("dropped: %+v trace %+v", res.Messages, res.Trace)
		}
	})
}

func TestReplyUnansweredHandsOff(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, func(c *agent.Config) { c.Handoff.AfterUnanswered = 1 })
		e.srv.Push(
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("search_knowledge", map[string]string{"query": "helicóptero submarino"})}},
			llmtest.Reply{Text: []string{"Não sei, vou confirmar com a equipe."}})
		e.say(t, "Vocês vendem helicóptero submarino?")
		res := e.reply(t)
		if res.Outcome != reply.OutcomeReplied || res.Trace.Detail.Unanswered != 1 {
			t.Fatalf("first: %+v trace %+v", res, res.Trace)
		}
		if found := lastToolResult(t, e.srv.Requests()[1]); found["unsure"] != true {
			t.Errorf("search result: %v", found)
		}
		// The next message reaches the limit: handed off without a call.
		e.say(t, "E barco?")
		res = e.reply(t)
		if !res.HandedOff || !strings.Contains(res.Reason, "não soube responder 1 pergunta") || len(e.srv.Requests()) != 2 {
			t.Fatalf("second: %+v", res)
		}
		conv, _ := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if conv.Status != inbox.StatusWaitingHuman || res.Trace.Detail.Unanswered != 0 {
			t.Errorf("status %s, trace %+v", conv.Status, res.Trace.Detail)
		}
	})
}

func TestReplySkips(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, func(c *agent.Config) { c.Enabled = false })
		e.say(t, "Oi")
		if res := e.reply(t); res.Skipped != reply.SkipAgentOff || len(res.Messages) != 0 {
			t.Errorf("agent off: %+v", res)
		}
		e2 := newEnv(t, db, nil)
		e2.say(t, "Oi")
		if err := e2.inbox.SetAIPaused(ctx, e2.org, e2.conv.ID, true); err != nil {
			t.Fatal(err)
		}
		if res := e2.reply(t); res.Skipped != reply.SkipAIPaused {
			t.Errorf("paused: %+v", res)
		}
		if n := len(e.srv.Requests()) + len(e2.srv.Requests()); n != 0 {
			t.Errorf("%d model calls", n)
		}
	})
}

func TestCheckFieldValue(t *testing.T) {
	enum := agent.QualificationField{Type: agent.FieldEnum, Options: []string{"Imediato", "Até 3 meses"}}
	for _, tt := range []struct {
		f         agent.QualificationField
		in, want  string
		wantError bool
	}{
		{agent.QualificationField{Type: agent.FieldText}, " casa ", "casa", false},
		{agent.QualificationField{Type: agent.FieldText}, "  ", "", true},
		{agent.QualificationField{Type: agent.FieldNumber}, "1.500,50", "1500.5", false},
		{agent.QualificationField{Type: agent.FieldNumber}, "500", "500", false},
		{agent.QualificationField{Type: agent.FieldNumber}, "quinhentos", "", true},
		{agent.QualificationField{Type: agent.FieldEmail}, "Ana@Exemplo.com.br", "ana@exemplo.com.br", false},
		{agent.QualificationField{Type: agent.FieldEmail}, "ana@exemplo", "", true},
		{agent.QualificationField{Type: agent.FieldEmail}, "Ana <ana@x.com>", "", true},
		{agent.QualificationField{Type: agent.FieldPhone}, "+55 (62) 99999-0000", "+5562999990000", false},
		{agent.QualificationField{Type: agent.FieldPhone}, "9999", "", true},
		{agent.QualificationField{Type: agent.FieldPhone}, "62 9999-abcd", "", true},
		{agent.QualificationField{Type: agent.FieldDate}, "25/12/2026", "2026-12-25", false},
		{agent.QualificationField{Type: agent.FieldDate}, "2026-12-25", "2026-12-25", false},
		{agent.QualificationField{Type: agent.FieldDate}, "amanhã", "", true},
		{enum, "ate 3 MESES", "Até 3 meses", false},
		{enum, "nunca", "", true},
	} {
		got, problem := reply.CheckFieldValue(tt.f, tt.in)
		if got != tt.want || (problem != "") != tt.wantError {
			t.Errorf("%s %q = %q, %q", tt.f.Type, tt.in, got, problem)
		}
	}
}

// TestStreamTellsEachStep follows a reply step by step: tool calls and
// their results (passages for a search), the lead field saved, the
// follow-up refused then scheduled, the draft and the message stored.
func TestStreamTellsEachStep(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		id := e.chunkID(t, "garantia do inversor")
		e.srv.Push(
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{
				toolCall("search_knowledge", map[string]string{"query": "garantia do inversor"}),
				toolCall("update_lead", map[string]any{"fields": map[string]any{"nome": map[string]any{"value": "Carla", "evidence": "sou a Carla", "confidence": 0.8}}}),
				toolCall("schedule_followup", map[string]string{"when": "2026-11-20 10:00", "note": "retomar"}),
				toolCall("schedule_followup", map[string]string{"when": "2026-11-27 10:00", "note": "Retomar a proposta\ncom a Carla"}),
			}},
			llmtest.Reply{Text: []string{"São ", "10 anos ", "[p:" + id + "]."}},
		)
		e.say(t, "Sou a Carla. Qual a garantia do inversor? Me chama sexta às 10h.")
		var steps []reply.Step
		res, err := e.svc.Stream(ctx, e.org, e.conv.ID, func(s reply.Step) { steps = append(steps, s) })
		if err != nil || res.Outcome != reply.OutcomeReplied {
			t.Fatalf("%+v %v", res, err)
		}
		var kinds []string
		for _, s := range steps {
			kinds = append(kinds, s.Type+":"+s.Tool)
		}
		want := []string{"tool_call:search_knowledge", "tool_result:search_knowledge", "tool_call:update_lead", "lead_field:",
			"tool_result:update_lead", "tool_call:schedule_followup", "tool_result:schedule_followup",
			"tool_call:schedule_followup", "tool_result:schedule_followup", "draft:", "draft:", "draft:", "message:"}
		if strings.Join(kinds, " ") != strings.Join(want, " ") {
			t.Fatalf("steps:\n%s\nwant\n%s", strings.Join(kinds, " "), strings.Join(want, " "))
		}
		if p := steps[1].Passages; len(p) == 0 || p[0].ID != id || p[0].Score <= 0 || p[0].Text == "" || p[0].Source == "" {
			t.Errorf("passages: %+v", p)
		}
		if f := steps[3].Field; f.Key != "nome" || f.Value != "Carla" || f.Evidence != "sou a Carla" || f.Confidence != 0.8 {
			t.Errorf("lead field: %+v", f)
		}
		if steps[6].Error == "" || !strings.Contains(steps[6].Error, "futuro") || steps[8].Error != "" {
			t.Errorf("follow-ups: %q then %q", steps[6].Error, steps[8].Error)
		}
		if m := steps[12].Message; m == nil || m.Text != "São 10 anos." || m.Author != inbox.AuthorAI {
			t.Errorf("message: %+v", m)
		}
		// The follow-up, at 10:00 in the agent's time zone (13:00 UTC).
		fs, err := e.inbox.Followups(ctx, e.org, e.conv.ID)
		if err != nil || len(fs) != 1 || !fs[0].DueAt.Equal(time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)) ||
			fs[0].Note != "Retomar a proposta com a Carla" || fs[0].Status != inbox.FollowupPending {
			t.Fatalf("follow-ups: %+v %v", fs, err)
		}
		// The JSON the playground sends for a search result.
		b, _ := json.Marshal(steps[1].Data())
		if !strings.Contains(string(b), `"tool":"search_knowledge"`) || !strings.Contains(string(b), `"passages":[{"id":"`+id) {
			t.Errorf("data: %s", b)
		}
	})
}

// TestReplyFailedCallSavesTrace: a refused key fails the reply, which says
// why; the trace keeps the error and no message is sent.
func TestReplyFailedCallSavesTrace(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.srv.Push(llmtest.Reply{Fail: llmtest.FailBadKey})
		e.say(t, "Oi")
		_, err := e.svc.Reply(ctx, e.org, e.conv.ID)
		if llm.KindOf(err) != llm.KindBadKey {
			t.Fatalf("err = %v", err)
		}
		if got := e.messages(t); len(got) != 1 {
			t.Fatalf("messages: %+v", got)
		}
		var n int
		var msg sql.NullString
		var traceErr string
		if err := db.Reader().QueryRow(`SELECT COUNT(*), MIN(message_id), MIN(error) FROM traces WHERE conversation_id = $1`,
			e.conv.ID).Scan(&n, &msg, &traceErr); err != nil {
			t.Fatal(err)
		}
		if n != 1 || msg.Valid || traceErr == "" {
			t.Fatalf("traces: %d, message %v, error %q", n, msg, traceErr)
		}
	})
}

// TestReplyOneAtATime: while a reply holds the conversation another does
// nothing, and calls no model.
func TestReplyOneAtATime(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.say(t, "Oi")
		end, ok, err := e.inbox.BeginReply(ctx, e.org, e.conv.ID)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if res := e.reply(t); res.Skipped != reply.SkipBusy {
			t.Fatalf("while busy: %+v", res)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Fatalf("%d model calls while busy", n)
		}
		end()
		if res := e.reply(t); res.Outcome != reply.OutcomeReplied {
			t.Fatalf("after: %+v", res)
		}
	})
}

// TestReplyHandsOffWhenTheTurnQualifies: the lead gives the last required
// field; the agent answers, then hands off in the same reply.
func TestReplyHandsOffWhenTheTurnQualifies(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, func(c *agent.Config) {
			c.Handoff.WhenQualified = true
			for i := range c.QualificationFields {
				c.QualificationFields[i].Required = c.QualificationFields[i].Key == "nome"
			}
		})
		e.srv.Push(
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("update_lead",
				map[string]any{"fields": map[string]any{"nome": map[string]any{"value": "Rita", "evidence": "sou a Rita"}}})}},
			llmtest.Reply{Text: []string{"Prazer, Rita!"}},
		)
		e.say(t, "Oi, sou a Rita")
		res := e.reply(t)
		if !res.HandedOff || res.Reason != reply.ReasonQualified || len(res.Messages) != 2 ||
			res.Messages[0].Text != "Prazer, Rita!" || res.Messages[1].Text != reply.HandoffMessage {
			t.Fatalf("result: %+v", res)
		}
		conv, err := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if err != nil || conv.Status != inbox.StatusWaitingHuman {
			t.Fatalf("conversation: %+v %v", conv, err)
		}
		// The answer, the handoff message, then the note of why.
		msgs := e.messages(t)
		if last := msgs[len(msgs)-1]; last.Author != inbox.AuthorSystem || !strings.Contains(last.Text, reply.ReasonQualified) ||
			msgs[len(msgs)-2].Text != reply.HandoffMessage {
			t.Fatalf("messages: %+v", msgs)
		}
	})
}

// TestReplyHandoffTool: the model hands the conversation to a person; the
// lead is told, and the conversation waits for a person with the reason.
func TestReplyHandoffTool(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.srv.Push(
			llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("handoff_to_human", map[string]string{"reason": "pediu desconto especial"})}},
			llmtest.Reply{Text: []string{"Vou chamar alguém da equipe para falar sobre o desconto."}},
		)
		e.say(t, "Consegue um desconto especial pra mim?")
		res := e.reply(t)
		if !res.HandedOff || !strings.Contains(res.Reason, "pediu desconto especial") || len(res.Messages) != 1 {
			t.Fatalf("result: %+v", res)
		}
		conv, err := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if err != nil || conv.Status != inbox.StatusWaitingHuman {
			t.Fatalf("conversation: %+v %v", conv, err)
		}
		msgs := e.messages(t)
		var note string
		for _, m := range msgs {
			if m.Author == inbox.AuthorSystem {
				note = m.Text
			}
		}
		if !strings.Contains(note, "pediu desconto especial") {
			t.Errorf("system note %q", note)
		}
		// The next lead message waits for the person: no model call.
		calls := len(e.srv.Requests())
		e.say(t, "Oi?")
		if res := e.reply(t); res.Skipped != reply.SkipWaitingHuman || len(e.srv.Requests()) != calls {
			t.Errorf("after the handoff: %+v", res)
		}
	})
}
