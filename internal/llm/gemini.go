package llm

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"google.golang.org/genai"
)

// syntheticCallID marks call ids made up here: the Gemini API often sends
// calls without one, and must not be sent back ids it did not make.
const syntheticCallID = "gcall_"

// geminiAdapter speaks the Gemini API (generateContent, streamed as SSE).
type geminiAdapter struct {
	client *genai.Client
}

func newGemini(o Options, hc *http.Client) (*geminiAdapter, error) {
	base := strings.TrimRight(o.BaseURL, "/")
	version := ""
	switch {
	case strings.HasSuffix(base, "/v1beta"):
		base = strings.TrimSuffix(base, "/v1beta")
	case strings.HasSuffix(base, "/v1"):
		base, version = strings.TrimSuffix(base, "/v1"), "v1"
	}
	// Backend, key and base URL are all set, so nothing is read from
	// GOOGLE_*/GEMINI_* variables.
	c, err := genai.NewClient(context.Background(), &genai.ClientConfig{
		APIKey:      o.APIKey,
		Backend:     genai.BackendGeminiAPI,
		HTTPClient:  hc,
		HTTPOptions: genai.HTTPOptions{BaseURL: base + "/", APIVersion: version},
	})
	if err != nil {
		// genai's messages print the whole ClientConfig, key included.
		return nil, errors.New("llm: gemini: the client could not be created")
	}
	return &geminiAdapter{client: c}, nil
}

func (a *geminiAdapter) request(req Request) ([]*genai.Content, *genai.GenerateContentConfig) {
	cfg := &genai.GenerateContentConfig{AutomaticContinuation: genai.Ptr(false)}
	var system []string
	if req.System != "" {
		system = append(system, req.System)
	}
	names := req.toolNames()
	var contents []*genai.Content
	add := func(role string, parts ...*genai.Part) {
		if len(parts) == 0 {
			return
		}
		if n := len(contents); n > 0 && contents[n-1].Role == role {
			contents[n-1].Parts = append(contents[n-1].Parts, parts...)
			return
		}
		contents = append(contents, &genai.Content{Role: role, Parts: parts})
	}
	for _, m := range req.Messages {
		switch m.Role {
		case RoleSystem:
			if m.Content != "" {
				system = append(system, m.Content)
			}
		case RoleUser:
			if m.Content != "" {
				add(genai.RoleUser, &genai.Part{Text: m.Content})
			}
		case RoleAssistant:
			var parts []*genai.Part
			if m.Content != "" {
				parts = append(parts, &genai.Part{Text: m.Content})
			}
			for _, c := range m.ToolCalls {
				args := map[string]any{}
				_ = json.Unmarshal(arguments(c.Arguments), &args)
				fc := &genai.FunctionCall{Name: c.Name, Args: args}
				if !strings.HasPrefix(c.ID, syntheticCallID) {
					fc.ID = c.ID
				}
				parts = append(parts, &genai.Part{FunctionCall: fc, ThoughtSignature: c.Signature})
			}
			add(genai.RoleModel, parts...)
		case RoleTool:
			fr := &genai.FunctionResponse{Name: names[m.ToolCallID], Response: toolResult(m.Content)}
			if !strings.HasPrefix(m.ToolCallID, syntheticCallID) {
				fr.ID = m.ToolCallID
			}
			add(genai.RoleUser, &genai.Part{FunctionResponse: fr})
		}
	}
	if len(system) > 0 {
		cfg.SystemInstruction = &genai.Content{Parts: []*genai.Part{{Text: strings.Join(system, "\n\n")}}}
	}
	if len(req.Tools) > 0 {
		tool := &genai.Tool{}
		for _, t := range req.Tools {
			fd := &genai.FunctionDeclaration{Name: t.Name, Description: t.Description}
			if len(t.Parameters) > 0 {
				var schema map[string]any
				_ = json.Unmarshal(t.Parameters, &schema)
				fd.ParametersJsonSchema = schema
			}
			tool.FunctionDeclarations = append(tool.FunctionDeclarations, fd)
		}
		cfg.Tools = []*genai.Tool{tool}
	}
	if req.Temperature != nil {
		cfg.Temperature = genai.Ptr(float32(*req.Temperature))
	}
	if req.MaxTokens > 0 {
		cfg.MaxOutputTokens = int32(min(req.MaxTokens, 1<<30))
	}
	return contents, cfg
}

