package reply

import (
	"encoding/json"

	"github.com/pilotodevendas/piloto/internal/inbox"
)

// Kinds of Step, in the order a reply may produce them.
const (
	// StepDraft: Text is the next piece of the answer the model is
	// writing. A draft is not what the lead gets: the stored messages are
	// (StepMessage), after the citation check and formatting.
	StepDraft = "draft"
	// StepDraftReset: the draft so far is dropped (the model called tools
	// instead, or is answering again).
	StepDraftReset = "draft_reset"
	// StepToolCall: the model called Tool (ToolCallID, Args).
	StepToolCall = "tool_call"
	// StepToolResult: what the call returned (Result, Error, and for
	// search_knowledge the Passages).
	StepToolResult = "tool_result"
	// StepLeadField: a qualification value was saved (Field).
	StepLeadField = "lead_field"
	// StepHandoff: the conversation went to a person (Reason).
	StepHandoff = "handoff"
	// StepMessage: a message was stored (Message): a system note or a
	// part of the AI's answer. AI messages carry no trace id yet: the
	// trace is saved after them (Result.Trace).
	StepMessage = "message"
)

// Step is something a reply did, told as it happens (Service.Stream).
type Step struct {
	Type       string
	Text       string
	ToolCallID string
	Tool       string
	Args       json.RawMessage
	Result     json.RawMessage
	Error      string
	Passages   []StepPassage
	Field      *inbox.LeadField
	Reason     string
	Message    *inbox.Message
}

// StepPassage is a passage search_knowledge returned, as the playground
// shows it.
type StepPassage struct {
	ID      string  `json:"id"`
	Source  string  `json:"source"`
	Heading string  `json:"heading"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
}

// Data is the step's payload as the playground stream sends it (the event
// name is Type).
func (s Step) Data() any {
	switch s.Type {
	case StepDraft:
		return map[string]string{"text": s.Text}
	case StepToolCall:
		return map[string]any{"id": s.ToolCallID, "tool": s.Tool, "args": s.Args}
	case StepToolResult:
		passages := s.Passages
		if passages == nil {
			passages = []StepPassage{}
		}
		return map[string]any{"id": s.ToolCallID, "tool": s.Tool, "result": s.Result, "error": s.Error, "passages": passages}
	case StepLeadField:
		return s.Field
	case StepHandoff:
		return map[string]string{"reason": s.Reason}
	case StepMessage:
		return s.Message
	}
	return map[string]any{}
}
