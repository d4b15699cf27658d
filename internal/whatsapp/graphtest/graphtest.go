// Package graphtest is a local fake of Meta's Graph API for the WhatsApp
// Cloud API, and the other side of our webhooks: it signs and posts
// notifications the way Meta does and builds their payloads byte for byte.
//
// The fake answers GET /{version}/{phone-number-id} (the "Testar conexão"
// call) for the numbers a test registers, with Meta's own error bodies for an
// expired or unknown access token (401, OAuth code 190) and for a token that
// cannot see the number (400, code 100). It records every request it
// receives. Tests of the WhatsApp channel, the browser tests and the webhook
// benchmark (through the fakegraph command) use it.
package graphtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Version is the Graph API version in the URL of a server New starts.
const Version = "v23.0"

// Number is a WhatsApp business phone number the fake knows, and the access
// token that can see it.
type Number struct {
	ID           string // phone_number_id
	Display      string // display_phone_number, as "+55 62 99999-0000"
	VerifiedName string // verified_name
	Token        string // the access token allowed to read this number
	Quality      string // quality_rating; "" is "GREEN"
}

// Request is what the server received.
type Request struct {
	Method string
	Path   string // as received, with the version: /v23.0/1234
	Query  string // raw query
	Header http.Header
	Body   []byte
	Token  string // the access token presented (Bearer or ?access_token=)
	Status int    // the status the fake answered
}

// Server is a fake Graph API.
type Server struct {
	// URL is the base URL to configure the app with, including the API
	// version (http://127.0.0.1:port/v23.0). Empty until the server is
	// started. Any version segment is answered, not only this one.
	URL string

	mu       sync.Mutex
	numbers  map[string]Number // by ID
	expired  map[string]bool   // tokens
	requests []Request
	traces   int
	sent     int
	sends    []Send
	reads    []Read
	sendErrs []SendError
	statuses *Statuses
}

// NewUnstarted returns a fake with no numbers, not started: serve
// Handler() and set URL.
func NewUnstarted() *Server {
	return &Server{numbers: map[string]Number{}, expired: map[string]bool{}}
}

// New starts a fake Graph API for a test, stopped when the test ends; its
// URL includes the version (/v23.0).
func New(t testing.TB, numbers ...Number) *Server {
	t.Helper()
	s := NewUnstarted()
	for _, n := range numbers {
		s.AddNumber(n)
	}
	srv := httptest.NewServer(s.Handler())
	s.URL = srv.URL + "/" + Version
	t.Cleanup(srv.Close)
	return s
}

// AddNumber registers a number (replacing one with the same ID). Its token
// becomes valid again if it had been expired.
func (s *Server) AddNumber(n Number) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.numbers[n.ID] = n
	delete(s.expired, n.Token)
}

// ExpireToken makes a token invalid: every call with it answers 401, OAuth
// code 190, subcode 463 (session expired), as Meta does.
func (s *Server) ExpireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expired[token] = true
}

// Requests returns what the server received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Handler serves the fake API: GET /{version}/{phone-number-id} and POST
// /{version}/{phone-number-id}/messages (see answerMessages). Any other
// path answers 400 with Meta's "Unknown path components" error (code 2500).
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, Token: token(r)}
		var status int
		var v any
		if parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); r.Method == http.MethodPost && len(parts) == 3 && parts[2] == "messages" {
			s.mu.Lock()
			status, v = s.answerMessages(parts[1], req.Token, body)
			s.mu.Unlock()
		} else {
			status, v = s.answer(r, req.Token)
		}
		req.Status = status
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Header().Set("X-FB-Trace-ID", traceOf(v))
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `OAuth "Facebook Platform" "invalid_token" "Error validating access token"`)
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	})
}

// answer decides the status and body of a request.
func (s *Server) answer(r *http.Request, tok string) (int, any) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "v") || r.Method != http.MethodGet {
		return http.StatusBadRequest, s.graphError("Unknown path components: /"+strings.Join(parts[min(1, len(parts)):], "/"),
			"OAuthException", 2500, 0)
	}
	id := parts[1]

	s.mu.Lock()
	defer s.mu.Unlock()
	if tok == "" {
		return http.StatusBadRequest, s.graphError("An access token is required to request this resource.", "OAuthException", 104, 0)
	}
	owner, known := s.owner(tok)
	if !known || s.expired[tok] {
		return http.StatusUnauthorized, s.graphError(
			"Error validating access token: Session has expired on Tuesday, 25-Nov-25 10:00:00 PST. The current time is Tuesday, 25-Nov-25 11:00:00 PST.",
			"OAuthException", 190, 463)
	}
	n, ok := s.numbers[id]
	if !ok || !slices.Contains(owner, id) {
		return http.StatusBadRequest, s.graphError(fmt.Sprintf("Unsupported get request. Object with ID '%s' does not exist, "+
			"cannot be loaded due to missing permissions, or does not support this operation. "+
			"Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", id),
			"GraphMethodException", 100, 33)
	}
	all := map[string]any{
		"id":                       n.ID,
		"display_phone_number":     n.Display,
		"verified_name":            n.VerifiedName,
		"quality_rating":           cmp.Or(n.Quality, "GREEN"),
		"code_verification_status": "VERIFIED",
		"platform_type":            "CLOUD_API",
		"throughput":               map[string]string{"level": "STANDARD"},
	}
	fields := []string{"verified_name", "code_verification_status", "display_phone_number", "quality_rating", "platform_type", "throughput"}
	if f := r.URL.Query().Get("fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	out := map[string]any{"id": n.ID}
	for _, f := range fields {
		f = strings.TrimSpace(f)
		v, ok := all[f]
		if !ok {
			return http.StatusBadRequest, s.graphError(fmt.Sprintf("(#100) Tried accessing nonexisting field (%s) on node type (WhatsAppBusinessPhoneNumber)", f),
				"OAuthException", 100, 0)
		}
		out[f] = v
	}
	return http.StatusOK, out
}

// owner returns the ids of the numbers a token can see, and whether any
// number has that token. Called with s.mu held.
func (s *Server) owner(tok string) ([]string, bool) {
	var ids []string
	for id, n := range s.numbers {
		if n.Token == tok {
			ids = append(ids, id)
		}
	}
	return ids, len(ids) > 0
}

// graphError is Meta's error body. Called with s.mu held.
func (s *Server) graphError(message, typ string, code, subcode int) map[string]any {
	s.traces++
	e := map[string]any{"message": message, "type": typ, "code": code, "fbtrace_id": fmt.Sprintf("AfakeTrace%06d", s.traces)}
	if subcode != 0 {
		e["error_subcode"] = subcode
	}
	return map[string]any{"error": e}
}

func traceOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		if e, ok := m["error"].(map[string]any); ok {
			if t, ok := e["fbtrace_id"].(string); ok {
				return t
			}
		}
	}
	return "AfakeTraceOK"
}

// token is the access token of a request: Authorization: Bearer, or the
// access_token query parameter (Graph accepts both).
func token(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t)
		}
		if t, ok := strings.CutPrefix(h, "OAuth "); ok {
			return strings.TrimSpace(t)
		}
		return ""
	}
	return r.URL.Query().Get("access_token")
}
