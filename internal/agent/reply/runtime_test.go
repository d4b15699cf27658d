package reply_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// longText is a lead's or agent's message of about 400 tokens (CountTokens),
// marked with its number.
func longText(i int, author inbox.Author) string {
	var b strings.Builder
	if author == inbox.AuthorLead {
		fmt.Fprintf(&b, "Mensagem %02d do cliente. ", i)
		for b.Len() < 1400 {
			b.WriteString("Moro numa casa térrea com telhado de cerâmica voltado para o norte, a conta de luz vem alta no verão por causa do ar-condicionado e da bomba da piscina. ")
		}
	} else {
		fmt.Fprintf(&b, "Mensagem %02d do agente. ", i)
		for b.Len() < 1400 {
			b.WriteString("Um sistema fotovoltaico bem dimensionado compensa boa parte desse consumo, e a instalação costuma levar poucos dias depois da vistoria técnica no local. ")
		}
	}
	return b.String()
}

// store adds a message by author to the conversation, a second after the
// previous one.
func (e *env) store(t *testing.T, conversationID string, author inbox.Author, text string) {
	t.Helper()
	e.clock.Advance(time.Second)
	if _, err := e.inbox.AddMessage(context.Background(), e.org, conversationID, inbox.Message{Author: author, Text: text}); err != nil {
		t.Fatal(err)
	}
}

// sentMessages are the conversation messages (not the system prompt) of a
// Chat Completions request, as llm messages.
func sentMessages(t *testing.T, r llmtest.Request) []llm.Message {
	t.Helper()
	var body struct {
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("request %s: %v", r.Body, err)
	}
	var out []llm.Message
	for _, m := range body.Messages {
		if m.Role != "system" && m.Role != "developer" {
			out = append(out, llm.Message{Role: m.Role, Content: m.Content})
		}
	}
	return out
}

func TestReplyHistoryTrimmedAtBudget(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		// 24 messages of ~400 tokens: ~9,600, over the budget of 6,000, and
		// all within the HistoryMessages loaded.
		const n = 24
		var stored []string
		var roles []string
		total := 0
		for i := range n {
			author := inbox.AuthorLead
			if i%2 == 1 {
				author = inbox.AuthorAI
			}
			text := longText(i, author)
			if i == n-1 {
				author, text = inbox.AuthorLead, "Mensagem final: qual a garantia do inversor?"
			}
			e.store(t, e.conv.ID, author, text)
			stored = append(stored, text)
			role := llm.RoleUser
			if author == inbox.AuthorAI {
				role = llm.RoleAssistant
			}
			roles = append(roles, role)
			total += reply.MessageTokens(llm.Message{Content: text})
		}
		if total <= reply.HistoryBudget || n > reply.HistoryMessages {
			t.Fatalf("history of %d tokens in %d messages does not test the budget", total, n)
		}
		e.srv.Push(llmtest.Reply{Text: []string{"São 10 anos de garantia."}})
		if res := e.reply(t); res.Outcome != reply.OutcomeReplied || len(res.Messages) != 1 {
			t.Fatalf("result: %+v", res)
		}
		reqs := e.srv.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%d requests", len(reqs))
		}
		sent := sentMessages(t, reqs[0])
		if len(sent) == 0 || len(sent) >= n {
			t.Fatalf("%d of %d messages sent", len(sent), n)
		}
		// The newest, in order, without gaps; the oldest dropped.
		dropped := n - len(sent)
		used := 0
		for i, m := range sent {
			want, wantRole := stored[dropped+i], roles[dropped+i]
			if m.Content != strings.TrimSpace(want) || m.Role != wantRole {
				t.Errorf("sent %d: %s %.40q, want %s %.40q", i, m.Role, m.Content, wantRole, want)
			}
			used += reply.MessageTokens(m)
		}
		if sent[len(sent)-1].Content != stored[n-1] {
			t.Errorf("the lead's latest message was not sent last: %.40q", sent[len(sent)-1].Content)
		}
		if used > reply.HistoryBudget {
			t.Errorf("sent history costs %d tokens, over the budget of %d", used, reply.HistoryBudget)
		}
		// Trimmed no more than needed: the next older message would not fit.
		if next := reply.MessageTokens(llm.Message{Content: stored[dropped-1]}); used+next <= reply.HistoryBudget {
			t.Errorf("message %d (%d tokens) dropped though %d+%d fit the budget", dropped-1, next, used, next)
		}
		t.Logf("%d of %d messages sent, %d of %d tokens", len(sent), n, used, total)
	})
}

