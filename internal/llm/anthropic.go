package llm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	ant "github.com/anthropics/anthropic-sdk-go/v2"
	antopt "github.com/anthropics/anthropic-sdk-go/v2/option"
)

// anthropicDefaultMaxTokens is max_tokens when a Request sets none: the
// Messages API requires one.
const anthropicDefaultMaxTokens = 1024

// anthropicAdapter speaks the Messages API.
type anthropicAdapter struct {
	client ant.Client
}

func newAnthropic(o Options, hc *http.Client) *anthropicAdapter {
	// A base URL ending in /v1 would double it: the SDK adds v1/messages.
	base := strings.TrimSuffix(strings.TrimRight(o.BaseURL, "/"), "/v1")
	return &anthropicAdapter{client: ant.NewClient(
		antopt.WithoutEnvironmentDefaults(), // no ANTHROPIC_* from the environment
		antopt.WithBaseURL(base),
		antopt.WithHTTPClient(hc),
		antopt.WithMaxRetries(0), // retries are ours
		antopt.WithAPIKey(o.APIKey),
		antopt.WithoutOpenTelemetry(), // conversations stay out of traces
	)}
}

func (a *anthropicAdapter) params(req Request) ant.MessageNewParams {
	p := ant.MessageNewParams{Model: req.Model, MaxTokens: anthropicDefaultMaxTokens}
	if req.MaxTokens > 0 {
		p.MaxTokens = int64(req.MaxTokens)
	}
	if req.System != "" {
		p.System = append(p.System, ant.TextBlockParam{Text: req.System})
	}
	// The API wants user and assistant turns in alternation, tool results in
	// a user turn: consecutive messages of one side are merged.
	var turns []ant.MessageParam
	add := func(user bool, blocks ...ant.ContentBlockParamUnion) {
		if len(blocks) == 0 {
			return
		}
		if n := len(turns); n > 0 {
			last := &turns[n-1]
			if user && last.OfUser != nil {
				last.OfUser.Content = append(last.OfUser.Content, blocks...)
				return
			}
			if !user && last.OfAssistant != nil {
				last.OfAssistant.Content = append(last.OfAssistant.Content, blocks...)
				return
			}
		}
		if user {
			turns = append(turns, ant.NewUserMessage(blocks...))
		} else {
			turns = append(turns, ant.NewAssistantMessage(blocks...))
		}
	}
	for _, m := range req.Messages {
		switch m.Role {
		case RoleSystem:
			if m.Content != "" {
				p.System = append(p.System, ant.TextBlockParam{Text: m.Content})
			}
		case RoleUser:
			if m.Content != "" {
				add(true, ant.NewTextBlock(m.Content))
			}
		case RoleAssistant:
			var blocks []ant.ContentBlockParamUnion
			if m.Content != "" {
				blocks = append(blocks, ant.NewTextBlock(m.Content))
			}
			for _, c := range m.ToolCalls {
				blocks = append(blocks, ant.NewToolUseBlock(c.ID, json.RawMessage(arguments(c.Arguments)), c.Name))
			}
			add(false, blocks...)
		case RoleTool:
			tr := ant.ToolResultBlockParam{ToolUseID: m.ToolCallID}
			if m.Content != "" {
				tr.Content = []ant.ToolResultBlockParamContentUnion{{OfText: &ant.TextBlockParam{Text: m.Content}}}
			}
			add(true, ant.ContentBlockParamUnion{OfToolResult: &tr})
		}
	}
	p.Messages = turns
	for _, t := range req.Tools {
		schema := schemaMap(t.Parameters)
		in := ant.ToolInputSchemaParam{Properties: schema["properties"], ExtraFields: map[string]any{}}
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if s, ok := r.(string); ok {
					in.Required = append(in.Required, s)
				}
			}
		}
		for k, v := range schema {
			if k != "type" && k != "properties" && k != "required" {
				in.ExtraFields[k] = v
			}
		}
		tool := ant.ToolUnionParamOfTool(in, t.Name)
		if t.Description != "" {
			tool.OfTool.Description = ant.String(t.Description)
		}
		p.Tools = append(p.Tools, tool)
	}
	return p
}

var claudeMajor = regexp.MustCompile(`^claude-(?:[a-z]+-)?(\d+)`)

