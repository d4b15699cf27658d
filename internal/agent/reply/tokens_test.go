package reply

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/llm"
)

func TestCountTokens(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"   \n\t", 0},
		{"oi", 1},
		{"Olá", 1},
		{"casa", 1},
		{"cadeira", 2},
		{"informações", 3},
		{"Olá, tudo bem?", 5}, // Olá , tudo bem ?
		{"R$ 1.500,00", 7},    // R $ 1 . 500 , 00
		{"12345678", 3},       // digits in threes
		{"abc123", 2},         // a word and a number
		{"👍", 2},              // a pictograph
		{"👍🏽", 4},             // with a skin tone modifier
		{"❤️", 2},             // the variation selector is free
	} {
		if got := CountTokens(tt.in); got != tt.want {
			t.Errorf("CountTokens(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestCountTokensScale checks the estimate stays near characters/4 on
// running Portuguese text: three to four characters a token, erring high.
func TestCountTokensScale(t *testing.T) {
	text := "Olá! Temos planos a partir de R$ 99 por mês, com instalação grátis em São Paulo. " +
		"O prazo de entrega é de cinco dias úteis e o pagamento pode ser feito no Pix ou no cartão em até 12 vezes. " +
		"Quer que eu verifique a disponibilidade para o seu endereço?"
	chars := len([]rune(text))
	got := CountTokens(text)
	if got*5 < chars || got*5 > chars*2 {
		t.Errorf("CountTokens = %d for %d characters, want between chars/5 and chars/2.5", got, chars)
	}
}

func user(s string) llm.Message      { return llm.Message{Role: llm.RoleUser, Content: s} }
func assistant(s string) llm.Message { return llm.Message{Role: llm.RoleAssistant, Content: s} }
func call(id string) llm.Message {
	return llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: id, Name: "search_knowledge", Arguments: json.RawMessage(`{"query":"preço"}`)}}}
}
func result(id, s string) llm.Message {
	return llm.Message{Role: llm.RoleTool, ToolCallID: id, Content: s}
}

func contents(msgs []llm.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		switch {
		case len(m.ToolCalls) > 0:
			out[i] = "call:" + m.ToolCalls[0].ID
		case m.Role == llm.RoleTool:
			out[i] = "result:" + m.ToolCallID
		default:
			out[i] = m.Content
		}
	}
	return out
}

func cost(msgs ...llm.Message) int {
	n := 0
	for _, m := range msgs {
		n += MessageTokens(m)
	}
	return n
}

func TestTrimHistory(t *testing.T) {
	long := strings.Repeat("palavra ", 100)
	u1, a1, u2, a2, u3 := user("u1"), assistant("a1"), user("u2"), assistant("a2"), user("u3")
	c1, r1 := call("c1"), result("c1", long)
	history := []llm.Message{u1, a1, u2, c1, r1, a2, u3}

	tests := []struct {
		name   string
		msgs   []llm.Message
		budget int
		want   []string
	}{
		{"everything fits", history, cost(history...), []string{"u1", "a1", "u2", "call:c1", "result:c1", "a2", "u3"}},
		{"drops the oldest first", history, cost(history...) - 1, []string{"a1", "u2", "call:c1", "result:c1", "a2", "u3"}},
		{"a call and its result go together", history, cost(c1, r1, a2, u3) - 1, []string{"a2", "u3"}},
		{"a call with its result fits", history, cost(c1, r1, a2, u3), []string{"call:c1", "result:c1", "a2", "u3"}},
		{"no gaps: stops at the first that does not fit", history, cost(u1, a1, a2, u3), []string{"a2", "u3"}},
		{"the latest lead message is kept over budget", history, 1, []string{"u3"}},
		{"zero budget", history, 0, []string{"u3"}},
		{"the turn being answered stays whole",
			[]llm.Message{u1, a1, u3, c1, r1}, cost(a1) + 1,
			[]string{"u3", "call:c1", "result:c1"}},
		{"an orphan tool result is dropped",
			[]llm.Message{r1, a1, u3}, 1000,
			[]string{"a1", "u3"}},
		{"an orphan tool result after a user message is dropped",
			[]llm.Message{u1, result("x", "?"), a1, u3}, 1000,
			[]string{"u1", "a1", "u3"}},
		{"a call without results yet", []llm.Message{u3, c1}, 0, []string{"u3", "call:c1"}},
		{"several results of one call", []llm.Message{u1, call("c2"), result("c2", "a"), result("c2", "b"), u3},
			cost(u3) + cost(call("c2"), result("c2", "a"), result("c2", "b")), []string{"call:c2", "result:c2", "result:c2", "u3"}},
		{"no lead message", []llm.Message{a1, a2}, cost(a2), []string{"a2"}},
		{"empty", nil, 100, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.msgs)
			got := TrimHistory(tt.msgs, tt.budget)
			if !slices.Equal(contents(got), tt.want) {
				t.Errorf("TrimHistory = %q, want %q", contents(got), tt.want)
			}
			if !slices.EqualFunc(before, tt.msgs, func(a, b llm.Message) bool { return a.Content == b.Content && a.Role == b.Role }) {
				t.Error("TrimHistory modified its input")
			}
			for i, m := range got {
				if m.Role == llm.RoleTool && (i == 0 || (got[i-1].Role != llm.RoleTool && len(got[i-1].ToolCalls) == 0)) {
					t.Errorf("tool result at %d without its call", i)
				}
			}
		})
	}
}

func TestMessageTokens(t *testing.T) {
	plain := MessageTokens(user("oi"))
	if plain != messageOverhead+1 {
		t.Errorf("MessageTokens(oi) = %d, want %d", plain, messageOverhead+1)
	}
	if c := MessageTokens(call("c1")); c <= 2*messageOverhead {
		t.Errorf("MessageTokens(call) = %d, want the call's name and arguments counted", c)
	}
}
