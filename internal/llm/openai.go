package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	oai "github.com/openai/openai-go/v3"
	oaiopt "github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
	oaishared "github.com/openai/openai-go/v3/shared"
)

// openaiAdapter speaks Chat Completions, to OpenAI or any compatible server.
type openaiAdapter struct {
	chat     oai.ChatCompletionService
	modelSvc oai.ModelService
	// official is api.openai.com, which wants max_completion_tokens; other
	// servers (Groq, Ollama, Gemini's endpoint…) know max_tokens.
	official bool
}

func newOpenAI(o Options, hc *http.Client) *openaiAdapter {
	// The services are built without openai.NewClient, which would read
	// OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_CUSTOM_HEADERS
	// from the environment: only what Options say reaches the wire.
	opts := []oaiopt.RequestOption{
		oaiopt.WithBaseURL(o.BaseURL),
		oaiopt.WithHTTPClient(hc),
		oaiopt.WithMaxRetries(0), // retries are ours
	}
	if o.APIKey != "" {
		opts = append(opts, oaiopt.WithAPIKey(o.APIKey))
	}
	u, _ := url.Parse(o.BaseURL)
	return &openaiAdapter{
		chat:     oai.NewChatCompletionService(opts...),
		modelSvc: oai.NewModelService(opts...),
		official: u != nil && strings.EqualFold(u.Hostname(), "api.openai.com"),
	}
}

func (a *openaiAdapter) params(req Request) oai.ChatCompletionNewParams {
	p := oai.ChatCompletionNewParams{
		Model:         oaishared.ChatModel(req.Model),
		StreamOptions: oai.ChatCompletionStreamOptionsParam{IncludeUsage: oai.Bool(true)},
	}
	if req.System != "" {
		p.Messages = append(p.Messages, oai.SystemMessage(req.System))
	}
	for _, m := range req.Messages {
		switch m.Role {
		case RoleSystem:
			p.Messages = append(p.Messages, oai.SystemMessage(m.Content))
		case RoleUser:
			p.Messages = append(p.Messages, oai.UserMessage(m.Content))
		case RoleAssistant:
			var am oai.ChatCompletionAssistantMessageParam
			if m.Content != "" {
				am.Content.OfString = oai.String(m.Content)
			}
			for _, c := range m.ToolCalls {
				am.ToolCalls = append(am.ToolCalls, oai.ChatCompletionMessageToolCallUnionParam{
					OfFunction: &oai.ChatCompletionMessageFunctionToolCallParam{
						ID: c.ID,
						Function: oai.ChatCompletionMessageFunctionToolCallFunctionParam{
							Name: c.Name, Arguments: string(arguments(c.Arguments)),
						},
					},
				})
			}
			p.Messages = append(p.Messages, oai.ChatCompletionMessageParamUnion{OfAssistant: &am})
		case RoleTool:
			p.Messages = append(p.Messages, oai.ToolMessage(m.Content, m.ToolCallID))
		}
	}
	for _, t := range req.Tools {
		fd := oaishared.FunctionDefinitionParam{Name: t.Name, Parameters: oaishared.FunctionParameters(schemaMap(t.Parameters))}
		if t.Description != "" {
			fd.Description = oai.String(t.Description)
		}
		p.Tools = append(p.Tools, oai.ChatCompletionFunctionTool(fd))
	}
	if req.Temperature != nil && takesTemperature(req.Model) {
		p.Temperature = oai.Float(*req.Temperature)
	}
	if req.MaxTokens > 0 {
		if a.official {
			p.MaxCompletionTokens = oai.Int(int64(req.MaxTokens))
		} else {
			p.MaxTokens = oai.Int(int64(req.MaxTokens))
		}
	}
	return p
}

// openaiCall accumulates one streamed tool call.
type openaiCall struct {
	id, name string
	args     strings.Builder
}