// anthropicTemperature is the temperature option, when the model takes one.
// Claude 5 and later refuse sampling parameters (400), and the SDK's params
// no longer carry them: it is sent for Claude 3 and 4 and for names that are
// not Claude's (a proxy's aliases), clamped to Anthropic's 0..1.
func anthropicTemperature(req Request) []antopt.RequestOption {
	if req.Temperature == nil {
		return nil
	}
	model := strings.ToLower(req.Model)
	if strings.HasPrefix(model, "claude-") {
		m := claudeMajor.FindStringSubmatch(model)
		if m == nil {
			return nil
		}
		if major, _ := strconv.Atoi(m[1]); major >= 5 {
			return nil
		}
	}
	return []antopt.RequestOption{antopt.WithJSONSet("temperature", min(*req.Temperature, 1))}
}

type anthropicCall struct {
	id, name string
	args     strings.Builder
}

func (a *anthropicAdapter) stream(ctx context.Context, req Request, s *sink) (*Response, error) {
	st := a.client.Messages.NewStreaming(ctx, a.params(req), anthropicTemperature(req)...)
	defer st.Close()

	resp := &Response{}
	var text strings.Builder
	calls := map[int64]*anthropicCall{}
	stop, done := "", false
	for st.Next() {
		s.beat()
		ev := st.Current()
		switch ev.Type {
		case "message_start":
			resp.Model = ev.Message.Model
			u := ev.Message.Usage
			resp.Usage.InputTokens = int(u.InputTokens + u.CacheCreationInputTokens + u.CacheReadInputTokens)
			resp.Usage.OutputTokens = int(u.OutputTokens)
		case "content_block_start":
			if ev.ContentBlock.Type == "tool_use" {
				calls[ev.Index] = &anthropicCall{id: ev.ContentBlock.ID, name: ev.ContentBlock.Name}
			}
		case "content_block_delta":
			switch ev.Delta.Type {
			case "text_delta":
				if ev.Delta.Text == "" {
					continue
				}
				text.WriteString(ev.Delta.Text)
				if err := s.emit(Event{Type: EventText, Text: ev.Delta.Text}); err != nil {
					return nil, err
				}
			case "input_json_delta":
				if c := calls[ev.Index]; c != nil {
					c.args.WriteString(ev.Delta.PartialJSON)
				}
			}
		case "content_block_stop":
			if c := calls[ev.Index]; c != nil {
				delete(calls, ev.Index)
				tc := ToolCall{ID: c.id, Name: c.name, Arguments: parseArguments(c.args.String())}
				resp.ToolCalls = append(resp.ToolCalls, tc)
				if err := s.emit(Event{Type: EventToolCall, ToolCall: &tc}); err != nil {
					return nil, err
				}
			}
		case "message_stop":
			done = true
		case "message_delta":
			if ev.Delta.StopReason != "" {
				stop = string(ev.Delta.StopReason)
			}
			// message_delta's counts are cumulative.
			if ev.Usage.OutputTokens > 0 {
				resp.Usage.OutputTokens = int(ev.Usage.OutputTokens)
			}
			if in := ev.Usage.InputTokens + ev.Usage.CacheCreationInputTokens + ev.Usage.CacheReadInputTokens; in > 0 {
				resp.Usage.InputTokens = int(in)
			}
		}
	}
	if err := st.Err(); err != nil {
		return nil, err
	}
	if !done && stop == "" {
		return nil, errCutShort
	}
	resp.Content = text.String()
	switch stop {
	case "end_turn", "stop_sequence", "pause_turn", "":
		resp.StopReason = StopEnd
	case "tool_use":
		resp.StopReason = StopToolCalls
	case "max_tokens", "model_context_window_exceeded":
		resp.StopReason = StopMaxTokens
	case "refusal":
		resp.StopReason = StopFiltered
	default:
		resp.StopReason = strings.ToLower(stop)
	}
	if len(resp.ToolCalls) > 0 {
		resp.StopReason = StopToolCalls
	}
	return resp, nil
}

func (a *anthropicAdapter) models(ctx context.Context) ([]string, error) {
	pager := a.client.Models.ListAutoPaging(ctx, ant.ModelListParams{Limit: ant.Int(1000)})
	var ids []string
	for pager.Next() && len(ids) < 5000 {
		ids = append(ids, pager.Current().ID)
	}
	return ids, pager.Err()
}

func (a *anthropicAdapter) apiError(err error) (int, apiDetail, bool) {
	var ae *ant.Error
	if errors.As(err, &ae) {
		d := parseErrorBody([]byte(ae.RawJSON()))
		if d.Type == "" {
			d.Type = string(ae.Type())
		}
		if d.Message == "" {
			d.Message = ae.Message
		}
		return ae.StatusCode, d, true
	}
	return 0, apiDetail{}, false
}
