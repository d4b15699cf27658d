package reply

import (
	"fmt"
	"strings"

	"github.com/pilotodevendas/piloto/internal/agent"
)

// HandoffInput is what Handoff decides on.
type HandoffInput struct {
	// LeadText is the lead's latest message.
	LeadText string
	// Unanswered is how many questions of the lead the agent could not
	// answer in this conversation.
	Unanswered int
	// RequiredTotal is how many qualification fields the agent requires;
	// RequiredMissing how many of them the lead has no value for yet.
	RequiredTotal, RequiredMissing int
}

// Reasons Handoff gives, in pt-BR for the UI.
const (
	ReasonRequest   = "O lead pediu para falar com uma pessoa"
	ReasonQualified = "O lead está qualificado: todas as informações obrigatórias foram coletadas"
)

// Handoff reports whether the conversation goes to a person under rules and
// why, in pt-BR for the UI. The rules are checked in this order and the first
// that holds gives the reason:
//
//   - rules.OnRequest: the lead asks for a person ("quero falar com um
//     atendente", "tem alguém de verdade aí?"), by a fixed list of pt-BR
//     phrases matched as whole words after folding case and accents;
//   - rules.Keywords: the lead writes one of them, folded the same way and
//     matched as whole words (a keyword of several words matches them in
//     sequence);
//   - rules.AfterUnanswered > 0: in.Unanswered reached it;
//   - rules.WhenQualified: the agent requires fields (in.RequiredTotal > 0)
//     and none is missing.
//
// Limits: the phrase list is small and literal, so a request in other words
// ("me liga", "cadê o dono?") or in another language is missed. A phrase is
// ignored when "não", "nunca" or "nem" comes up to three words before it in
// the same clause (clauses end at . , ; : ! ? and line breaks), so "não quero
// falar com um atendente" does not hand off while "Não, quero falar com uma
// pessoa" does; a negation farther away ("não acho que eu vá querer falar com
// uma pessoa") is not seen. Keywords are not checked for negation.
func Handoff(rules agent.HandoffRules, in HandoffInput) (reason string, ok bool) {
	if rules.OnRequest && asksForPerson(in.LeadText) {
		return ReasonRequest, true
	}
	if len(rules.Keywords) > 0 {
		words := foldWords(in.LeadText)
		for _, k := range rules.Keywords {
			kw := foldWords(k)
			if len(kw) > 0 && indexWords(words, kw, 0) >= 0 {
				return fmt.Sprintf("O lead escreveu a palavra-chave “%s”", strings.TrimSpace(k)), true
			}
		}
	}
	if rules.AfterUnanswered > 0 && in.Unanswered >= rules.AfterUnanswered {
		if in.Unanswered == 1 {
			return "O agente não soube responder 1 pergunta", true
		}
		return fmt.Sprintf("O agente não soube responder %d perguntas", in.Unanswered), true
	}
	if rules.WhenQualified && in.RequiredTotal > 0 && in.RequiredMissing <= 0 {
		return ReasonQualified, true
	}
	return "", false
}

// personPhrases are how leads ask for a person, folded.
var personPhrases = func() [][]string {
	phrases := []string{
		"falar com um atendente", "falar com uma atendente", "falar com atendente", "falar com o atendente",
		"falar com uma pessoa", "falar com alguem", "falar com um humano", "falar com humano",
		"falar com um ser humano", "falar com um vendedor", "falar com uma vendedora", "falar com o vendedor",
		"falar com vendedor", "falar com o responsavel", "falar com o gerente", "falar com o dono",
		"falar com a equipe", "falar com o suporte", "falar com gente",
		"atendente humano", "atendimento humano", "pessoa de verdade", "pessoa real", "alguem de verdade",
		"quero um atendente", "quero uma pessoa", "quero um vendedor", "quero uma vendedora", "quero um humano",
		"me passa para um atendente", "me passa pra um atendente", "me transfere", "transferir para um atendente",
		"chama um atendente", "chamar um atendente", "nao quero falar com robo",
		"nao quero falar com um robo", "nao quero falar com maquina", "parar de falar com robo",
	}
	out := make([][]string, len(phrases))
	for i, p := range phrases {
		out[i] = foldWords(p)
	}
	return out
}()

// negations are the words that, shortly before a phrase, cancel it.
var negations = map[string]bool{"nao": true, "nunca": true, "nem": true}

// negationWindow is how many words before a phrase a negation is looked for.
const negationWindow = 3

// asksForPerson reports whether text matches a person phrase that is not
// negated in its clause.
func asksForPerson(text string) bool {
	for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".,;:!?\n", r) }) {
		words := foldWords(clause)
		for _, phrase := range personPhrases {
			for at := indexWords(words, phrase, 0); at >= 0; at = indexWords(words, phrase, at+1) {
				if phrase[0] == "nao" || !negated(words, at) {
					return true
				}
			}
		}
	}
	return false
}

// negated reports whether a negation comes within negationWindow words
// before words[at].
func negated(words []string, at int) bool {
	for i := max(0, at-negationWindow); i < at; i++ {
		if negations[words[i]] {
			return true
		}
	}
	return false
}

// indexWords returns the first index from start where phrase occurs in
// words, or -1.
func indexWords(words, phrase []string, start int) int {
	for i := start; i+len(phrase) <= len(words); i++ {
		match := true
		for j, w := range phrase {
			if words[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}