func (a *openaiAdapter) stream(ctx context.Context, req Request, s *sink) (*Response, error) {
	st := a.chat.NewStreaming(ctx, a.params(req))
	defer st.Close()

	resp := &Response{}
	var text strings.Builder
	var calls []*openaiCall
	current := map[int64]*openaiCall{} // by the delta's index
	finish := ""
	for st.Next() {
		s.beat()
		ch := st.Current()
		if ch.Model != "" {
			resp.Model = ch.Model
		}
		if ch.Usage.PromptTokens > 0 || ch.Usage.CompletionTokens > 0 {
			resp.Usage = Usage{InputTokens: int(ch.Usage.PromptTokens), OutputTokens: int(ch.Usage.CompletionTokens)}
		}
		for _, choice := range ch.Choices {
			if choice.Index != 0 {
				continue
			}
			if d := choice.Delta.Content; d != "" {
				text.WriteString(d)
				if err := s.emit(Event{Type: EventText, Text: d}); err != nil {
					return nil, err
				}
			}
			for _, tc := range choice.Delta.ToolCalls {
				c := current[tc.Index]
				// A new id at an index already in use is a new call: some
				// compatible servers send every call at index 0.
				if c == nil || (tc.ID != "" && c.id != "" && tc.ID != c.id) {
					c = &openaiCall{}
					current[tc.Index] = c
					calls = append(calls, c)
				}
				if c.id == "" {
					c.id = tc.ID
				}
				if c.name == "" {
					c.name = tc.Function.Name
				}
				c.args.WriteString(tc.Function.Arguments)
			}
			if choice.FinishReason != "" {
				finish = choice.FinishReason
			}
		}
	}
	if err := st.Err(); err != nil {
		return nil, err
	}
	if finish == "" {
		return nil, errCutShort
	}
	resp.Content = text.String()
	for i, c := range calls {
		if c.id == "" {
			c.id = fmt.Sprintf("call_%d", i+1)
		}
		tc := ToolCall{ID: c.id, Name: c.name, Arguments: parseArguments(c.args.String())}
		resp.ToolCalls = append(resp.ToolCalls, tc)
		if err := s.emit(Event{Type: EventToolCall, ToolCall: &tc}); err != nil {
			return nil, err
		}
	}
	switch finish {
	case "stop":
		resp.StopReason = StopEnd
	case "tool_calls", "function_call":
		resp.StopReason = StopToolCalls
	case "length":
		resp.StopReason = StopMaxTokens
	case "content_filter":
		resp.StopReason = StopFiltered
	default:
		resp.StopReason = strings.ToLower(finish)
	}
	if len(resp.ToolCalls) > 0 { // Ollama and Gemini's endpoint say "stop"
		resp.StopReason = StopToolCalls
	}
	return resp, nil
}

func (a *openaiAdapter) models(ctx context.Context) ([]string, error) {
	pager := a.modelSvc.ListAutoPaging(ctx)
	var ids []string
	for pager.Next() && len(ids) < 5000 {
		ids = append(ids, pager.Current().ID)
	}
	return ids, pager.Err()
}

func (a *openaiAdapter) apiError(err error) (int, apiDetail, bool) {
	var se *ssestream.StreamError
	if errors.As(err, &se) {
		return 0, parseErrorBody(se.Event.Data), true
	}
	var ae *oai.Error
	if errors.As(err, &ae) {
		return ae.StatusCode, apiDetail{Message: ae.Message, Code: ae.Code, Type: ae.Type}, true
	}
	return 0, apiDetail{}, false
}

// takesTemperature says whether an OpenAI model accepts a temperature: the
// reasoning models (o1, o3, o4-mini, the gpt-5 family) answer 400 to any
// other than the default, so none is sent to them. Names are matched after a
// "vendor/" prefix (OpenRouter).
func takesTemperature(model string) bool {
	m := strings.ToLower(model)
	if i := strings.LastIndex(m, "/"); i >= 0 {
		m = m[i+1:]
	}
	if strings.HasPrefix(m, "gpt-5") && !strings.Contains(m, "chat") {
		return false
	}
	return !(len(m) >= 2 && m[0] == 'o' && m[1] >= '1' && m[1] <= '9')
}
