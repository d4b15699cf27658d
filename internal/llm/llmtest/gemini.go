package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveGemini speaks the Gemini API: POST /{version}/models/{model}:
// streamGenerateContent?alt=sse (one "data:" line per chunk) or
// :generateContent, and GET /{version}/models.
func (s *Server) serveGemini(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	key := r.Header.Get("X-Goog-Api-Key")
	if key == "" {
		key = r.URL.Query().Get("key")
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Key: key}
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2) // version, rest
	rest := ""
	if len(parts) == 2 {
		rest = parts[1]
	}
	switch {
	case r.Method == http.MethodGet && rest == "models":
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
		if s.Key != "" && req.Key != s.Key {
			status, b := geminiFailure(FailBadKey, req, "")
			writeJSON(w, status, b)
			return
		}
		models := []map[string]any{}
		for _, m := range s.Models {
			models = append(models, map[string]any{"name": "models/" + m, "displayName": m,
				"supportedGenerationMethods": []string{"generateContent", "countTokens"}})
		}
		writeJSON(w, http.StatusOK, map[string]any{"models": models})
		return
	case r.Method != http.MethodPost || !strings.HasPrefix(rest, "models/") || !strings.Contains(rest, ":"):
		writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]any{"code": 404, "message": "Not found", "status": "NOT_FOUND"}})
		return
	}
	model, method, _ := strings.Cut(strings.TrimPrefix(rest, "models/"), ":")
	req.Model = model
	req.Stream = method == "streamGenerateContent"

	reply := s.replyTo(req)
	// Google puts the wait in the body's RetryInfo, not in a header.
	render := func(kind string, req Request) (int, any) { return geminiFailure(kind, req, reply.RetryAfter) }
	noHeader := reply
	noHeader.RetryAfter = ""
	if s.failure(w, r, noHeader, req, render) {
		return
	}
	version := reply.Model
	if version == "" {
		version = model
	}
	in, out := reply.usage()
	calls := make([]any, len(reply.ToolCalls))
	for i, c := range reply.ToolCalls {
		fc := map[string]any{"name": c.Name, "args": json.RawMessage(c.Arguments)}
		if c.ID != "" {
			fc["id"] = c.ID
		}
		part := map[string]any{"functionCall": fc}
		if len(c.Signature) > 0 {
			part["thoughtSignature"] = c.Signature // []byte: base64, as on the wire
		}
		calls[i] = part
	}
	chunk := func(parts []any, finish string, usage bool) map[string]any {
		cand := map[string]any{"content": map[string]any{"parts": parts, "role": "model"}, "index": 0}
		if finish != "" {
			cand["finishReason"] = finish
		}
		c := map[string]any{"candidates": []any{cand}, "modelVersion": version, "responseId": "llmtest"}
		if usage {
			c["usageMetadata"] = map[string]any{"promptTokenCount": in, "candidatesTokenCount": out, "totalTokenCount": in + out}
		}
		return c
	}

	if !req.Stream {
		var all []any
		if text := strings.Join(reply.Text, ""); text != "" {
			all = append(all, map[string]any{"text": text})
		}
		writeJSON(w, http.StatusOK, chunk(append(all, calls...), "STOP", true))
		return
	}

	e := newSSE(w)
	for i, t := range reply.Text {
		if s.stopAt(r, reply, i) {
			return
		}
		pause(reply.Delay)
		e.event("", chunk([]any{map[string]any{"text": t}}, "", false))
	}
	if s.stopAt(r, reply, max(len(reply.Text), reply.HangAfter, reply.CutAfter)) {
		return
	}
	if len(calls) > 0 {
		pause(reply.Delay)
		e.event("", chunk(calls, "", false))
	}
	// The last chunk carries the finish reason and the usage.
	e.event("", chunk([]any{map[string]any{"text": ""}}, "STOP", true))
}

// geminiFailure renders a failure as the Gemini API does. (The bad-key
// message quotes the key, which Google's does not: it checks that callers
// never pass provider messages on unsanitized.)
func geminiFailure(kind string, req Request, retryAfter string) (int, any) {
	e := func(code int, status, message string, details ...any) (int, any) {
		err := map[string]any{"code": code, "message": message, "status": status}
		if len(details) > 0 {
			err["details"] = details
		}
		return code, map[string]any{"error": err}
	}
	quota := func(id string) map[string]any {
		return map[string]any{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []any{map[string]any{
			"quotaMetric": "generativelanguage.googleapis.com/generate_content_requests", "quotaId": id}}}
	}
	switch kind {
	case FailBadKey:
		return e(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key. ("+req.Key+")",
			map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
				"metadata": map[string]any{"service": "generativelanguage.googleapis.com"}})
	case FailQuota:
		return e(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.",
			quota("GenerateRequestsPerDayPerProjectPerModel-FreeTier"))
	case FailRateLimited:
		details := []any{quota("GenerateRequestsPerMinutePerProjectPerModel")}
		if retryAfter != "" {
			details = append(details, map[string]any{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retryAfter + "s"})
		}
		return e(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", details...)
	case FailUnknownModel:
		return e(404, "NOT_FOUND", fmt.Sprintf("models/%s is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.", req.Model))
	case FailOverloaded:
		return e(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
	default:
		return e(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting")
	}
}
