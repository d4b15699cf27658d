package reply

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/org"
)

// Agents is what the runtime needs of agents (agent.Service).
type Agents interface {
	Get(ctx context.Context, orgID, id string) (*agent.Agent, error)
}

// Inbox is what the runtime needs of conversations (inbox.Service).
type Inbox interface {
	Conversation(ctx context.Context, orgID, id string) (*inbox.Conversation, error)
	Messages(ctx context.Context, orgID, conversationID, cursor string, limit int) ([]inbox.Message, string, error)
	AddMessage(ctx context.Context, orgID, conversationID string, msg inbox.Message) (*inbox.Message, error)
	SetLeadField(ctx context.Context, orgID, leadID, key, value, evidence string, confidence float64) error
	SetConversationStatus(ctx context.Context, orgID, id string, status inbox.Status, byUserID string) error
	SaveTrace(ctx context.Context, orgID string, t *inbox.Trace) error
	Trace(ctx context.Context, orgID, id string) (*inbox.Trace, error)
	AddFollowup(ctx context.Context, orgID, conversationID string, when time.Time, note string) (*inbox.Followup, error)
	BeginReply(ctx context.Context, orgID, id string) (end func(), ok bool, err error)
}

// Organizations names the company the agent speaks for (store.DB).
type Organizations interface {
	Organization(ctx context.Context, id string) (*org.Organization, error)
}

// LLM hands the runtime a metered provider (llm.Service).
type LLM interface {
	ProviderFor(ctx context.Context, orgID, provider, model string, use llm.Use) (llm.Provider, string, error)
}

// Knowledge searches an organization's knowledge bases (knowledge.Service).
type Knowledge interface {
	Search(ctx context.Context, orgID string, q knowledge.Query) ([]knowledge.Hit, error)
}

// Runtime limits.
const (
	// HistoryMessages is how many of the conversation's latest messages are
	// loaded; HistoryBudget the tokens (CountTokens) they may take in the
	// request once trimmed.
	HistoryMessages = 50
	HistoryBudget   = 6000
	// MaxModelCalls bounds the tool loop; a citation retry comes on top.
	MaxModelCalls = 4
	// SearchResults is how many passages search_knowledge returns.
	SearchResults = 5
	// maxToolText is how much of a tool's arguments or result a trace keeps.
	maxToolText = 2000
)

// Messages the runtime sends on its own, in pt-BR.
const (
	HandoffMessage  = "Vou passar sua conversa para uma pessoa da nossa equipe, que vai te responder em breve."
	FallbackMessage = "Vou confirmar essa informação com a equipe e já te retorno."
	// CitationCorrection asks the model to answer again when it cited
	// passages search_knowledge did not return in this turn.
	CitationCorrection = "Correção: sua resposta citou trechos que não foram devolvidos pela ferramenta search_knowledge nesta conversa (%s). " +
		"Cite só os trechos devolvidos pela search_knowledge, pelo id exato, ou não cite nada. Reescreva a resposta ao lead."
)

// Why Reply did not answer, or what it did.
const (
	OutcomeReplied    = "reply"
	OutcomeOutOfHours = "out_of_hours"
	OutcomeHandoff    = "handoff"

	SkipNoAgent      = "no_agent"      // the conversation has no agent
	SkipAgentOff     = "agent_off"     // the agent is disabled
	SkipAIPaused     = "ai_paused"     // a person took over
	SkipWaitingHuman = "waiting_human" // handed off already
	SkipClosed       = "closed"        // the conversation is closed
	SkipNothingNew   = "nothing_new"   // no lead message since the last answer
	SkipBusy         = "busy"          // another reply is answering the conversation
	// SkipToldOutOfHours: out of hours, and the lead got the out-of-hours
	// message less than OutOfHoursRepeat ago.
	SkipToldOutOfHours = "told_out_of_hours"
)

// OutOfHoursRepeat is how long after the out-of-hours message a lead
// writing again out of hours is not told again.
const OutOfHoursRepeat = 12 * time.Hour

// Result is what Reply did.
type Result struct {
	// Skipped says why nothing was sent ("" when something was).
	Skipped string
	// Outcome is OutcomeReplied, OutcomeOutOfHours or OutcomeHandoff when
	// messages were stored.
	Outcome string
	// Messages are the AI messages stored, in order.
	Messages []inbox.Message
	// HandedOff says the conversation went to a person (waiting_human),
	// by a rule or by the model's handoff_to_human; Reason says why.
	HandedOff bool
	Reason    string
	// Trace is the trace saved (nil when skipped).
	Trace *inbox.Trace
}

