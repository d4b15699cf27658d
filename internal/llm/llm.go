// Package llm talks to the language models that answer for the agents: one
// Provider interface with streaming and tool calling, implemented with the
// official SDKs of OpenAI (and any OpenAI-compatible server: Gemini's
// compatibility endpoint, Groq, OpenRouter, a local Ollama), Anthropic and
// Google Gemini.
//
// Behaviour that must not differ between providers lives here, once: the
// per-call and idle timeouts, retries with backoff on 429 and 5xx (the SDKs'
// own retries are off), the classification of failures into an *Error with a
// Portuguese message a user can act on, logging without API keys, and the
// price table that turns Usage into micro-reais.
//
// A call is one Stream: the caller gets text deltas and completed tool calls as
// they arrive and the whole Response at the end. The agent runtime loops: call
// → tool calls → tool results (Messages with RoleTool) → call.
package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
)

// Providers.
const (
	OpenAI    = "openai"
	Anthropic = "anthropic"
	Gemini    = "gemini"
)

// Providers lists the provider names, in the order a user sees them.
var Providers = []string{OpenAI, Anthropic, Gemini}

// Roles of a Message.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool" // a tool's result; ToolCallID names the call
)

// Message is one turn of a conversation.
type Message struct {
	Role    string
	Content string
	// ToolCalls are the calls an assistant message made (copy them from the
	// Response unchanged, Signature included).
	ToolCalls []ToolCall
	// ToolCallID is the call a RoleTool message answers.
	ToolCallID string
}

// Tool is a function the model may call.
type Tool struct {
	Name        string // letters, digits, _ and -, at most 64
	Description string
	// Parameters is a JSON Schema of an object ({"type":"object",...}); nil
	// means no parameters.
	Parameters json.RawMessage
}

// ToolCall is a call the model made.
type ToolCall struct {
	ID        string
	Name      string
	Arguments json.RawMessage // a JSON object as the model wrote it
	// Signature is opaque provider data that must travel back with the call
	// in the next request (Gemini's thought signature). Keep it unchanged.
	Signature []byte `json:",omitempty"`
}

// Request is one call to a model.
type Request struct {
	Model       string // "" for the provider's configured model
	System      string
	Messages    []Message
	Tools       []Tool
	Temperature *float64 // nil for the provider's default
	MaxTokens   int      // 0 for the default (Anthropic requires one: 1024)
}

// Usage is what a call consumed, as the provider counted it. InputTokens
// includes cached and cache-written prompt tokens; OutputTokens includes
// reasoning ("thinking") tokens.
type Usage struct {
	InputTokens  int
	OutputTokens int
}

// Add returns the sum of two usages.
func (u Usage) Add(v Usage) Usage {
	return Usage{InputTokens: u.InputTokens + v.InputTokens, OutputTokens: u.OutputTokens + v.OutputTokens}
}

// Stop reasons of a Response, the same for every provider. Any other value is
// the provider's own, lower-cased.
const (
	StopEnd       = "end"        // the model finished its answer
	StopToolCalls = "tool_calls" // the model wants tool results
	StopMaxTokens = "max_tokens" // cut at MaxTokens
	StopFiltered  = "filtered"   // refused or blocked by the provider's safety filters
)

// Response is the outcome of a call.
type Response struct {
	Content    string
	ToolCalls  []ToolCall
	Usage      Usage
	StopReason string
	Model      string // the model that answered, as the provider named it
	// CostMicroBRL is what the call cost in micro-reais, set by a Metered
	// provider (0 elsewhere, and for a model without a price).
	CostMicroBRL int64
}

// Kinds of Event.
const (
	EventText     = "text"      // Text is the next piece of the answer
	EventToolCall = "tool_call" // ToolCall is complete
)

// Event is something that arrived during a stream.
type Event struct {
	Type     string
	Text     string
	ToolCall *ToolCall
}