func TestReplyRetriesAfter429(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		e.srv.Push(
			llmtest.Reply{Fail: llmtest.FailRateLimited, RetryAfter: "0.05"},
			llmtest.Reply{Text: []string{"Olá! ", "Como posso ajudar?"}, InputTokens: 500, OutputTokens: 9},
		)
		e.say(t, "Boa tarde")
		res, err := e.svc.Reply(context.Background(), e.org, e.conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Outcome != reply.OutcomeReplied || len(res.Messages) != 1 || res.Messages[0].Text != "Olá! Como posso ajudar?" ||
			res.Trace.Error != "" || res.Trace.InputTokens != 500 {
			t.Fatalf("result: %+v, trace %+v", res, res.Trace)
		}
		if n := len(e.srv.Requests()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
		ai := 0
		for _, m := range e.messages(t) {
			if m.Author == inbox.AuthorAI {
				ai++
			}
		}
		if ai != 1 {
			t.Errorf("%d AI messages stored", ai)
		}
		// Only the call that answered is recorded.
		var calls, in int64
		if err := db.Reader().QueryRow(`SELECT COUNT(*), COALESCE(SUM(input_tokens), 0) FROM llm_usage WHERE organization_id = $1`,
			e.org).Scan(&calls, &in); err != nil {
			t.Fatal(err)
		}
		if calls != 1 || in != 500 {
			t.Errorf("usage: %d calls, %d input tokens", calls, in)
		}
	})
}

func TestReplyCostRecordedPerConversation(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		other, err := e.inbox.StartConversation(ctx, e.org, e.conv.Channel.ID, inbox.Contact{Name: "Maria"}, e.agent.ID)
		if err != nil {
			t.Fatal(err)
		}
		search := llmtest.Reply{ToolCalls: []llmtest.ToolCall{toolCall("search_knowledge", map[string]string{"query": "garantia do inversor"})},
			InputTokens: 800, OutputTokens: 20}
		usages := map[string][]llm.Usage{
			e.conv.ID: {{InputTokens: 1000, OutputTokens: 50}},
			other.ID:  {{InputTokens: 800, OutputTokens: 20}, {InputTokens: 1300, OutputTokens: 45}},
		}

		e.srv.Push(llmtest.Reply{Text: []string{"Olá, João!"}, InputTokens: 1000, OutputTokens: 50})
		e.say(t, "Oi, tudo bem?")
		first := e.reply(t)
		e.srv.Push(search, llmtest.Reply{Text: []string{"São 10 anos."}, InputTokens: 1300, OutputTokens: 45})
		e.clock.Advance(time.Second)
		if _, err := e.inbox.AddMessage(ctx, e.org, other.ID, inbox.Message{Author: inbox.AuthorLead, Text: "Qual a garantia do inversor?"}); err != nil {
			t.Fatal(err)
		}
		second, err := e.svc.Reply(ctx, e.org, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if first.Outcome != reply.OutcomeReplied || second.Outcome != reply.OutcomeReplied {
			t.Fatalf("results: %+v, %+v", first, second)
		}
		model := first.Trace.Detail.Model
		prices := llm.ShippedPrices()
		if _, ok := prices.Lookup(model); !ok || second.Trace.Detail.Model != model {
			t.Fatalf("model %q (and %q) has no price", model, second.Trace.Detail.Model)
		}

		for conv, calls := range usages {
			var want int64
			var in, out int
			for _, u := range calls {
				c, ok := prices.Cost(model, u, 5.40)
				if !ok {
					t.Fatalf("no cost for %s", model)
				}
				want += c
				in += u.InputTokens
				out += u.OutputTokens
			}
			var n, cost, gotIn, gotOut, priced int64
			var agentID, gotModel, purpose string
			if err := db.Reader().QueryRow(`SELECT COUNT(*), SUM(cost_micro_brl), SUM(input_tokens), SUM(output_tokens),
				SUM(CASE WHEN priced THEN 1 ELSE 0 END), MIN(agent_id), MIN(model), MIN(purpose)
				FROM llm_usage WHERE organization_id = $1 AND conversation_id = $2`, e.org, conv).
				Scan(&n, &cost, &gotIn, &gotOut, &priced, &agentID, &gotModel, &purpose); err != nil {
				t.Fatal(err)
			}
			if n != int64(len(calls)) || priced != n || cost <= 0 || cost != want || gotIn != int64(in) || gotOut != int64(out) ||
				agentID != e.agent.ID || gotModel != model || purpose != llm.PurposeReply {
				t.Errorf("conversation %s: %d calls (%d priced), cost %d µBRL (want %d), tokens %d/%d (want %d/%d), agent %q, model %q, purpose %q",
					conv, n, priced, cost, want, gotIn, gotOut, in, out, agentID, gotModel, purpose)
			}
			var other int64
			if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM llm_usage WHERE organization_id = $1 AND conversation_id = $2 AND agent_id <> $3`,
				e.org, conv, e.agent.ID).Scan(&other); err != nil || other != 0 {
				t.Errorf("conversation %s: %d rows of another agent, %v", conv, other, err)
			}
		}
		// Every row belongs to one of the two conversations.
		var loose int64
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM llm_usage WHERE organization_id = $1 AND (conversation_id IS NULL OR agent_id IS NULL)`,
			e.org).Scan(&loose); err != nil || loose != 0 {
			t.Errorf("%d rows without a conversation or agent, %v", loose, err)
		}
	})
}