// Service answers leads: it loads a conversation and its agent, applies the
// agent's business hours and handoff rules, and runs the model with its
// tools (search_knowledge, update_lead, handoff_to_human).
type Service struct {
	Agents    Agents
	Inbox     Inbox
	LLM       LLM
	Knowledge Knowledge
	// Orgs names the company in the prompt; nil leaves the name out.
	Orgs   Organizations
	Clock  piloto.Clock
	Logger *slog.Logger
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

// Reply answers the lead's latest messages in a conversation: the ones after
// the last message that went out from the agent or a person.
//
// It sends nothing when the conversation has no agent, the agent is off, a
// person took over, the conversation waits for a person or is closed, or
// there is no new lead message (Result.Skipped says which). Outside business
// hours it stores the agent's out-of-hours message without calling the
// model, once: not again within OutOfHoursRepeat (SkipToldOutOfHours). When a handoff rule holds, the conversation goes to waiting_human
// with a system message giving the reason and an AI message telling the lead
// a person will answer. Otherwise the model answers, with at most
// MaxModelCalls calls (plus one retry when it cites passages it was not
// given), and its answer is stored as one AI message per part (FormatReply).
// Every reply saves a trace linked to its first AI message; a reply whose
// model call fails saves one with the error and no message, and returns the
// error (an *llm.Error for the provider's failures: KindNotConfigured when
// no provider can be called).
//
// Only one reply runs in a conversation at a time, on every instance: while
// another holds it, Reply does nothing (SkipBusy).
//
// The unanswered count of the handoff rule is kept in the traces: each
// trace's Detail.Unanswered is the count up to it (reset by a handoff), so the
// count is read from the latest trace of the conversation's recent messages.
func (s *Service) Reply(ctx context.Context, orgID, conversationID string) (*Result, error) {
	return s.Stream(ctx, orgID, conversationID, nil)
}

// Stream is Reply telling each step as it happens to watch (nil for none),
// from the goroutine that called it: the model's draft text, tool calls and
// results, lead fields saved, the handoff and the messages stored.
func (s *Service) Stream(ctx context.Context, orgID, conversationID string, watch func(Step)) (*Result, error) {
	start := time.Now()
	end, ok, err := s.Inbox.BeginReply(ctx, orgID, conversationID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &Result{Skipped: SkipBusy}, nil
	}
	defer end()
	conv, err := s.Inbox.Conversation(ctx, orgID, conversationID)
	if err != nil {
		return nil, err
	}
	switch {
	case conv.AgentID == "":
		return &Result{Skipped: SkipNoAgent}, nil
	case conv.Status == inbox.StatusClosed:
		return &Result{Skipped: SkipClosed}, nil
	case conv.Status == inbox.StatusWaitingHuman:
		return &Result{Skipped: SkipWaitingHuman}, nil
	case conv.AIPaused:
		return &Result{Skipped: SkipAIPaused}, nil
	}
	ag, err := s.Agents.Get(ctx, orgID, conv.AgentID)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return &Result{Skipped: SkipNoAgent}, nil
	}
	if err != nil {
		return nil, err
	}
	if !ag.Enabled {
		return &Result{Skipped: SkipAgentOff}, nil
	}
	history, _, err := s.Inbox.Messages(ctx, orgID, conversationID, "", HistoryMessages)
	if err != nil {
		return nil, err
	}
	leadText := pendingLeadText(history)
	if leadText == "" {
		return &Result{Skipped: SkipNothingNew}, nil
	}

	if watch == nil {
		watch = func(Step) {}
	}
	t := &turn{s: s, ctx: ctx, orgID: orgID, conv: conv, agent: ag, start: start, watch: watch, returned: map[string]knowledge.Hit{},
		trace: &inbox.Trace{ConversationID: conversationID, AgentID: ag.ID, AgentVersion: ag.Version}}
	last := s.latestTrace(ctx, orgID, history)
	if last != nil {
		t.unanswered = last.Detail.Unanswered
	}
	now := s.Clock.Now()

	if !Open(ag.BusinessHours, now) {
		if last != nil && last.Detail.Outcome == OutcomeOutOfHours && now.Sub(last.CreatedAt) < OutOfHoursRepeat {
			return &Result{Skipped: SkipToldOutOfHours}, nil
		}
		msg := strings.TrimSpace(ag.BusinessHours.OutOfHoursMessage)
		if msg == "" {
			msg = "Olá! Estamos fora do horário de atendimento (" + HoursSummary(ag.BusinessHours) + "). Respondemos assim que voltarmos."
		}
		t.trace.Detail.Outcome = OutcomeOutOfHours
		return t.finish(OutcomeOutOfHours, []string{msg})
	}

	var lead []inbox.LeadField
	if conv.Lead != nil {
		lead = conv.Lead.Fields
	}
	missing := missingFields(ag.QualificationFields, lead)
	requiredTotal, requiredMissing := 0, 0
	for _, f := range ag.QualificationFields {
		if f.Required {
			requiredTotal++
		}
	}
	for _, f := range missing {
		if f.Required {
			requiredMissing++
		}
	}
	if reason, ok := Handoff(ag.Handoff, HandoffInput{LeadText: leadText, Unanswered: t.unanswered,
		RequiredTotal: requiredTotal, RequiredMissing: requiredMissing}); ok {
		if err := t.handOff(reason); err != nil {
			return nil, err
		}
		return t.finish(OutcomeHandoff, []string{HandoffMessage})
	}

	system := SystemPrompt(PromptInput{Agent: ag.Config, OrganizationName: s.organizationName(ctx, orgID),
		Now: now, Open: true, Lead: lead, Missing: missing})
	msgs := TrimHistory(toLLM(history), HistoryBudget)
	parts, err := t.converse(system, msgs)
	if err != nil {
		t.failed(err)
		return nil, err
	}
	// The lead gave the last required field in this turn: the answer, then
	// the handoff, rather than a silent handoff at the next message.
	if ag.Handoff.WhenQualified && requiredTotal > 0 && !t.handedOff && conv.Lead != nil {
		stillMissing := 0
		for _, f := range missingFields(ag.QualificationFields, conv.Lead.Fields) {
			if f.Required {
				stillMissing++
			}
		}
		if stillMissing == 0 {
			t.handoffAfter = ReasonQualified
			parts = append(parts, HandoffMessage)
		}
	}
	return t.finish(OutcomeReplied, parts)
}

