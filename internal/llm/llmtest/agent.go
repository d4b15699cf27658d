package llmtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Texts the local agent answers with.
const (
	// AgentPlainText answers a request without tools, or one whose last
	// message is neither the user's nor a tool's.
	AgentPlainText = "Olá! Sou o assistente de testes do Piloto de Vendas. Como posso ajudar?"
	// AgentNotFoundText answers when no search found a passage it was sure of.
	AgentNotFoundText = "Não encontrei essa informação na nossa base. Vou confirmar com a equipe e te retorno."
	// AgentFoundPrefix starts an answer from a passage.
	AgentFoundPrefix = "Pelo que encontrei: "
	// agentCorrection is how the runtime's citation correction starts.
	agentCorrection = "Correção:"
	// maxSentence bounds the passage sentence quoted.
	maxSentence = 200
)

// AgentOptions tune the local agent's pace.
type AgentOptions struct {
	// Delay is the pause before every streamed piece (word) of an answer
	// and before each tool call (Reply.Delay).
	Delay time.Duration
	// Think is an extra wait before every answer begins, as a model that
	// takes a while to start (1–3 s for a real one). It is slept before the
	// server writes anything, whatever the client does meanwhile.
	Think time.Duration
}

// Agent is AgentWith(AgentOptions{}): a deterministic local "model" without
// pauses.
var Agent = AgentWith(AgentOptions{})

// AgentWith returns a Server.Default that behaves like a tool-using sales
// agent, for requests in the OpenAI Chat Completions format ("messages" and
// "tools"):
//
//   - a request without tools, or whose last message is not the user's or a
//     tool's, gets AgentPlainText;
//   - a user message starting with "Correção:" (the runtime's correction of
//     citations) gets the previous assistant text with every [p:…] removed;
//   - another user message gets a call of search_knowledge with the
//     message's questions as the query (its sentences ending in "?"; the
//     whole message when it asks none) and, when the message says "meu nome é X", "me chamo X"
//     or "sou o/a X", a call of update_lead setting the field "nome" to X with
//     the phrase as evidence (each only when the request declares the tool;
//     ids call_1, call_2, …); with neither, AgentPlainText;
//   - after tool results (the tool messages after the last user message):
//     "Pelo que encontrei: <the first sentence of the first passage (after
//     its heading path), at most 200 characters> [p:<its id>]" when a search_knowledge result has
//     passages and is not unsure, else AgentNotFoundText; "Prazer, X! " first
//     when update_lead saved "nome".
//
// Text is streamed word by word (OutputTokens is the number of pieces);
// InputTokens is the request body's length over four.
func AgentWith(o AgentOptions) func(Request) Reply {
	return func(r Request) Reply {
		if o.Think > 0 {
			time.Sleep(o.Think)
		}
		reply := agentAnswer(r)
		reply.Delay = o.Delay
		reply.InputTokens = max(len(r.Body)/4, 1)
		if len(reply.Text) > 0 {
			reply.OutputTokens = len(reply.Text)
		} else {
			out := 0
			for _, c := range reply.ToolCalls {
				out += 4 + len(c.Arguments)/4
			}
			reply.OutputTokens = out
		}
		return reply
	}
}

// agentMessage is one message of a Chat Completions request.
type agentMessage struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content"`
	ToolCallID string          `json:"tool_call_id"`
	ToolCalls  []struct {
		ID       string `json:"id"`
		Function struct {
			Name      string `json:"name"`
			Arguments string `json:"arguments"`
		} `json:"function"`
	} `json:"tool_calls"`
}