// Provider is a model provider.
type Provider interface {
	// Name is the provider: "openai", "anthropic" or "gemini".
	Name() string
	// Stream makes one call. It calls fn for every event in order and returns
	// the whole Response. An error from fn ends the stream and is returned as
	// is; any other failure is an *Error. A call is retried (on 429 and 5xx)
	// only while no event has reached fn.
	Stream(ctx context.Context, req Request, fn func(Event) error) (*Response, error)
	// Models lists the models the key may use, from the provider's list
	// endpoint; an *Error of kind KindUnsupported when there is none.
	Models(ctx context.Context) ([]string, error)
}

var toolName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Validate checks a request for mistakes of the caller (not of the user).
func (r Request) Validate() error {
	if r.MaxTokens < 0 {
		return fmt.Errorf("llm: max tokens %d is negative", r.MaxTokens)
	}
	if r.Temperature != nil && (*r.Temperature < 0 || *r.Temperature > 2) {
		return fmt.Errorf("llm: temperature %v is outside 0..2", *r.Temperature)
	}
	if len(r.Messages) == 0 {
		return fmt.Errorf("llm: no messages")
	}
	seen := map[string]bool{}
	for i, t := range r.Tools {
		if !toolName.MatchString(t.Name) {
			return fmt.Errorf("llm: tool %d: name %q must be 1-64 letters, digits, _ or -", i, t.Name)
		}
		if seen[t.Name] {
			return fmt.Errorf("llm: tool %q is declared twice", t.Name)
		}
		seen[t.Name] = true
		if len(t.Parameters) > 0 {
			var schema map[string]any
			if err := json.Unmarshal(t.Parameters, &schema); err != nil {
				return fmt.Errorf("llm: tool %q: parameters are not a JSON object: %v", t.Name, err)
			}
		}
	}
	calls := map[string]bool{}
	for i, m := range r.Messages {
		switch m.Role {
		case RoleSystem, RoleUser:
		case RoleAssistant:
			for _, c := range m.ToolCalls {
				if c.ID == "" || c.Name == "" {
					return fmt.Errorf("llm: message %d: a tool call needs an id and a name", i)
				}
				if len(c.Arguments) > 0 && !json.Valid(c.Arguments) {
					return fmt.Errorf("llm: message %d: tool call %s: arguments are not JSON", i, c.ID)
				}
				calls[c.ID] = true
			}
		case RoleTool:
			if !calls[m.ToolCallID] {
				return fmt.Errorf("llm: message %d: tool result for unknown call %q", i, m.ToolCallID)
			}
		default:
			return fmt.Errorf("llm: message %d: unknown role %q", i, m.Role)
		}
	}
	return nil
}

// toolNames maps a call id to its tool's name, from the assistant messages.
func (r Request) toolNames() map[string]string {
	names := map[string]string{}
	for _, m := range r.Messages {
		for _, c := range m.ToolCalls {
			names[c.ID] = c.Name
		}
	}
	return names
}

// arguments returns a call's arguments as JSON, "{}" when empty.
func arguments(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage(`{}`)
	}
	return raw
}

// parseArguments turns streamed argument text into JSON: "{}" when empty, the
// text when it is valid JSON, else the text as a JSON string (a model may
// write broken JSON; the runtime refuses arguments that are not an object).
func parseArguments(s string) json.RawMessage {
	switch {
	case s == "":
		return json.RawMessage(`{}`)
	case json.Valid([]byte(s)):
		return json.RawMessage(s)
	default:
		b, _ := json.Marshal(s)
		return b
	}
}

// schemaMap decodes a tool's parameters for SDKs that take a map.
func schemaMap(raw json.RawMessage) map[string]any {
	m := map[string]any{}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &m) // validated by Request.Validate
	}
	if _, ok := m["type"]; !ok {
		m["type"] = "object"
	}
	if _, ok := m["properties"]; !ok && m["type"] == "object" {
		m["properties"] = map[string]any{}
	}
	return m
}