// organizationName is the company's name for the prompt ("" when unknown).
func (s *Service) organizationName(ctx context.Context, orgID string) string {
	if s.Orgs == nil {
		return ""
	}
	o, err := s.Orgs.Organization(ctx, orgID)
	if err != nil {
		s.logger().WarnContext(ctx, "reading the organization failed", "organization_id", orgID, "err", err)
		return ""
	}
	return o.Name
}

// pendingLeadText joins the lead's messages after the last message the agent
// or a person sent; "" when there are none.
func pendingLeadText(history []inbox.Message) string {
	var texts []string
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		if m.Author == inbox.AuthorAI || m.Author == inbox.AuthorHuman {
			break
		}
		if m.Author == inbox.AuthorLead && strings.TrimSpace(m.Text) != "" {
			texts = append(texts, m.Text)
		}
	}
	slices.Reverse(texts)
	return strings.Join(texts, "\n")
}

// toLLM turns the conversation into model messages: the lead's are the
// user's, the agent's and people's the assistant's; system notes are left
// out.
func toLLM(history []inbox.Message) []llm.Message {
	var out []llm.Message
	for _, m := range history {
		text := strings.TrimSpace(m.Text)
		if text == "" {
			if m.MediaRef == "" {
				continue
			}
			text = "[anexo: " + m.MediaType + "]"
		}
		switch m.Author {
		case inbox.AuthorLead:
			out = append(out, llm.Message{Role: llm.RoleUser, Content: text})
		case inbox.AuthorAI, inbox.AuthorHuman:
			out = append(out, llm.Message{Role: llm.RoleAssistant, Content: text})
		}
	}
	return out
}

// latestTrace reads the trace of the latest reply among the messages (nil
// for none, or when it does not read: logged).
func (s *Service) latestTrace(ctx context.Context, orgID string, history []inbox.Message) *inbox.Trace {
	for i := len(history) - 1; i >= 0; i-- {
		if id := history[i].TraceID; id != nil && *id != "" {
			t, err := s.Inbox.Trace(ctx, orgID, *id)
			if err != nil {
				s.logger().WarnContext(ctx, "reading a trace failed", "organization_id", orgID, "trace_id", *id, "err", err)
				return nil
			}
			return t
		}
	}
	return nil
}

// missingFields are the agent's qualification fields the lead has no value
// for, in the agent's order.
func missingFields(fields []agent.QualificationField, lead []inbox.LeadField) []agent.QualificationField {
	known := map[string]bool{}
	for _, f := range lead {
		if strings.TrimSpace(f.Value) != "" {
			known[f.Key] = true
		}
	}
	var out []agent.QualificationField
	for _, f := range fields {
		if !known[f.Key] {
			out = append(out, f)
		}
	}
	return out
}