func TestReplyHandoffOnRequest(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.say(t, "Olá")
		e.say(t, "Quero falar com um atendente, por favor")
		res := e.reply(t)
		if !res.HandedOff || res.Outcome != reply.OutcomeHandoff || res.Reason != reply.ReasonRequest ||
			len(res.Messages) != 1 || res.Messages[0].Text != reply.HandoffMessage {
			t.Fatalf("result: %+v", res)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Errorf("%d model calls", n)
		}
		conv, err := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if err != nil || conv.Status != inbox.StatusWaitingHuman {
			t.Errorf("conversation: %+v, %v", conv, err)
		}
		msgs := e.messages(t)
		if sys := msgs[len(msgs)-2]; sys.Author != inbox.AuthorSystem || !strings.Contains(sys.Text, reply.ReasonRequest) {
			t.Errorf("system message: %+v", sys)
		}

		// Negated, it is a question for the model.
		e2 := newEnv(t, db, nil)
		e2.srv.Push(llmtest.Reply{Text: []string{"Claro, posso ajudar."}})
		e2.say(t, "Não quero falar com um atendente, só tirar uma dúvida")
		if res := e2.reply(t); res.HandedOff || res.Outcome != reply.OutcomeReplied || len(e2.srv.Requests()) != 1 {
			t.Errorf("negated: %+v", res)
		}
	})
}

func TestReplyHandoffWhenQualified(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, func(c *agent.Config) {
			c.Handoff.WhenQualified = true
			for i := range c.QualificationFields {
				k := c.QualificationFields[i].Key
				c.QualificationFields[i].Required = k == "nome" || k == "consumo_kwh"
			}
		})
		lead := e.conv.Lead.ID
		if err := e.inbox.SetLeadField(ctx, e.org, lead, "nome", "Marcos", "sou o Marcos", 1); err != nil {
			t.Fatal(err)
		}
		// One required field still missing: the model answers.
		e.srv.Push(llmtest.Reply{Text: []string{"Quanto você gasta de luz por mês?"}})
		e.say(t, "Quero saber mais sobre energia solar")
		if res := e.reply(t); res.HandedOff || res.Outcome != reply.OutcomeReplied || len(e.srv.Requests()) != 1 {
			t.Fatalf("one missing: %+v", res)
		}

		if err := e.inbox.SetLeadField(ctx, e.org, lead, "consumo_kwh", "450", "uns 450 kWh", 0.9); err != nil {
			t.Fatal(err)
		}
		e.say(t, "Gasto uns 450 kWh. E agora?")
		res := e.reply(t)
		if !res.HandedOff || res.Outcome != reply.OutcomeHandoff || res.Reason != reply.ReasonQualified ||
			len(res.Messages) != 1 || res.Messages[0].Text != reply.HandoffMessage {
			t.Fatalf("qualified: %+v", res)
		}
		if n := len(e.srv.Requests()); n != 1 {
			t.Errorf("%d model calls, want only the first", n)
		}
		conv, err := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if err != nil || conv.Status != inbox.StatusWaitingHuman {
			t.Errorf("conversation: %+v, %v", conv, err)
		}
	})
}

func TestReplyWithLocalAgent(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		e.srv.Default = llmtest.Agent
		e.say(t, "Oi, meu nome é Carla. Qual a garantia do inversor?")
		res := e.reply(t)
		if res.Outcome != reply.OutcomeReplied || res.HandedOff || len(res.Messages) == 0 {
			t.Fatalf("result: %+v", res)
		}
		text := ""
		for _, m := range res.Messages {
			text += m.Text + "\n"
		}
		if !strings.Contains(text, "Prazer, Carla!") || !strings.Contains(text, "10 anos") || strings.Contains(text, "[p:") {
			t.Errorf("answer: %q", text)
		}
		tr := res.Trace
		if tr.Error != "" || len(tr.Detail.Passages) != 1 || len(tr.Detail.ToolCalls) != 2 ||
			tr.Detail.ToolCalls[0].Name != reply.ToolSearchKnowledge || tr.Detail.ToolCalls[1].Name != reply.ToolUpdateLead {
			t.Errorf("trace: %+v", tr)
		}
		// Search and update in one call, then the answer: no correction.
		if n := len(e.srv.Requests()); n != 2 {
			t.Errorf("%d requests", n)
		}
		conv, err := e.inbox.Conversation(ctx, e.org, e.conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		var nome *inbox.LeadField
		for i, f := range conv.Lead.Fields {
			if f.Key == "nome" {
				nome = &conv.Lead.Fields[i]
			}
		}
		if nome == nil || nome.Value != "Carla" || nome.Evidence != "meu nome é Carla" || nome.Confidence != 0.9 {
			t.Errorf("lead fields: %+v", conv.Lead.Fields)
		}
	})
}
