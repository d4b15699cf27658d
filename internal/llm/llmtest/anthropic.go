package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveAnthropic speaks the Messages API: POST /v1/messages (streamed as
// message_start, content_block_start/delta/stop, message_delta, message_stop
// when "stream" is true) and GET /v1/models.
func (s *Server) serveAnthropic(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	key := r.Header.Get("X-Api-Key")
	if key == "" {
		key = bearer(r.Header)
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Key: key}
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
			status, b := anthropicFailure(FailBadKey, req)
			writeJSON(w, status, b)
			return
		}
		data := []map[string]any{}
		for _, m := range s.Models {
			data = append(data, map[string]any{"type": "model", "id": m, "display_name": m, "created_at": "2026-01-01T00:00:00Z"})
		}
		page := map[string]any{"data": data, "has_more": false, "first_id": nil, "last_id": nil}
		if len(s.Models) > 0 {
			page["first_id"], page["last_id"] = s.Models[0], s.Models[len(s.Models)-1]
		}
		writeJSON(w, http.StatusOK, page)
		return
	case r.Method != http.MethodPost || r.URL.Path != "/v1/messages":
		writeJSON(w, http.StatusNotFound, map[string]any{"type": "error", "error": map[string]any{"type": "not_found_error", "message": "Not found"}})
		return
	}

	reply := s.replyTo(req)
	if s.failure(w, r, reply, req, anthropicFailure) {
		return
	}
	model := reply.Model
	if model == "" {
		model = req.Model
	}
	in, out := reply.usage()
	stop := "end_turn"
	if len(reply.ToolCalls) > 0 {
		stop = "tool_use"
	}
	ids := make([]string, len(reply.ToolCalls))
	for i, c := range reply.ToolCalls {
		ids[i] = c.ID
		if ids[i] == "" {
			ids[i] = fmt.Sprintf("toolu_%02d", i+1)
		}
	}

	if !req.Stream {
		content := []any{}
		if text := strings.Join(reply.Text, ""); text != "" {
			content = append(content, map[string]any{"type": "text", "text": text})
		}
		for i, c := range reply.ToolCalls {
			content = append(content, map[string]any{"type": "tool_use", "id": ids[i], "name": c.Name, "input": json.RawMessage(c.Arguments)})
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "msg_llmtest", "type": "message", "role": "assistant", "model": model, "content": content,
			"stop_reason": stop, "stop_sequence": nil, "usage": map[string]any{"input_tokens": in, "output_tokens": out},
		})
		return
	}

	e := newSSE(w)
	e.event("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": "msg_llmtest", "type": "message", "role": "assistant", "model": model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil, "usage": map[string]any{"input_tokens": in, "output_tokens": 1},
	}})
	e.event("ping", map[string]any{"type": "ping"})
	index := 0
	if len(reply.Text) > 0 {
		e.event("content_block_start", map[string]any{"type": "content_block_start", "index": index,
			"content_block": map[string]any{"type": "text", "text": ""}})
		for i, t := range reply.Text {
			if s.stopAt(r, reply, i) {
				return
			}
			pause(reply.Delay)
			e.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": index,
				"delta": map[string]any{"type": "text_delta", "text": t}})
		}
		e.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": index})
		index++
	}
	if s.stopAt(r, reply, max(len(reply.Text), reply.HangAfter, reply.CutAfter)) {
		return
	}
	for i, c := range reply.ToolCalls {
		pause(reply.Delay)
		e.event("content_block_start", map[string]any{"type": "content_block_start", "index": index,
			"content_block": map[string]any{"type": "tool_use", "id": ids[i], "name": c.Name, "input": map[string]any{}}})
		for _, p := range pieces(c.Arguments) {
			e.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": index,
				"delta": map[string]any{"type": "input_json_delta", "partial_json": p}})
		}
		e.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": index})
		index++
	}
	e.event("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": stop, "stop_sequence": nil}, "usage": map[string]any{"output_tokens": out}})
	e.event("message_stop", map[string]any{"type": "message_stop"})
}

// anthropicFailure renders a failure as Anthropic does. (The bad-key message
// quotes the key, which Anthropic's does not: it checks that callers never
// pass provider messages on unsanitized.)
func anthropicFailure(kind string, req Request) (int, any) {
	e := func(status int, typ, message string) (int, any) {
		return status, map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": message}}
	}
	switch kind {
	case FailBadKey:
		return e(401, "authentication_error", "invalid x-api-key: "+req.Key)
	case FailQuota:
		return e(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")
	case FailRateLimited:
		return e(429, "rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute.")
	case FailUnknownModel:
		return e(404, "not_found_error", "model: "+req.Model)
	case FailOverloaded:
		return e(529, "overloaded_error", "Overloaded")
	default:
		return e(500, "api_error", "Internal server error")
	}
}