// turn is one reply in the making.
type turn struct {
	s     *Service
	ctx   context.Context
	orgID string
	conv  *inbox.Conversation
	agent *agent.Agent
	start time.Time
	trace *inbox.Trace
	errs  []string
	watch func(Step)

	unanswered int
	handedOff  bool
	reason     string
	// handoffAfter is a handoff to make once the answer is stored.
	handoffAfter string

	// returned are the passages search_knowledge returned in this turn.
	returned map[string]knowledge.Hit
	passages []StepPassage // the last search's, for its StepToolResult
	searches int
	sure     bool // some search found a passage at or above its corpus's "não sei" threshold
}

// handOff sends the conversation to a person with a system message saying
// why.
func (t *turn) handOff(reason string) error {
	if t.handedOff {
		return nil
	}
	if err := t.s.Inbox.SetConversationStatus(t.ctx, t.orgID, t.conv.ID, inbox.StatusWaitingHuman, ""); err != nil {
		return err
	}
	m, err := t.s.Inbox.AddMessage(t.ctx, t.orgID, t.conv.ID, inbox.Message{Author: inbox.AuthorSystem,
		Text: "Conversa transferida para um humano: " + reason})
	if err != nil {
		return err
	}
	t.handedOff, t.reason = true, reason
	t.watch(Step{Type: StepHandoff, Reason: reason})
	t.watch(Step{Type: StepMessage, Message: m})
	return nil
}

// failed saves the trace of a reply that could not be given: what was done
// until err, and err. Saving it is best effort (logged): err is what the
// caller gets.
func (t *turn) failed(err error) {
	tr := t.trace
	tr.LatencyMS = time.Since(t.start).Milliseconds()
	tr.Error = strings.Join(append(t.errs, err.Error()), "; ")
	if serr := t.s.Inbox.SaveTrace(context.WithoutCancel(t.ctx), t.orgID, tr); serr != nil {
		t.s.logger().ErrorContext(t.ctx, "saving the trace of a failed reply failed", "organization_id", t.orgID,
			"conversation_id", t.conv.ID, "err", serr)
	}
}

// finish stores the AI messages and the trace.
func (t *turn) finish(outcome string, parts []string) (*Result, error) {
	res := &Result{Outcome: outcome, HandedOff: t.handedOff, Reason: t.reason}
	for _, p := range parts {
		m, err := t.s.Inbox.AddMessage(t.ctx, t.orgID, t.conv.ID, inbox.Message{Author: inbox.AuthorAI, Text: p})
		if err != nil {
			return nil, err
		}
		res.Messages = append(res.Messages, *m)
		t.watch(Step{Type: StepMessage, Message: m})
	}
	if t.handoffAfter != "" {
		if err := t.handOff(t.handoffAfter); err != nil {
			return nil, err
		}
		res.HandedOff, res.Reason = true, t.reason
	}
	if outcome == OutcomeReplied && t.searches > 0 && !t.sure {
		t.unanswered++
	}
	if t.handedOff {
		t.unanswered = 0 // a person answers now; the count starts again
	}
	tr := t.trace
	tr.Detail.Unanswered = t.unanswered
	tr.Detail.Outcome = outcome
	if len(res.Messages) > 0 {
		tr.MessageID = res.Messages[0].ID
	}
	tr.LatencyMS = time.Since(t.start).Milliseconds()
	tr.Error = strings.Join(t.errs, "; ")
	if err := t.s.Inbox.SaveTrace(t.ctx, t.orgID, tr); err != nil {
		return nil, err
	}
	for i := range res.Messages {
		res.Messages[i].TraceID = &tr.ID
	}
	res.Trace = tr
	return res, nil
}

