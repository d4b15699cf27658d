// Package llmtest has local servers that speak the wire formats of the LLM
// providers — OpenAI Chat Completions (and its model list), Anthropic
// Messages, Gemini generateContent — and answer from a script: text streamed
// in pieces, tool calls, usage, or a failure in the provider's own format.
// They record what they received. Tests of the llm package, the agent runtime
// and the browser tests (through the fakellm command) use them.
package llmtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Wire formats.
const (
	OpenAI    = "openai"
	Anthropic = "anthropic"
	Gemini    = "gemini"
)

// Failures a Reply may ask for; each server writes it as its provider does.
const (
	FailBadKey       = "bad_key"       // OpenAI/Anthropic 401; Gemini 400 API_KEY_INVALID
	FailQuota        = "quota"         // OpenAI 429 insufficient_quota; Anthropic 400 credit balance; Gemini 429 per-day quota
	FailRateLimited  = "rate_limited"  // 429, with RetryAfter when set
	FailUnknownModel = "unknown_model" // 404
	FailServerError  = "server_error"  // 500
	FailOverloaded   = "overloaded"    // OpenAI/Gemini 503; Anthropic 529
)

// ToolCall is a call a Reply makes.
type ToolCall struct {
	ID        string // "" lets the server make one (Gemini sends none)
	Name      string
	Arguments string // JSON object
	Signature []byte // Gemini's thoughtSignature, sent with the call
}

// Reply is one scripted answer.
type Reply struct {
	Text         []string   // text, streamed piece by piece in this order
	ToolCalls    []ToolCall // streamed after the text
	InputTokens  int        // usage reported; 0 is 11
	OutputTokens int        // 0 is 7
	Model        string     // the model reported; "" echoes the request's

	Fail       string // a Fail* failure instead of an answer
	RetryAfter string // Retry-After header on a failure ("0.2"); Gemini also puts it in RetryInfo
	Status     int    // with Body: a raw failure
	Body       string

	Hang      bool          // send nothing until the client goes away
	HangAfter int           // stream this many text pieces, then hang
	CutAfter  int           // stream this many text pieces, then end the response unfinished
	Delay     time.Duration // between streamed pieces
}

// Request is what a server received.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	Key    string // the API key presented: Bearer, x-api-key or x-goog-api-key
	Model  string
	Stream bool
}

// JSON decodes the body (nil when it is not JSON).
func (r Request) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Server is a fake provider.
type Server struct {
	// URL is the base URL to configure the provider with: for OpenAI it ends
	// in /v1. Empty until the server is started.
	URL string
	// Key, when set, is the only key accepted; any other gets the provider's
	// bad-key failure.
	Key string
	// Models are listed by the model endpoint; when set, other models get
	// the unknown-model failure.
	Models []string
	// Default answers when the script is empty; nil answers "ok".
	Default func(Request) Reply

	flavor   string
	mu       sync.Mutex
	script   []Reply
	requests []Request
	done     chan struct{}
	once     sync.Once
}

// New returns a server of a wire format, not started: serve Handler().
func New(flavor string, replies ...Reply) *Server {
	return &Server{flavor: flavor, script: replies, done: make(chan struct{})}
}

// NewOpenAIServer starts a fake OpenAI-compatible server for a test.
func NewOpenAIServer(t testing.TB, replies ...Reply) *Server {
	return start(t, New(OpenAI, replies...))
}

// NewAnthropicServer starts a fake Anthropic server for a test.
func NewAnthropicServer(t testing.TB, replies ...Reply) *Server {
	return start(t, New(Anthropic, replies...))
}

// NewGeminiServer starts a fake Gemini API server for a test.
func NewGeminiServer(t testing.TB, replies ...Reply) *Server {
	return start(t, New(Gemini, replies...))
}

func start(t testing.TB, s *Server) *Server {
	t.Helper()
	srv := httptest.NewServer(s.Handler())
	s.URL = BaseURL(s.flavor, srv.URL)
	t.Cleanup(func() {
		s.Release()
		srv.Close()
	})
	return s
}

// BaseURL is the base URL a provider is configured with for a server at
// root: OpenAI's includes /v1.
func BaseURL(flavor, root string) string {
	if flavor == OpenAI {
		return root + "/v1"
	}
	return root
}

