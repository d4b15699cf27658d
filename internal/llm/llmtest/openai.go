package llmtest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// serveOpenAI speaks Chat Completions: POST /v1/chat/completions (streamed
// as chat.completion.chunk events when "stream" is true) and GET /v1/models.
func (s *Server) serveOpenAI(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Key: bearer(r.Header)}
	if m := req.JSON(); m != nil {
		req.Model, _ = m["model"].(string)
		req.Stream, _ = m["stream"].(bool)
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/models":
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
		if s.Key != "" && req.Key != s.Key {
			status, b := openaiFailure(FailBadKey, req)
			writeJSON(w, status, b)
			return
		}
		var data []map[string]any
		for _, m := range s.Models {
			data = append(data, map[string]any{"id": m, "object": "model", "created": 1700000000, "owned_by": "llmtest"})
		}
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
		return
	case r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions":
		writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]any{
			"message": "Invalid URL (" + r.Method + " " + r.URL.Path + ")", "type": "invalid_request_error", "code": nil}})
		return
	}

	reply := s.replyTo(req)
	if s.failure(w, r, reply, req, openaiFailure) {
		return
	}
	model := reply.Model
	if model == "" {
		model = req.Model
	}
	in, out := reply.usage()
	finish := "stop"
	if len(reply.ToolCalls) > 0 {
		finish = "tool_calls"
	}
	calls := make([]map[string]any, len(reply.ToolCalls))
	for i, c := range reply.ToolCalls {
		id := c.ID
		if id == "" {
			id = fmt.Sprintf("call_%d", i+1)
		}
		calls[i] = map[string]any{"id": id, "type": "function", "function": map[string]any{"name": c.Name, "arguments": c.Arguments}}
	}

	if !req.Stream {
		msg := map[string]any{"role": "assistant", "content": strings.Join(reply.Text, "")}
		if len(calls) > 0 {
			msg["tool_calls"] = calls
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "chatcmpl-llmtest", "object": "chat.completion", "created": time.Now().Unix(), "model": model,
			"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
			"usage":   map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out},
		})
		return
	}

	e := newSSE(w)
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{
			"id": "chatcmpl-llmtest", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		}
	}
	e.event("", chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	for i, t := range reply.Text {
		if s.stopAt(r, reply, i) {
			return
		}
		pause(reply.Delay)
		e.event("", chunk(map[string]any{"content": t}, nil))
	}
	if s.stopAt(r, reply, max(len(reply.Text), reply.HangAfter, reply.CutAfter)) {
		return
	}
	for i, c := range calls {
		f := c["function"].(map[string]any)
		args := f["arguments"].(string)
		pause(reply.Delay)
		e.event("", chunk(map[string]any{"tool_calls": []any{map[string]any{
			"index": i, "id": c["id"], "type": "function", "function": map[string]any{"name": f["name"], "arguments": ""}}}}, nil))
		for _, p := range pieces(args) {
			e.event("", chunk(map[string]any{"tool_calls": []any{map[string]any{
				"index": i, "function": map[string]any{"arguments": p}}}}, nil))
		}
	}
	e.event("", chunk(map[string]any{}, finish))
	if opts, _ := req.JSON()["stream_options"].(map[string]any); opts != nil && opts["include_usage"] == true {
		e.event("", map[string]any{
			"id": "chatcmpl-llmtest", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": model,
			"choices": []any{}, "usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out},
		})
	}
	e.raw("data: [DONE]")
}

// openaiFailure renders a failure as OpenAI does. The bad-key message quotes
// the key presented, as OpenAI's does (partly masked there): callers must
// not pass it on.
func openaiFailure(kind string, req Request) (int, any) {
	e := func(status int, message, typ string, code any) (int, any) {
		return status, map[string]any{"error": map[string]any{"message": message, "type": typ, "param": nil, "code": code}}
	}
	switch kind {
	case FailBadKey:
		return e(401, "Incorrect API key provided: "+req.Key+". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
	case FailQuota:
		return e(429, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota")
	case FailRateLimited:
		return e(429, "Rate limit reached for "+req.Model+" on requests per min (RPM): Limit 3, Used 3, Requested 1.", "requests", "rate_limit_exceeded")
	case FailUnknownModel:
		return e(404, "The model `"+req.Model+"` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found")
	case FailOverloaded:
		return e(503, "The engine is currently overloaded, please try again later.", "server_error", nil)
	default:
		return e(500, "The server had an error while processing your request. Sorry about that!", "server_error", nil)
	}
}