// converse runs the model with its tools and returns the parts to send.
func (t *turn) converse(system string, msgs []llm.Message) ([]string, error) {
	ag := t.agent
	provider, model, err := t.s.LLM.ProviderFor(t.ctx, t.orgID, ag.Provider, ag.Model,
		llm.Use{AgentID: ag.ID, ConversationID: t.conv.ID, Purpose: llm.PurposeReply})
	if err != nil {
		return nil, err
	}
	t.trace.Detail.Provider, t.trace.Detail.Model = provider.Name(), model
	t.trace.Detail.PromptChars = len(system)
	t.trace.Detail.PromptTokens = CountTokens(system)
	for _, m := range msgs {
		t.trace.Detail.PromptChars += len(m.Content)
		t.trace.Detail.PromptTokens += MessageTokens(m)
	}
	temp := ag.Temperature
	req := llm.Request{Model: model, System: system, Messages: msgs, Tools: Tools(), Temperature: &temp}
	draft := func(ev llm.Event) error {
		if ev.Type == llm.EventText && ev.Text != "" {
			t.watch(Step{Type: StepDraft, Text: ev.Text})
		}
		return nil
	}
	call := func() (*llm.Response, error) {
		began := time.Now()
		resp, err := provider.Stream(t.ctx, req, draft)
		t.trace.Detail.ModelMS += time.Since(began).Milliseconds()
		if resp != nil {
			t.trace.InputTokens += int64(resp.Usage.InputTokens)
			t.trace.OutputTokens += int64(resp.Usage.OutputTokens)
			t.trace.CostMicroBRL += resp.CostMicroBRL
		}
		return resp, err
	}

	var resp *llm.Response
	text := ""
	for calls := 0; calls < MaxModelCalls; calls++ {
		if resp, err = call(); err != nil {
			return nil, err
		}
		if len(resp.ToolCalls) == 0 {
			text = resp.Content
			break
		}
		if resp.Content != "" {
			t.watch(Step{Type: StepDraftReset})
		}
		req.Messages = append(req.Messages, llm.Message{Role: llm.RoleAssistant, Content: resp.Content, ToolCalls: resp.ToolCalls})
		for _, c := range resp.ToolCalls {
			result, err := t.runTool(c)
			if err != nil {
				return nil, err
			}
			req.Messages = append(req.Messages, llm.Message{Role: llm.RoleTool, ToolCallID: c.ID, Content: result})
		}
	}
	if strings.TrimSpace(text) == "" {
		t.errs = append(t.errs, fmt.Sprintf("o modelo não escreveu uma resposta em %d chamadas", MaxModelCalls))
		if t.handedOff {
			return []string{HandoffMessage}, nil
		}
		return []string{FallbackMessage}, nil
	}

	parts, cited := FormatReply(text, ag.MaxReplyChars)
	if unknown := t.unknown(cited); len(unknown) > 0 {
		req.Messages = append(req.Messages, llm.Message{Role: llm.RoleAssistant, Content: text},
			llm.Message{Role: llm.RoleUser, Content: fmt.Sprintf(CitationCorrection, strings.Join(unknown, ", "))})
		// The tools stay declared: Anthropic refuses a history with tool
		// calls without them. A retry that calls a tool again writes no
		// text, and the first answer is kept without the unknown ids.
		t.watch(Step{Type: StepDraftReset})
		retry, err := call()
		if err != nil {
			return nil, err
		}
		if r := strings.TrimSpace(retry.Content); r != "" {
			text = r
		}
		parts, cited = FormatReply(text, ag.MaxReplyChars)
		if unknown := t.unknown(cited); len(unknown) > 0 {
			t.errs = append(t.errs, "citações desconhecidas removidas: "+strings.Join(unknown, ", "))
			cited = slices.DeleteFunc(cited, func(id string) bool { return slices.Contains(unknown, id) })
		}
	}
	for _, id := range cited {
		h := t.returned[id]
		t.trace.Detail.Passages = append(t.trace.Detail.Passages, inbox.Passage{ChunkID: h.ID, SourceID: h.SourceID, Score: h.Score})
	}
	if len(parts) == 0 {
		t.errs = append(t.errs, "a resposta do modelo ficou vazia depois de formatada")
		return []string{FallbackMessage}, nil
	}
	return parts, nil
}