// Push adds replies to the script.
func (s *Server) Push(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, replies...)
}

// Requests returns what the server received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Release ends every hanging reply.
func (s *Server) Release() { s.once.Do(func() { close(s.done) }) }

// next records a request and takes its reply.
func (s *Server) next(r Request) Reply {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	var reply Reply
	switch {
	case len(s.script) > 0:
		reply, s.script = s.script[0], s.script[1:]
	case s.Default != nil:
		s.mu.Unlock()
		return s.Default(r)
	default:
		reply = Reply{Text: []string{"ok"}}
	}
	s.mu.Unlock()
	return reply
}

// replyTo records a request and decides its reply: a refusal when the key
// is not the server's, or the model unknown (unless the script fails on
// its own), else the scripted reply.
func (s *Server) replyTo(r Request) Reply {
	reply := s.next(r)
	if s.Key != "" && r.Key != s.Key {
		return Reply{Fail: FailBadKey}
	}
	if !s.knows(r.Model) && reply.Fail == "" && reply.Status == 0 {
		return Reply{Fail: FailUnknownModel}
	}
	return reply
}

func (s *Server) knows(model string) bool {
	return len(s.Models) == 0 || slices.Contains(s.Models, strings.TrimPrefix(model, "models/"))
}

// hang waits until the client goes away or the server is released.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.done:
	}
}

// Handler serves the wire format.
func (s *Server) Handler() http.Handler {
	switch s.flavor {
	case Anthropic:
		return http.HandlerFunc(s.serveAnthropic)
	case Gemini:
		return http.HandlerFunc(s.serveGemini)
	default:
		return http.HandlerFunc(s.serveOpenAI)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// sse writes server-sent events.
type sse struct {
	w http.ResponseWriter
	f http.Flusher
}

func newSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sse{w: w, f: f}
}

func (e *sse) event(name string, data any) {
	b, _ := json.Marshal(data)
	if name != "" {
		_, _ = e.w.Write([]byte("event: " + name + "\n"))
	}
	_, _ = e.w.Write([]byte("data: " + string(b) + "\n\n"))
	e.flush()
}

func (e *sse) raw(line string) {
	_, _ = e.w.Write([]byte(line + "\n\n"))
	e.flush()
}

func (e *sse) flush() {
	if e.f != nil {
		e.f.Flush()
	}
}

// failure writes a Reply's failure and reports whether there was one.
func (s *Server) failure(w http.ResponseWriter, r *http.Request, reply Reply, req Request, render func(kind string, req Request) (int, any)) bool {
	switch {
	case reply.Hang:
		s.hang(r)
		return true
	case reply.Status != 0:
		if reply.RetryAfter != "" {
			w.Header().Set("Retry-After", reply.RetryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(reply.Status)
		_, _ = w.Write([]byte(reply.Body))
		return true
	case reply.Fail != "":
		if reply.RetryAfter != "" {
			w.Header().Set("Retry-After", reply.RetryAfter)
		}
		status, body := render(reply.Fail, req)
		writeJSON(w, status, body)
		return true
	}
	return false
}

// stopAt says whether the stream must stop before text piece i (hanging or
// cut short), and does the hanging.
func (s *Server) stopAt(r *http.Request, reply Reply, i int) bool {
	switch {
	case reply.HangAfter > 0 && i == reply.HangAfter:
		s.hang(r)
		return true
	case reply.CutAfter > 0 && i == reply.CutAfter:
		return true
	}
	return false
}

func (r Reply) usage() (int, int) {
	in, out := r.InputTokens, r.OutputTokens
	if in == 0 {
		in = 11
	}
	if out == 0 {
		out = 7
	}
	return in, out
}

// pieces cuts a tool call's arguments in three, as providers stream them.
func pieces(s string) []string {
	if len(s) < 3 {
		return []string{s}
	}
	// Cut at character boundaries: a provider streams text, not bytes.
	cut := func(i int) int {
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return i
	}
	a, b := cut(len(s)/3), cut(2*len(s)/3)
	return []string{s[:a], s[a:b], s[b:]}
}

func pause(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}

func bearer(h http.Header) string {
	v := h.Get("Authorization")
	if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
		return v[7:]
	}
	return ""
}