// text reads the content: a string, or the text parts of an array.
func (m agentMessage) text() string {
	var s string
	if err := json.Unmarshal(m.Content, &s); err == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	_ = json.Unmarshal(m.Content, &parts)
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

type agentRequest struct {
	Messages []agentMessage `json:"messages"`
	Tools    []struct {
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	} `json:"tools"`
}

func (a agentRequest) declares(name string) bool {
	for _, t := range a.Tools {
		if t.Function.Name == name {
			return true
		}
	}
	return false
}

var (
	// namePattern finds how a lead says their name.
	namePattern = regexp.MustCompile(`(?i)(?:^|[^\p{L}])((?:meu nome é|me chamo|sou o|sou a)\s+(\p{L}+))`)
	citation    = regexp.MustCompile(`\s*\[p:[^\]]*\]`)
	question    = regexp.MustCompile(`[^.!?\n]*\?`)
)

// agentQuery is what the agent searches for: the questions of the text (its
// sentences ending in "?"), as a model leaves greetings and introductions
// out of a query; the whole text when it asks none.
func agentQuery(text string) string {
	var qs []string
	for _, q := range question.FindAllString(text, -1) {
		if q = strings.TrimSpace(q); q != "?" {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return strings.TrimSpace(text)
	}
	return strings.Join(qs, " ")
}

// agentName returns the name a text gives and the phrase giving it.
func agentName(text string) (name, phrase string, ok bool) {
	m := namePattern.FindStringSubmatch(text)
	if m == nil {
		return "", "", false
	}
	return m[2], m[1], true
}

func agentAnswer(r Request) Reply {
	var req agentRequest
	if err := json.Unmarshal(r.Body, &req); err != nil || len(req.Tools) == 0 || len(req.Messages) == 0 {
		return agentText(AgentPlainText)
	}
	last := req.Messages[len(req.Messages)-1]
	switch last.Role {
	case "user":
		text := last.text()
		if strings.HasPrefix(strings.TrimSpace(text), agentCorrection) {
			for i := len(req.Messages) - 2; i >= 0; i-- {
				if m := req.Messages[i]; m.Role == "assistant" && strings.TrimSpace(m.text()) != "" {
					return agentText(strings.TrimSpace(citation.ReplaceAllString(m.text(), "")))
				}
			}
			return agentText(AgentNotFoundText)
		}
		var calls []ToolCall
		add := func(name string, args any) {
			calls = append(calls, ToolCall{ID: fmt.Sprintf("call_%d", len(calls)+1), Name: name, Arguments: asciiJSON(args)})
		}
		if req.declares("search_knowledge") {
			add("search_knowledge", map[string]string{"query": agentQuery(text)})
		}
		if name, phrase, ok := agentName(text); ok && req.declares("update_lead") {
			add("update_lead", map[string]any{"fields": map[string]any{
				"nome": map[string]any{"value": name, "evidence": phrase, "confidence": 0.9}}})
		}
		if len(calls) == 0 {
			return agentText(AgentPlainText)
		}
		return Reply{ToolCalls: calls}
	case "tool":
		return agentText(agentAfterTools(req.Messages))
	}
	return agentText(AgentPlainText)
}

// agentAfterTools writes the answer from the tool results after the last
// user message.
func agentAfterTools(msgs []agentMessage) string {
	from := 0
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			from = i + 1
			break
		}
	}
	type call struct{ name, args string }
	calls := map[string]call{}
	found, greeting := "", ""
	for _, m := range msgs[from:] {
		switch m.Role {
		case "assistant":
			for _, c := range m.ToolCalls {
				calls[c.ID] = call{c.Function.Name, c.Function.Arguments}
			}
		case "tool":
			c := calls[m.ToolCallID]
			switch c.name {
			case "search_knowledge":
				var res struct {
					Passages []struct {
						ID      string `json:"id"`
						Heading string `json:"heading"`
						Text    string `json:"text"`
					} `json:"passages"`
					Unsure bool `json:"unsure"`
				}
				if json.Unmarshal([]byte(m.text()), &res) == nil && found == "" && len(res.Passages) > 0 && !res.Unsure {
					p := res.Passages[0]
					found = AgentFoundPrefix + firstSentence(strings.TrimPrefix(p.Text, p.Heading)) + " [p:" + p.ID + "]"
				}
			case "update_lead":
				var res struct {
					Saved []string `json:"saved"`
				}
				var args struct {
					Fields map[string]struct {
						Value string `json:"value"`
					} `json:"fields"`
				}
				if json.Unmarshal([]byte(m.text()), &res) == nil && json.Unmarshal([]byte(c.args), &args) == nil {
					for _, k := range res.Saved {
						if v := args.Fields[k].Value; k == "nome" && v != "" {
							greeting = "Prazer, " + v + "! "
						}
					}
				}
			}
		}
	}
	if found == "" {
		found = AgentNotFoundText
	}
	return greeting + found
}

// firstSentence is text's first sentence (through the first ".", "!" or "?"
// followed by a space or the end), on one line, at most maxSentence
// characters.
func firstSentence(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	for i, r := range text {
		if strings.ContainsRune(".!?", r) {
			if next := i + utf8.RuneLen(r); next == len(text) || text[next] == ' ' {
				text = text[:next]
				break
			}
		}
	}
	if utf8.RuneCountInString(text) > maxSentence {
		text = strings.TrimSpace(string([]rune(text)[:maxSentence-1])) + "…"
	}
	return text
}

// asciiJSON encodes v with every non-ASCII character escaped (\u00e9), as
// some models write: the servers cut arguments in pieces at byte offsets,
// which must not fall inside a character.
func asciiJSON(v any) string {
	b, _ := json.Marshal(v)
	var out strings.Builder
	for _, r := range string(b) {
		switch {
		case r < utf8.RuneSelf:
			out.WriteRune(r)
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&out, "\\u%04x\\u%04x", r1, r2)
		default:
			fmt.Fprintf(&out, "\\u%04x", r)
		}
	}
	return out.String()
}

// agentText streams text word by word.
func agentText(text string) Reply {
	return Reply{Text: strings.SplitAfter(text, " ")}
}