// unknown returns the cited ids search_knowledge did not return in this
// turn.
func (t *turn) unknown(cited []string) []string {
	var out []string
	for _, id := range cited {
		if _, ok := t.returned[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// Tool names.
const (
	ToolSearchKnowledge  = "search_knowledge"
	ToolUpdateLead       = "update_lead"
	ToolHandoffToHuman   = "handoff_to_human"
	ToolScheduleFollowup = "schedule_followup"
)

// MaxFollowupAhead is how far ahead schedule_followup may schedule.
const MaxFollowupAhead = 30 * 24 * time.Hour

// Tools are the tools the agent may call, with JSON Schemas of their
// parameters.
func Tools() []llm.Tool {
	return []llm.Tool{
		{Name: ToolSearchKnowledge,
			Description: "Busca nas bases de conhecimento da empresa trechos sobre produtos, serviços, preços e condições. " +
				"Devolve trechos com id, fonte, título e texto; cite os que usar como [p:ID]. unsure: true quer dizer que nada relevante foi encontrado.",
			Parameters: json.RawMessage(`{"type":"object","properties":{"query":{"type":"string","description":"A pergunta do lead, em poucas palavras."}},"required":["query"],"additionalProperties":false}`)},
		{Name: ToolUpdateLead,
			Description: "Registra informações de qualificação que o lead deu. Use só as chaves dos campos de qualificação do agente. " +
				"Números só com dígitos (ex.: 1500), datas como AAAA-MM-DD, listas de opções com uma das opções.",
			Parameters: json.RawMessage(`{"type":"object","properties":{"fields":{"type":"object","description":"Por chave do campo.",` +
				`"additionalProperties":{"type":"object","properties":{` +
				`"value":{"type":"string","description":"O valor."},` +
				`"evidence":{"type":"string","description":"As palavras do lead que sustentam o valor."},` +
				`"confidence":{"type":"number","minimum":0,"maximum":1,"description":"O quanto você tem certeza, de 0 a 1."}},` +
				`"required":["value"]}}},"required":["fields"],"additionalProperties":false}`)},
		{Name: ToolHandoffToHuman,
			Description: "Transfere a conversa para uma pessoa da equipe. Use quando o lead pedir ou quando você não puder ajudar. " +
				"Depois, avise o lead que uma pessoa vai responder.",
			Parameters: json.RawMessage(`{"type":"object","properties":{"reason":{"type":"string","description":"Por que transferir, em uma frase."}},"required":["reason"],"additionalProperties":false}`)},
		{Name: ToolScheduleFollowup,
			Description: "Agenda um retorno ao lead, quando ele pedir para falar depois ou sumir sem decidir. " +
				"when: data e hora no fuso do agente, AAAA-MM-DD HH:MM, no futuro e em até 30 dias. note: o que retomar.",
			Parameters: json.RawMessage(`{"type":"object","properties":{` +
				`"when":{"type":"string","description":"AAAA-MM-DD HH:MM, no fuso horário do agente."},` +
				`"note":{"type":"string","description":"O assunto a retomar, em uma frase."}},"required":["when","note"],"additionalProperties":false}`)},
	}
}

// runTool runs one call and returns its result for the model (JSON). A
// mistake of the model is a result that says what is wrong; only a failure
// of the platform is an error.
func (t *turn) runTool(c llm.ToolCall) (string, error) {
	t.watch(Step{Type: StepToolCall, ToolCallID: c.ID, Tool: c.Name, Args: truncateJSON(c.Arguments)})
	t.passages = nil
	var result any
	var toolErr string
	var err error
	switch c.Name {
	case ToolSearchKnowledge:
		result, toolErr, err = t.search(c.Arguments)
	case ToolUpdateLead:
		result, toolErr, err = t.updateLead(c.Arguments)
	case ToolHandoffToHuman:
		result, toolErr, err = t.handoffTool(c.Arguments)
	case ToolScheduleFollowup:
		result, toolErr, err = t.scheduleFollowup(c.Arguments)
	default:
		toolErr = "ferramenta desconhecida: " + c.Name
	}
	if err != nil {
		return "", err
	}
	if toolErr != "" {
		result = map[string]any{"error": toolErr}
	}
	b, _ := json.Marshal(result)
	t.trace.Detail.ToolCalls = append(t.trace.Detail.ToolCalls, inbox.ToolCall{Name: c.Name,
		Args: truncateJSON(c.Arguments), Result: truncateJSON(b), Error: toolErr})
	t.watch(Step{Type: StepToolResult, ToolCallID: c.ID, Tool: c.Name, Result: truncateJSON(b), Error: toolErr, Passages: t.passages})
	return string(b), nil
}

// truncateJSON keeps raw for the trace when short, else a JSON string of its
// first maxToolText bytes (cut at a character boundary).
func truncateJSON(raw []byte) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage(`{}`)
	}
	if len(raw) <= maxToolText && json.Valid(raw) {
		return json.RawMessage(raw)
	}
	s := string(raw)
	if len(s) > maxToolText {
		cut := maxToolText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	b, _ := json.Marshal(s)
	return b
}

// passage is a search result as the model sees it.
type passage struct {
	ID      string `json:"id"`
	Source  string `json:"source"`
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

func (t *turn) search(args json.RawMessage) (any, string, error) {
	var a struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(args, &a); err != nil || strings.TrimSpace(a.Query) == "" {
		return nil, "informe query: a pergunta, em poucas palavras", nil
	}
	t.searches++
	if len(t.agent.KnowledgeBaseIDs) == 0 {
		return map[string]any{"passages": []passage{}, "unsure": true, "note": "o agente não tem bases de conhecimento"}, "", nil
	}
	hits, err := t.s.Knowledge.Search(t.ctx, t.orgID, knowledge.Query{Text: a.Query, BaseIDs: t.agent.KnowledgeBaseIDs, Limit: SearchResults})
	if piloto.ErrorCode(err) == piloto.EINVALID {
		return nil, "busca inválida: " + piloto.ErrorMessage(err) + " Reformule com as palavras importantes da pergunta.", nil
	}
	if err != nil {
		return nil, "", err
	}
	out := []passage{}
	sure := false
	for _, h := range hits {
		if h.Score <= 0 {
			continue
		}
		sure = sure || h.Sure
		t.returned[h.ID] = h
		out = append(out, passage{ID: h.ID, Source: h.SourceName, Heading: h.Heading, Text: h.Text})
		t.passages = append(t.passages, StepPassage{ID: h.ID, Source: h.SourceName, Heading: h.Heading, Text: h.Text, Score: h.Score})
	}
	unsure := len(out) == 0 || !sure
	if !unsure {
		t.sure = true
	}
	return map[string]any{"passages": out, "unsure": unsure}, "", nil
}

// leadValue is one field update_lead sets.
type leadValue struct {
	Value      json.RawMessage `json:"value"`
	Evidence   string          `json:"evidence"`
	Confidence *float64        `json:"confidence"`
}

func (t *turn) updateLead(args json.RawMessage) (any, string, error) {
	var a struct {
		Fields map[string]leadValue `json:"fields"`
	}
	if err := json.Unmarshal(args, &a); err != nil || len(a.Fields) == 0 {
		return nil, `informe fields: {"chave": {"value": "...", "evidence": "...", "confidence": 0.9}}`, nil
	}
	if t.conv.Lead == nil {
		return nil, "esta conversa não tem lead para registrar", nil
	}
	keys := make([]string, 0, len(a.Fields))
	for k := range a.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	saved := []string{}
	errs := map[string]string{}
	for _, key := range keys {
		v := a.Fields[key]
		i := slices.IndexFunc(t.agent.QualificationFields, func(f agent.QualificationField) bool { return f.Key == key })
		if i < 0 {
			valid := make([]string, len(t.agent.QualificationFields))
			for j, f := range t.agent.QualificationFields {
				valid[j] = f.Key
			}
			errs[key] = "campo desconhecido; os campos são: " + strings.Join(valid, ", ")
			continue
		}
		value, problem := CheckFieldValue(t.agent.QualificationFields[i], rawString(v.Value))
		if problem != "" {
			errs[key] = problem
			continue
		}
		confidence := 1.0
		if v.Confidence != nil {
			confidence = *v.Confidence
		}
		if !(confidence >= 0 && confidence <= 1) {
			errs[key] = "confidence deve estar entre 0 e 1"
			continue
		}
		if err := t.s.Inbox.SetLeadField(t.ctx, t.orgID, t.conv.Lead.ID, key, value, v.Evidence, confidence); err != nil {
			if piloto.ErrorCode(err) == piloto.EINVALID {
				errs[key] = piloto.ErrorMessage(err)
				continue
			}
			return nil, "", err
		}
		f := inbox.LeadField{Key: key, Value: value, Evidence: v.Evidence, Confidence: confidence, UpdatedAt: t.s.Clock.Now()}
		t.conv.Lead.Fields = slices.DeleteFunc(t.conv.Lead.Fields, func(old inbox.LeadField) bool { return old.Key == key })
		t.conv.Lead.Fields = append(t.conv.Lead.Fields, f)
		t.watch(Step{Type: StepLeadField, Field: &f})
		saved = append(saved, key)
	}
	out := map[string]any{"saved": saved}
	if len(errs) > 0 {
		out["errors"] = errs
		out["note"] = "corrija os campos com erro e chame update_lead de novo só com eles"
	}
	return out, "", nil
}

// rawString reads a JSON value as text: a string as it is, a number or a
// boolean as written.
func rawString(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// CheckFieldValue checks a value for a qualification field and returns it
// normalized, or why it is not valid (in pt-BR, for the model): a number
// (Brazilian "1.500,50" or "1500.5"; stored as "1500.5"), an e-mail, a phone
// (10 to 15 digits, with + ( ) - . and spaces allowed around them; stored as
// the digits, "+" first when given), a date (AAAA-MM-DD or DD/MM/AAAA; stored
// as AAAA-MM-DD), one of an enum's options (matched ignoring case and
// accents; stored as the option) or any text that is not empty.
func CheckFieldValue(f agent.QualificationField, value string) (string, string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", "value vazio"
	}
	switch f.Type {
	case agent.FieldNumber:
		s := strings.TrimSpace(strings.TrimPrefix(strings.ReplaceAll(value, " ", ""), "R$"))
		if strings.Contains(s, ",") {
			s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		} else if strings.Count(s, ".") > 1 {
			s = strings.ReplaceAll(s, ".", "")
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || n != n {
			return "", fmt.Sprintf("%q não é um número; escreva só o número, por exemplo 1500", value)
		}
		return strconv.FormatFloat(n, 'f', -1, 64), ""
	case agent.FieldEmail:
		a, err := mail.ParseAddress(value)
		if err != nil || a.Address != value || !strings.Contains(value[strings.LastIndex(value, "@")+1:], ".") {
			return "", fmt.Sprintf("%q não é um e-mail válido (nome@dominio.com)", value)
		}
		return strings.ToLower(value), ""
	case agent.FieldPhone:
		var digits strings.Builder
		for i, r := range value {
			switch {
			case r >= '0' && r <= '9':
				digits.WriteRune(r)
			case r == '+' && i == 0:
			case strings.ContainsRune(" ()-.", r):
			default:
				return "", fmt.Sprintf("%q não é um telefone; use só dígitos, com DDD (ex.: 62999990000)", value)
			}
		}
		d := digits.String()
		if len(d) < 10 || len(d) > 15 {
			return "", fmt.Sprintf("%q não é um telefone: precisa ter DDD e de 10 a 15 dígitos", value)
		}
		if strings.HasPrefix(value, "+") {
			d = "+" + d
		}
		return d, ""
	case agent.FieldDate:
		for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
			if d, err := time.Parse(layout, value); err == nil {
				return d.Format("2006-01-02"), ""
			}
		}
		return "", fmt.Sprintf("%q não é uma data; use AAAA-MM-DD", value)
	case agent.FieldEnum:
		for _, o := range f.Options {
			if foldText(strings.TrimSpace(o)) == foldText(value) {
				return o, ""
			}
		}
		return "", fmt.Sprintf("%q não é uma das opções: %s", value, strings.Join(f.Options, ", "))
	}
	return value, ""
}

func (t *turn) handoffTool(args json.RawMessage) (any, string, error) {
	var a struct {
		Reason string `json:"reason"`
	}
	_ = json.Unmarshal(args, &a)
	reason := oneLine(a.Reason)
	if reason == "" {
		reason = "o agente pediu ajuda de uma pessoa"
	}
	if utf8.RuneCountInString(reason) > 300 {
		reason = string([]rune(reason)[:300]) + "…"
	}
	if err := t.handOff("O agente transferiu: " + reason); err != nil {
		return nil, "", err
	}
	return map[string]any{"ok": true, "note": "Conversa transferida. Avise o lead, em uma frase, que uma pessoa da equipe vai responder."}, "", nil
}

// scheduleFollowup stores a follow-up (sent by the follow-up worker, when
// it exists). when is read in the agent's time zone.
func (t *turn) scheduleFollowup(args json.RawMessage) (any, string, error) {
	var a struct {
		When string `json:"when"`
		Note string `json:"note"`
	}
	if err := json.Unmarshal(args, &a); err != nil || strings.TrimSpace(a.When) == "" {
		return nil, "informe when (AAAA-MM-DD HH:MM) e note", nil
	}
	loc := Location(t.agent.BusinessHours.TimeZone)
	var when time.Time
	var perr error
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339} {
		if when, perr = time.ParseInLocation(layout, strings.TrimSpace(a.When), loc); perr == nil {
			break
		}
	}
	if perr != nil {
		return nil, fmt.Sprintf("%q não é uma data e hora; use AAAA-MM-DD HH:MM", a.When), nil
	}
	now := t.s.Clock.Now()
	if !when.After(now) {
		return nil, "o retorno precisa ser no futuro; agora é " + DateTime(now.In(loc)), nil
	}
	if when.Sub(now) > MaxFollowupAhead {
		return nil, "o retorno precisa ser em até 30 dias", nil
	}
	note := oneLine(a.Note)
	if utf8.RuneCountInString(note) > 500 {
		note = string([]rune(note)[:500]) + "…"
	}
	f, err := t.s.Inbox.AddFollowup(t.ctx, t.orgID, t.conv.ID, when, note)
	if piloto.ErrorCode(err) == piloto.EINVALID {
		return nil, piloto.ErrorMessage(err), nil
	}
	if err != nil {
		return nil, "", err
	}
	return map[string]any{"ok": true, "id": f.ID, "when": DateTime(f.DueAt.In(loc))}, "", nil
}