// toolResult is a tool's output as Gemini wants it: an object.
func toolResult(content string) map[string]any {
	var obj map[string]any
	if json.Unmarshal([]byte(content), &obj) == nil && obj != nil {
		return obj
	}
	return map[string]any{"result": content}
}

func (a *geminiAdapter) stream(ctx context.Context, req Request, s *sink) (*Response, error) {
	contents, cfg := a.request(req)
	resp := &Response{}
	var text strings.Builder
	finish := genai.FinishReason("")
	blocked := false
	for chunk, err := range a.client.Models.GenerateContentStream(ctx, req.Model, contents, cfg) {
		if err != nil {
			return nil, err
		}
		s.beat()
		if chunk.ModelVersion != "" {
			resp.Model = chunk.ModelVersion
		}
		if u := chunk.UsageMetadata; u != nil {
			resp.Usage = Usage{
				InputTokens:  int(u.PromptTokenCount + u.ToolUsePromptTokenCount),
				OutputTokens: int(u.CandidatesTokenCount + u.ThoughtsTokenCount),
			}
		}
		if pf := chunk.PromptFeedback; pf != nil && pf.BlockReason != "" {
			blocked = true
		}
		if len(chunk.Candidates) == 0 {
			continue
		}
		c := chunk.Candidates[0]
		if c.FinishReason != "" {
			finish = c.FinishReason
		}
		if c.Content == nil {
			continue
		}
		for _, p := range c.Content.Parts {
			switch {
			case p.Thought:
				// A thought summary: not part of the answer.
			case p.FunctionCall != nil:
				fc := p.FunctionCall
				args := json.RawMessage(`{}`)
				if len(fc.Args) > 0 {
					if b, err := json.Marshal(fc.Args); err == nil {
						args = b
					}
				}
				id := fc.ID
				if id == "" {
					id = newSyntheticID()
				}
				tc := ToolCall{ID: id, Name: fc.Name, Arguments: args, Signature: p.ThoughtSignature}
				resp.ToolCalls = append(resp.ToolCalls, tc)
				if err := s.emit(Event{Type: EventToolCall, ToolCall: &tc}); err != nil {
					return nil, err
				}
			case p.Text != "":
				text.WriteString(p.Text)
				if err := s.emit(Event{Type: EventText, Text: p.Text}); err != nil {
					return nil, err
				}
			}
		}
	}
	if finish == "" && !blocked {
		return nil, errCutShort
	}
	resp.Content = text.String()
	switch {
	case len(resp.ToolCalls) > 0:
		resp.StopReason = StopToolCalls
	case blocked:
		resp.StopReason = StopFiltered
	case finish == "" || finish == genai.FinishReasonStop || finish == genai.FinishReasonUnspecified:
		resp.StopReason = StopEnd
	case finish == genai.FinishReasonMaxTokens:
		resp.StopReason = StopMaxTokens
	case slices.Contains([]genai.FinishReason{genai.FinishReasonSafety, genai.FinishReasonRecitation,
		genai.FinishReasonBlocklist, genai.FinishReasonProhibitedContent, genai.FinishReasonSPII}, finish):
		resp.StopReason = StopFiltered
	default:
		resp.StopReason = strings.ToLower(string(finish))
	}
	return resp, nil
}

func newSyntheticID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return syntheticCallID + hex.EncodeToString(b)
}

func (a *geminiAdapter) models(ctx context.Context) ([]string, error) {
	var ids []string
	for m, err := range a.client.Models.All(ctx) {
		if err != nil {
			return nil, err
		}
		if len(m.SupportedActions) > 0 && !slices.Contains(m.SupportedActions, "generateContent") {
			continue
		}
		ids = append(ids, m.Name)
		if len(ids) >= 5000 {
			break
		}
	}
	return ids, nil
}

func (a *geminiAdapter) apiError(err error) (int, apiDetail, bool) {
	var ae genai.APIError
	if !errors.As(err, &ae) {
		var p *genai.APIError
		if !errors.As(err, &p) || p == nil {
			return 0, apiDetail{}, false
		}
		ae = *p
	}
	b, _ := json.Marshal(map[string]any{"error": ae})
	d := parseErrorBody(b)
	return ae.Code, d, true
}
