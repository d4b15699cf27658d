package llmtest_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
)

var agentTools = []llm.Tool{
	{Name: "search_knowledge", Parameters: json.RawMessage(`{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}`)},
	{Name: "update_lead", Parameters: json.RawMessage(`{"type":"object","properties":{"fields":{"type":"object"}},"required":["fields"]}`)},
}

// agentCall sends req to a fake OpenAI server answering with llmtest.Agent,
// through the llm package's OpenAI provider, and returns the response and
// the text pieces streamed.
func agentCall(t *testing.T, req llm.Request) (*llm.Response, []string) {
	t.Helper()
	srv := llmtest.NewOpenAIServer(t)
	srv.Default = llmtest.Agent
	p, err := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "k", BaseURL: srv.URL, Model: "fake-mini",
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var pieces []string
	resp, err := p.Stream(context.Background(), req, func(ev llm.Event) error {
		if ev.Type == llm.EventText {
			pieces = append(pieces, ev.Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("%d requests", n)
	}
	return resp, pieces
}

func user(text string) llm.Message { return llm.Message{Role: llm.RoleUser, Content: text} }

func args(t *testing.T, c llm.ToolCall) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(c.Arguments, &m); err != nil {
		t.Fatalf("arguments %s: %v", c.Arguments, err)
	}
	return m
}

func TestAgentWithoutTools(t *testing.T) {
	resp, pieces := agentCall(t, llm.Request{Messages: []llm.Message{user("oi")}})
	if resp.Content != llmtest.AgentPlainText || len(resp.ToolCalls) != 0 || strings.Join(pieces, "") != resp.Content {
		t.Fatalf("resp %+v, pieces %q", resp, pieces)
	}
	if words := len(strings.Fields(llmtest.AgentPlainText)); len(pieces) != words || resp.Usage.OutputTokens != words {
		t.Errorf("%d pieces, %d output tokens; want %d", len(pieces), resp.Usage.OutputTokens, words)
	}
	if resp.Usage.InputTokens <= 1 {
		t.Errorf("input tokens %d", resp.Usage.InputTokens)
	}
}

func TestAgentCallsTools(t *testing.T) {
	for _, tt := range []struct {
		text, query, name, evidence string
	}{
		{"Qual a garantia do inversor?", "Qual a garantia do inversor?", "", ""},
		{"Oi, meu nome é Carla. Qual a garantia do inversor?", "Qual a garantia do inversor?", "Carla", "meu nome é Carla"},
		{"Oi! Tem financiamento? E em quantas vezes?\nObrigado", "Tem financiamento? E em quantas vezes?", "", ""},
		{"MEU NOME É Ângela", "MEU NOME É Ângela", "Ângela", "MEU NOME É Ângela"},
		{"boa tarde, me chamo João e moro em Goiânia", "boa tarde, me chamo João e moro em Goiânia", "João", "me chamo João"},
		{"Sou a Luíza, da fazenda", "Sou a Luíza, da fazenda", "Luíza", "Sou a Luíza"},
		{"isso o cliente pediu", "isso o cliente pediu", "", ""}, // "sso o" is no "sou o"
	} {
		resp, _ := agentCall(t, llm.Request{Tools: agentTools, Messages: []llm.Message{user("antes"), {Role: llm.RoleAssistant, Content: "ok"}, user(tt.text)}})
		want := 1
		if tt.name != "" {
			want = 2
		}
		if len(resp.ToolCalls) != want || resp.Content != "" || resp.StopReason != llm.StopToolCalls {
			t.Fatalf("%q: %+v", tt.text, resp)
		}
		search := resp.ToolCalls[0]
		if search.ID != "call_1" || search.Name != "search_knowledge" || args(t, search)["query"] != tt.query {
			t.Errorf("%q: search %+v", tt.text, search)
		}
		if tt.name == "" {
			continue
		}
		update := resp.ToolCalls[1]
		field, _ := args(t, update)["fields"].(map[string]any)["nome"].(map[string]any)
		if update.ID != "call_2" || update.Name != "update_lead" || field["value"] != tt.name || field["evidence"] != tt.evidence ||
			field["confidence"] != 0.9 {
			t.Errorf("%q: update %+v", tt.text, update)
		}
	}

	// Only the tools declared are called.
	resp, _ := agentCall(t, llm.Request{Tools: agentTools[1:], Messages: []llm.Message{user("me chamo Rui")}})
	if len(resp.ToolCalls) != 1 || resp.ToolCalls[0].ID != "call_1" || resp.ToolCalls[0].Name != "update_lead" {
		t.Errorf("update only: %+v", resp.ToolCalls)
	}
	resp, _ = agentCall(t, llm.Request{Tools: agentTools[1:], Messages: []llm.Message{user("qual o preço?")}})
	if len(resp.ToolCalls) != 0 || resp.Content != llmtest.AgentPlainText {
		t.Errorf("no tool fits: %+v", resp)
	}
}

// afterTools is a turn where the agent called search_knowledge (and
// update_lead) and got results.
func afterTools(search, update string) []llm.Message {
	calls := []llm.ToolCall{{ID: "call_1", Name: "search_knowledge", Arguments: json.RawMessage(`{"query":"garantia"}`)}}
	if update != "" {
		calls = append(calls, llm.ToolCall{ID: "call_2", Name: "update_lead",
			Arguments: json.RawMessage(`{"fields":{"nome":{"value":"Carla","evidence":"meu nome é Carla","confidence":0.9}}}`)})
	}
	msgs := []llm.Message{
		user("Oi"), {Role: llm.RoleAssistant, Content: "Olá!"},
		// An older turn's results are not read.
		user("meu nome é Carla, qual a garantia?"),
		{Role: llm.RoleAssistant, ToolCalls: calls},
		{Role: llm.RoleTool, ToolCallID: "call_1", Content: search},
	}
	if update != "" {
		msgs = append(msgs, llm.Message{Role: llm.RoleTool, ToolCallID: "call_2", Content: update})
	}
	return msgs
}

func TestAgentAnswersFromTools(t *testing.T) {
	long := strings.Repeat("palavra ", 40) + "fim. Depois."
	for _, tt := range []struct {
		name, search, update, want string
	}{
		{"found", `{"passages":[{"id":"c1","source":"loja.md","heading":"Loja Solar › Garantias","text":"Loja Solar › Garantias\n\nO inversor tem garantia de 10 anos. Os painéis, 25."},{"id":"c2","text":"Outro."}],"unsure":false}`, "",
			"Pelo que encontrei: O inversor tem garantia de 10 anos. [p:c1]"},
		{"found, name saved", `{"passages":[{"id":"c1","text":"Dez anos de garantia!"}],"unsure":false}`, `{"saved":["nome"]}`,
			"Prazer, Carla! Pelo que encontrei: Dez anos de garantia! [p:c1]"},
		{"unsure", `{"passages":[{"id":"c1","text":"Algo."}],"unsure":true}`, `{"saved":[],"errors":{"nome":"x"}}`, llmtest.AgentNotFoundText},
		{"nothing", `{"passages":[],"unsure":true}`, "", llmtest.AgentNotFoundText},
		{"tool error", `{"error":"informe query"}`, "", llmtest.AgentNotFoundText},
		{"long", `{"passages":[{"id":"c9","text":"` + long + `"}],"unsure":false}`, "",
			"Pelo que encontrei: " + strings.TrimSpace(strings.Repeat("palavra ", 25)[:199]) + "… [p:c9]"},
	} {
		resp, pieces := agentCall(t, llm.Request{Tools: agentTools, Messages: afterTools(tt.search, tt.update)})
		if resp.Content != tt.want || len(resp.ToolCalls) != 0 {
			t.Errorf("%s: %q, want %q", tt.name, resp.Content, tt.want)
		}
		if len(pieces) != len(strings.SplitAfter(tt.want, " ")) || resp.Usage.OutputTokens != len(pieces) {
			t.Errorf("%s: %d pieces, %d output tokens", tt.name, len(pieces), resp.Usage.OutputTokens)
		}
	}
}

func TestAgentCorrection(t *testing.T) {
	msgs := append(afterTools(`{"passages":[],"unsure":true}`, ""),
		llm.Message{Role: llm.RoleAssistant, Content: "Custa R$ 1.500 [p:inventado] no Pix [p:c1][p:c2]."},
		user("Correção: sua resposta citou trechos que não foram devolvidos (inventado)."))
	resp, _ := agentCall(t, llm.Request{Tools: agentTools, Messages: msgs})
	if resp.Content != "Custa R$ 1.500 no Pix." || len(resp.ToolCalls) != 0 {
		t.Errorf("corrected: %+v", resp)
	}
}

func TestAgentOptions(t *testing.T) {
	body, _ := json.Marshal(map[string]any{"messages": []any{map[string]any{"role": "user", "content": "oi"}}})
	r := llmtest.AgentWith(llmtest.AgentOptions{Delay: 3 * time.Millisecond, Think: time.Millisecond})(llmtest.Request{Body: body})
	if r.Delay != 3*time.Millisecond || strings.Join(r.Text, "") != llmtest.AgentPlainText || r.OutputTokens != len(r.Text) {
		t.Errorf("reply: %+v", r)
	}
	if r := llmtest.Agent(llmtest.Request{Body: []byte("not json")}); r.Delay != 0 || strings.Join(r.Text, "") != llmtest.AgentPlainText {
		t.Errorf("not JSON: %+v", r)
	}
	// Content sent as an array of parts is read too.
	body, _ = json.Marshal(map[string]any{
		"tools":    []any{map[string]any{"type": "function", "function": map[string]any{"name": "search_knowledge"}}},
		"messages": []any{map[string]any{"role": "user", "content": []any{map[string]any{"type": "text", "text": "preço"}}}},
	})
	if r := llmtest.Agent(llmtest.Request{Body: body}); len(r.ToolCalls) != 1 || r.ToolCalls[0].Arguments != `{"query":"pre\u00e7o"}` {
		t.Errorf("parts: %+v", r)
	}
}
