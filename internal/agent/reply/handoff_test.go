package reply

import (
	"testing"

	"github.com/pilotodevendas/piloto/internal/agent"
)

func TestHandoff(t *testing.T) {
	onRequest := agent.HandoffRules{OnRequest: true}
	keywords := agent.HandoffRules{Keywords: []string{"orçamento", "nota fiscal", " PIX "}}
	unanswered := agent.HandoffRules{AfterUnanswered: 3}
	qualified := agent.HandoffRules{WhenQualified: true}
	all := agent.HandoffRules{OnRequest: true, AfterUnanswered: 2, Keywords: []string{"orçamento"}, WhenQualified: true}

	tests := []struct {
		name   string
		rules  agent.HandoffRules
		in     HandoffInput
		reason string // "" for no handoff
	}{
		// The lead asks for a person.
		{"atendente", onRequest, HandoffInput{LeadText: "Quero falar com um atendente", RequiredMissing: 1}, ReasonRequest},
		{"pessoa, accents and case", onRequest, HandoffInput{LeadText: "POSSO FALAR COM UMA PESSOA?", RequiredMissing: 1}, ReasonRequest},
		{"alguém without accent", onRequest, HandoffInput{LeadText: "da pra falar com alguem ai", RequiredMissing: 1}, ReasonRequest},
		{"alguém with accent", onRequest, HandoffInput{LeadText: "Dá pra falar com alguém?", RequiredMissing: 1}, ReasonRequest},
		{"atendente humano", onRequest, HandoffInput{LeadText: "preciso de um atendente humano urgente", RequiredMissing: 1}, ReasonRequest},
		{"vendedor", onRequest, HandoffInput{LeadText: "Oi, quero um vendedor.", RequiredMissing: 1}, ReasonRequest},
		{"pessoa de verdade", onRequest, HandoffInput{LeadText: "isso é robô? quero uma pessoa de verdade", RequiredMissing: 1}, ReasonRequest},
		{"not a robot", onRequest, HandoffInput{LeadText: "Não quero falar com robô", RequiredMissing: 1}, ReasonRequest},
		{"no, then a request", onRequest, HandoffInput{LeadText: "Não, quero falar com uma pessoa", RequiredMissing: 1}, ReasonRequest},
		{"negation in an earlier sentence", onRequest, HandoffInput{LeadText: "Não sei. Me passa para um atendente", RequiredMissing: 1}, ReasonRequest},
		{"negated: ninguém", onRequest, HandoffInput{LeadText: "não quero falar com ninguém agora", RequiredMissing: 1}, ""},
		{"negated: não quero", onRequest, HandoffInput{LeadText: "Não quero falar com um atendente agora, só tirar uma dúvida", RequiredMissing: 1}, ""},
		{"negated without accent", onRequest, HandoffInput{LeadText: "nao quero um vendedor me ligando", RequiredMissing: 1}, ""},
		{"negated: não preciso", onRequest, HandoffInput{LeadText: "não preciso falar com uma pessoa", RequiredMissing: 1}, ""},
		{"a word inside another is no match", onRequest, HandoffInput{LeadText: "a pessoa realmente gostou", RequiredMissing: 1}, ""},
		{"ordinary question", onRequest, HandoffInput{LeadText: "Qual o preço do sofá?", RequiredMissing: 1}, ""},
		{"rule off", agent.HandoffRules{}, HandoffInput{LeadText: "quero falar com um atendente", RequiredMissing: 1}, ""},

		// Keywords.
		{"keyword", keywords, HandoffInput{LeadText: "Me manda um orçamento?"}, "O lead escreveu a palavra-chave “orçamento”"},
		{"keyword folded", keywords, HandoffInput{LeadText: "ORCAMENTO pfv"}, "O lead escreveu a palavra-chave “orçamento”"},
		{"keyword of two words", keywords, HandoffInput{LeadText: "vocês emitem Nota Fiscal?"}, "O lead escreveu a palavra-chave “nota fiscal”"},
		{"keyword trimmed", keywords, HandoffInput{LeadText: "aceita pix?"}, "O lead escreveu a palavra-chave “PIX”"},
		{"keyword whole word only", keywords, HandoffInput{LeadText: "orçamentos antigos; pixel; nota"}, ""},
		{"keyword words out of order", keywords, HandoffInput{LeadText: "fiscal nota"}, ""},
		{"blank keyword ignored", agent.HandoffRules{Keywords: []string{" ", ""}}, HandoffInput{LeadText: "oi"}, ""},

		// Unanswered questions.
		{"unanswered reached", unanswered, HandoffInput{Unanswered: 3}, "O agente não soube responder 3 perguntas"},
		{"unanswered beyond", unanswered, HandoffInput{Unanswered: 5}, "O agente não soube responder 5 perguntas"},
		{"unanswered below", unanswered, HandoffInput{Unanswered: 2}, ""},
		{"unanswered one", agent.HandoffRules{AfterUnanswered: 1}, HandoffInput{Unanswered: 1}, "O agente não soube responder 1 pergunta"},
		{"unanswered off", agent.HandoffRules{AfterUnanswered: 0}, HandoffInput{Unanswered: 10}, ""},

		// Qualified.
		{"qualified", qualified, HandoffInput{RequiredTotal: 2, RequiredMissing: 0}, ReasonQualified},
		{"not yet qualified", qualified, HandoffInput{RequiredTotal: 2, RequiredMissing: 1}, ""},
		{"nothing required: never qualified by this rule", qualified, HandoffInput{RequiredTotal: 0}, ""},
		{"qualified rule off", agent.HandoffRules{}, HandoffInput{RequiredTotal: 2, RequiredMissing: 0}, ""},

		// Order: request, keyword, unanswered, qualified.
		{"request first", all, HandoffInput{LeadText: "orçamento: quero falar com uma pessoa", Unanswered: 5}, ReasonRequest},
		{"keyword before unanswered", all, HandoffInput{LeadText: "orçamento", Unanswered: 5}, "O lead escreveu a palavra-chave “orçamento”"},
		{"unanswered before qualified", all, HandoffInput{LeadText: "ok", Unanswered: 2}, "O agente não soube responder 2 perguntas"},
		{"qualified last", all, HandoffInput{LeadText: "ok", RequiredTotal: 1}, ReasonQualified},
		{"nothing holds", all, HandoffInput{LeadText: "ok", Unanswered: 1, RequiredMissing: 2}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, ok := Handoff(tt.rules, tt.in)
			if ok != (tt.reason != "") || reason != tt.reason {
				t.Errorf("Handoff(%q) = %q, %v; want %q", tt.in.LeadText, reason, ok, tt.reason)
			}
		})
	}
}
