package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
)

// Keys shaped like each provider's, so a leak would also be caught by eye.
var keys = map[string]string{
	llm.OpenAI:    "sk-proj-TESTKEY0penAI0123456789abcdef",
	llm.Anthropic: "sk-ant-api03-TESTKEYanthropic0123456789",
	llm.Gemini:    "AIzaSyTESTKEYgemini0123456789abcdefgh",
}

// logBuffer collects log output of parallel tests.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newServer(t *testing.T, provider string, replies ...llmtest.Reply) *llmtest.Server {
	switch provider {
	case llm.Anthropic:
		return llmtest.NewAnthropicServer(t, replies...)
	case llm.Gemini:
		return llmtest.NewGeminiServer(t, replies...)
	}
	return llmtest.NewOpenAIServer(t, replies...)
}

// newProvider connects a provider to a fake server, with short timeouts and
// a millisecond backoff.
func newProvider(t *testing.T, provider string, s *llmtest.Server, logs *logBuffer, edit func(*llm.Options)) llm.Provider {
	t.Helper()
	if logs == nil {
		logs = &logBuffer{}
	}
	o := llm.Options{
		Provider:    provider,
		APIKey:      keys[provider],
		BaseURL:     s.URL,
		Model:       "modelo-teste",
		Timeout:     5 * time.Second,
		IdleTimeout: 2 * time.Second,
		RetryBase:   time.Millisecond,
		Logger:      slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&o)
	}
	p, err := llm.New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func forEachProvider(t *testing.T, f func(t *testing.T, provider string)) {
	for _, p := range llm.Providers {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			f(t, p)
		})
	}
}

// get walks decoded JSON: get(v, "messages", 0, "role").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func jsonEqual(t *testing.T, what string, got any, want string) {
	t.Helper()
	var g, w any
	b, _ := json.Marshal(got)
	if s, ok := got.(json.RawMessage); ok {
		b = s
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %s is not JSON: %v", what, b, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %s", want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s = %s, want %s", what, b, want)
	}
}

const schema = `{"type":"object","properties":{"produto":{"type":"string","description":"o que o cliente quer"},"quantidade":{"type":"integer"}},"required":["produto"]}`

func firstRequest() llm.Request {
	temp := 0.3
	return llm.Request{
		System:      "Você é um vendedor de energia solar.",
		Messages:    []llm.Message{{Role: llm.RoleUser, Content: "Quanto custa uma placa?"}},
		Tools:       []llm.Tool{{Name: "buscar_produto", Description: "Busca um produto no catálogo", Parameters: json.RawMessage(schema)}},
		Temperature: &temp,
		MaxTokens:   256,
	}
}

// TestStreamRoundTrip makes, against each provider's wire format, a streamed
// call that ends in a tool call, then the call that carries the tool's result.
func TestStreamRoundTrip(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		call := llmtest.ToolCall{Name: "buscar_produto", Arguments: `{"produto":"placa solar","quantidade":2}`}
		if provider == llm.Gemini {
			call.Signature = []byte("assinatura-opaca")
		} else {
			call.ID = "call_abc123"
		}
		s := newServer(t, provider,
			llmtest.Reply{Text: []string{"Um momento,", " vou ver", " no catálogo."}, ToolCalls: []llmtest.ToolCall{call}, InputTokens: 42, OutputTokens: 17},
			llmtest.Reply{Text: []string{"A placa custa", " R$ 900."}, InputTokens: 60, OutputTokens: 9},
		)
		p := newProvider(t, provider, s, nil, nil)
		if p.Name() != provider {
			t.Errorf("Name = %q", p.Name())
		}

		req := firstRequest()
		var events []string
		resp, err := p.Stream(context.Background(), req, func(ev llm.Event) error {
			switch ev.Type {
			case llm.EventText:
				events = append(events, "text:"+ev.Text)
			case llm.EventToolCall:
				events = append(events, "tool:"+ev.ToolCall.Name)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Stream: %v", err)
		}
		want := []string{"text:Um momento,", "text: vou ver", "text: no catálogo.", "tool:buscar_produto"}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("events = %q, want %q", events, want)
		}
		if resp.Content != "Um momento, vou ver no catálogo." {
			t.Errorf("Content = %q", resp.Content)
		}
		if len(resp.ToolCalls) != 1 {
			t.Fatalf("ToolCalls = %+v", resp.ToolCalls)
		}
		tc := resp.ToolCalls[0]
		if tc.Name != "buscar_produto" || tc.ID == "" {
			t.Errorf("tool call = %+v", tc)
		}
		if provider != llm.Gemini && tc.ID != "call_abc123" {
			t.Errorf("tool call id = %q", tc.ID)
		}
		jsonEqual(t, "arguments", tc.Arguments, call.Arguments)
		if provider == llm.Gemini && string(tc.Signature) != "assinatura-opaca" {
			t.Errorf("signature = %q", tc.Signature)
		}
		if resp.Usage != (llm.Usage{InputTokens: 42, OutputTokens: 17}) {
			t.Errorf("Usage = %+v", resp.Usage)
		}
		if resp.StopReason != llm.StopToolCalls || resp.Model != "modelo-teste" {
			t.Errorf("StopReason = %q, Model = %q", resp.StopReason, resp.Model)
		}

		// The tool's result goes back with the assistant's call.
		req.Messages = append(req.Messages,
			llm.Message{Role: llm.RoleAssistant, Content: resp.Content, ToolCalls: resp.ToolCalls},
			llm.Message{Role: llm.RoleTool, ToolCallID: tc.ID, Content: `{"preco":"R$ 900"}`},
		)
		resp2, err := p.Stream(context.Background(), req, nil)
		if err != nil {
			t.Fatalf("second Stream: %v", err)
		}
		if resp2.Content != "A placa custa R$ 900." || resp2.StopReason != llm.StopEnd || len(resp2.ToolCalls) != 0 {
			t.Errorf("second response = %+v", resp2)
		}

		got := s.Requests()
		if len(got) != 2 {
			t.Fatalf("server got %d requests", len(got))
		}
		for _, r := range got {
			if r.Key != keys[provider] || r.Model != "modelo-teste" || !r.Stream {
				t.Errorf("request: key %q, model %q, stream %v", r.Key, r.Model, r.Stream)
			}
		}
		checkWire[provider](t, got[0].JSON(), got[1].JSON(), got[0], tc.ID)
	})
}

// checkWire checks what each server received: the first call (system, user
// message, tools, temperature, max tokens) and the second (the assistant's
// call and the tool's result).
var checkWire = map[string]func(t *testing.T, first, second map[string]any, r llmtest.Request, callID string){
	llm.OpenAI: func(t *testing.T, first, second map[string]any, r llmtest.Request, callID string) {
		if h := r.Header.Get("Authorization"); h != "Bearer "+keys[llm.OpenAI] {
			t.Errorf("Authorization = %q", h)
		}
		if r.Path != "/v1/chat/completions" {
			t.Errorf("path = %q", r.Path)
		}
		jsonEqual(t, "messages", first["messages"], `[
			{"role":"system","content":"Você é um vendedor de energia solar."},
			{"role":"user","content":"Quanto custa uma placa?"}]`)
		jsonEqual(t, "tools", first["tools"], `[{"type":"function","function":{"name":"buscar_produto",
			"description":"Busca um produto no catálogo","parameters":`+schema+`}}]`)
		jsonEqual(t, "stream_options", first["stream_options"], `{"include_usage":true}`)
		if first["temperature"] != 0.3 || first["max_tokens"] != 256.0 {
			t.Errorf("temperature %v, max_tokens %v", first["temperature"], first["max_tokens"])
		}
		jsonEqual(t, "assistant", get(second, "messages", 2), `{"role":"assistant","content":"Um momento, vou ver no catálogo.",
			"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"buscar_produto","arguments":"{\"produto\":\"placa solar\",\"quantidade\":2}"}}]}`)
		jsonEqual(t, "tool result", get(second, "messages", 3), `{"role":"tool","tool_call_id":"call_abc123","content":"{\"preco\":\"R$ 900\"}"}`)
	},
	llm.Anthropic: func(t *testing.T, first, second map[string]any, r llmtest.Request, callID string) {
		if r.Path != "/v1/messages" {
			t.Errorf("path = %q", r.Path)
		}
		if r.Header.Get("Anthropic-Version") == "" {
			t.Errorf("no anthropic-version header")
		}
		jsonEqual(t, "system", first["system"], `[{"type":"text","text":"Você é um vendedor de energia solar."}]`)
		jsonEqual(t, "messages", first["messages"], `[{"role":"user","content":[{"type":"text","text":"Quanto custa uma placa?"}]}]`)
		jsonEqual(t, "tools", first["tools"], `[{"name":"buscar_produto","description":"Busca um produto no catálogo","input_schema":`+schema+`}]`)
		if first["temperature"] != 0.3 || first["max_tokens"] != 256.0 {
			t.Errorf("temperature %v, max_tokens %v", first["temperature"], first["max_tokens"])
		}
		jsonEqual(t, "assistant", get(second, "messages", 1), `{"role":"assistant","content":[
			{"type":"text","text":"Um momento, vou ver no catálogo."},
			{"type":"tool_use","id":"call_abc123","name":"buscar_produto","input":{"produto":"placa solar","quantidade":2}}]}`)
		jsonEqual(t, "tool result", get(second, "messages", 2), `{"role":"user","content":[
			{"type":"tool_result","tool_use_id":"call_abc123","content":[{"type":"text","text":"{\"preco\":\"R$ 900\"}"}]}]}`)
	},
	llm.Gemini: func(t *testing.T, first, second map[string]any, r llmtest.Request, callID string) {
		if r.Path != "/v1beta/models/modelo-teste:streamGenerateContent" || r.Query != "alt=sse" {
			t.Errorf("path = %q?%s", r.Path, r.Query)
		}
		if r.Header.Get("X-Goog-Api-Key") != keys[llm.Gemini] || strings.Contains(r.Query, "key=") {
			t.Errorf("the key must travel in x-goog-api-key only")
		}
		if got := get(first, "systemInstruction", "parts", 0, "text"); got != "Você é um vendedor de energia solar." {
			t.Errorf("systemInstruction = %v", first["systemInstruction"])
		}
		jsonEqual(t, "contents", first["contents"], `[{"role":"user","parts":[{"text":"Quanto custa uma placa?"}]}]`)
		jsonEqual(t, "tools", first["tools"], `[{"functionDeclarations":[{"name":"buscar_produto",
			"description":"Busca um produto no catálogo","parametersJsonSchema":`+schema+`}]}]`)
		jsonEqual(t, "generationConfig", first["generationConfig"], `{"temperature":0.3,"maxOutputTokens":256}`)
		if !strings.HasPrefix(callID, "gcall_") {
			t.Errorf("a call without id got %q", callID)
		}
		// A made-up id is not sent back; the signature is.
		jsonEqual(t, "model turn", get(second, "contents", 1), `{"role":"model","parts":[
			{"text":"Um momento, vou ver no catálogo."},
			{"functionCall":{"name":"buscar_produto","args":{"produto":"placa solar","quantidade":2}},"thoughtSignature":"YXNzaW5hdHVyYS1vcGFjYQ=="}]}`)
		jsonEqual(t, "function response", get(second, "contents", 2), `{"role":"user","parts":[
			{"functionResponse":{"name":"buscar_produto","response":{"preco":"R$ 900"}}}]}`)
	},
}

func TestRetryOn429HonoursRetryAfter(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider,
			llmtest.Reply{Fail: llmtest.FailRateLimited, RetryAfter: "0.2"},
			llmtest.Reply{Text: []string{"ok"}},
		)
		logs := &logBuffer{}
		p := newProvider(t, provider, s, logs, nil)
		start := time.Now()
		resp, err := p.Stream(context.Background(), firstRequest(), nil)
		if err != nil {
			t.Fatalf("Stream: %v", err)
		}
		if resp.Content != "ok" || len(s.Requests()) != 2 {
			t.Errorf("content %q after %d requests", resp.Content, len(s.Requests()))
		}
		// The backoff alone (1 ms) would not wait this long.
		if d := time.Since(start); d < 200*time.Millisecond {
			t.Errorf("retried after %v, before the 0.2 s asked", d)
		}
		if !strings.Contains(logs.String(), "retrying") || !strings.Contains(logs.String(), `"kind":"rate_limited"`) {
			t.Errorf("the retry was not logged: %s", logs)
		}
	})
}

func TestRetryOn5xxThenGivesUp(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider,
			llmtest.Reply{Fail: llmtest.FailServerError},
			llmtest.Reply{Fail: llmtest.FailOverloaded},
			llmtest.Reply{Text: []string{"ok"}},
		)
		p := newProvider(t, provider, s, nil, nil)
		if _, err := p.Stream(context.Background(), firstRequest(), nil); err != nil {
			t.Fatalf("Stream after 500 and overload: %v", err)
		}
		if n := len(s.Requests()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}

		s.Push(llmtest.Reply{Fail: llmtest.FailServerError}, llmtest.Reply{Fail: llmtest.FailServerError}, llmtest.Reply{Fail: llmtest.FailServerError}, llmtest.Reply{})
		_, err := p.Stream(context.Background(), firstRequest(), nil)
		var e *llm.Error
		if !errors.As(err, &e) || e.Kind != llm.KindUnavailable || e.Status != 500 {
			t.Fatalf("err = %v", err)
		}
		if n := len(s.Requests()); n != 6 {
			t.Errorf("%d requests, want 3 more", n)
		}
	})
}

func TestRetryAfterTooLongIsNotWaited(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider, llmtest.Reply{Fail: llmtest.FailRateLimited, RetryAfter: "30"})
		p := newProvider(t, provider, s, nil, func(o *llm.Options) { o.MaxRetryWait = time.Second })
		start := time.Now()
		_, err := p.Stream(context.Background(), firstRequest(), nil)
		var e *llm.Error
		if !errors.As(err, &e) || e.Kind != llm.KindRateLimited || e.RetryAfter != 30*time.Second {
			t.Fatalf("err = %#v", err)
		}
		if len(s.Requests()) != 1 || time.Since(start) > time.Second {
			t.Errorf("waited for a retry")
		}
	})
}

func TestQuotaIsNotRetried(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider, llmtest.Reply{Fail: llmtest.FailQuota})
		p := newProvider(t, provider, s, nil, nil)
		_, err := p.Stream(context.Background(), firstRequest(), nil)
		if llm.KindOf(err) != llm.KindQuota {
			t.Fatalf("err = %v, want quota", err)
		}
		if n := len(s.Requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
		if !strings.Contains(llm.UserMessage(err), "sem créditos") {
			t.Errorf("UserMessage = %q", llm.UserMessage(err))
		}
	})
}

func TestBadKey(t *testing.T) {
	want := map[string]string{
		llm.OpenAI:    "A chave do provedor %s foi recusada. Confira se ela está correta e ativa.", // a compatible server, named by its host
		llm.Anthropic: "A chave da Anthropic foi recusada. Confira se ela está correta e ativa.",
		llm.Gemini:    "A chave do Google Gemini foi recusada. Confira se ela está correta e ativa.",
	}
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider)
		s.Key = "the-right-key"
		p := newProvider(t, provider, s, nil, nil)
		_, err := p.Stream(context.Background(), firstRequest(), nil)
		var e *llm.Error
		if !errors.As(err, &e) || e.Kind != llm.KindBadKey {
			t.Fatalf("err = %v, want bad_key", err)
		}
		if w := want[provider]; e.UserMessage() != w && e.UserMessage() != fmt.Sprintf(w, strings.TrimPrefix(strings.TrimSuffix(s.URL, "/v1"), "http://")) {
			t.Errorf("UserMessage = %q", e.UserMessage())
		}
		if n := len(s.Requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
		// The model list says the same.
		if _, err := p.Models(context.Background()); llm.KindOf(err) != llm.KindBadKey {
			t.Errorf("Models: %v", err)
		}
	})
}

func TestUnknownModel(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider)
		s.Models = []string{"modelo-teste", "outro-modelo"}
		p := newProvider(t, provider, s, nil, nil)
		req := firstRequest()
		req.Model = "modelo-que-nao-existe"
		_, err := p.Stream(context.Background(), req, nil)
		var e *llm.Error
		if !errors.As(err, &e) || e.Kind != llm.KindUnknownModel || e.Status != 404 {
			t.Fatalf("err = %v, want unknown_model", err)
		}
		if !strings.Contains(e.UserMessage(), `"modelo-que-nao-existe"`) {
			t.Errorf("UserMessage = %q", e.UserMessage())
		}
		if len(s.Requests()) != 1 {
			t.Errorf("retried")
		}

		models, err := p.Models(context.Background())
		if err != nil || !reflect.DeepEqual(models, []string{"modelo-teste", "outro-modelo"}) {
			t.Errorf("Models = %v, %v", models, err)
		}
		if err := llm.Check(context.Background(), p, "modelo-teste"); err != nil {
			t.Errorf("Check(known): %v", err)
		}
		s.Push(llmtest.Reply{Fail: llmtest.FailQuota})
		if err := llm.Check(context.Background(), p, "modelo-teste"); llm.KindOf(err) != llm.KindQuota {
			t.Errorf("Check(no credits): %v", err)
		}
		if err := llm.Check(context.Background(), p, "modelo-que-nao-existe"); llm.KindOf(err) != llm.KindUnknownModel {
			t.Errorf("Check(unknown): %v", err)
		}
	})
}

func TestTimeouts(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		short := func(o *llm.Options) { o.Timeout, o.IdleTimeout = 400*time.Millisecond, 150*time.Millisecond }

		// A server that never answers: the idle timeout (first chunk) fires.
		s := newServer(t, provider, llmtest.Reply{Hang: true})
		p := newProvider(t, provider, s, nil, short)
		start := time.Now()
		_, err := p.Stream(context.Background(), firstRequest(), nil)
		if llm.KindOf(err) != llm.KindTimeout || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want timeout", err)
		}
		if d := time.Since(start); d > 10*time.Second { // the default would be a minute
			t.Errorf("gave up after %v", d)
		}
		if !strings.Contains(llm.UserMessage(err), "demorou demais") {
			t.Errorf("UserMessage = %q", llm.UserMessage(err))
		}
		if n := len(s.Requests()); n != 1 {
			t.Errorf("%d requests: a timeout is not retried", n)
		}

		// A stream that stops midway: the text already given stays given,
		// and the call is not retried.
		s.Push(llmtest.Reply{Text: []string{"Olá", " mundo"}, HangAfter: 1})
		var got []string
		_, err = p.Stream(context.Background(), firstRequest(), func(ev llm.Event) error {
			got = append(got, ev.Text)
			return nil
		})
		if llm.KindOf(err) != llm.KindTimeout || !reflect.DeepEqual(got, []string{"Olá"}) {
			t.Errorf("err = %v, events %q", err, got)
		}

		// A slow but steady stream outlives the idle timeout, not the call's.
		// Gaps of 50 ms against an idle timeout of 600 ms leave room for a
		// loaded machine; 40 gaps outlast the call's 1 s.
		steady := newProvider(t, provider, s, nil, func(o *llm.Options) { o.Timeout, o.IdleTimeout = time.Second, 600*time.Millisecond })
		s.Push(llmtest.Reply{Text: strings.Split(strings.Repeat("a", 40), ""), Delay: 50 * time.Millisecond})
		_, err = steady.Stream(context.Background(), firstRequest(), nil)
		if llm.KindOf(err) != llm.KindTimeout || !strings.Contains(err.Error(), "no complete answer") {
			t.Errorf("err = %v, want the call timeout", err)
		}

		// The caller's own deadline and cancellation.
		s.Push(llmtest.Reply{Hang: true})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err = p.Stream(ctx, firstRequest(), nil)
		if llm.KindOf(err) != llm.KindTimeout || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("caller deadline: %v", err)
		}
		s.Push(llmtest.Reply{Hang: true})
		ctx, cancel = context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err = p.Stream(ctx, firstRequest(), nil)
		if llm.KindOf(err) != llm.KindCanceled || !errors.Is(err, context.Canceled) {
			t.Errorf("caller cancel: %v", err)
		}
	})
}

func TestCallbackErrorEndsTheStream(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		s := newServer(t, provider, llmtest.Reply{Text: []string{"um", "dois", "três"}})
		p := newProvider(t, provider, s, nil, nil)
		stop := errors.New("chega")
		n := 0
		_, err := p.Stream(context.Background(), firstRequest(), func(llm.Event) error {
			n++
			return stop
		})
		if err != stop || n != 1 {
			t.Errorf("err = %v after %d events", err, n)
		}
		if len(s.Requests()) != 1 {
			t.Errorf("retried")
		}
	})
}

func TestNoKey(t *testing.T) {
	for _, provider := range llm.Providers {
		_, err := llm.New(llm.Options{Provider: provider})
		if llm.KindOf(err) != llm.KindNotConfigured {
			t.Errorf("%s: %v", provider, err)
		}
	}
	if _, err := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "sk-abc def"}); llm.KindOf(err) != llm.KindBadKey {
		t.Errorf("a key with a space: %v", err)
	}
	if _, err := llm.New(llm.Options{Provider: "watson", APIKey: "x"}); err == nil {
		t.Errorf("unknown provider accepted")
	}

	// An OpenAI-compatible server of one's own (Ollama) needs no key, and
	// gets no Authorization header.
	s := llmtest.NewOpenAIServer(t, llmtest.Reply{Text: []string{"oi"}})
	p, err := llm.New(llm.Options{Provider: llm.OpenAI, BaseURL: s.URL, Model: "llama3.1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Stream(context.Background(), firstRequest(), nil); err != nil {
		t.Fatal(err)
	}
	if h := s.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization = %q", h)
	}
}

func TestEnvironmentIsNotRead(t *testing.T) {
	// The SDKs read these when built the usual way; Options alone must rule.
	t.Setenv("OPENAI_API_KEY", "sk-from-env")
	t.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
	t.Setenv("OPENAI_CUSTOM_HEADERS", "X-Leak: yes")
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant-from-env")
	t.Setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:1")
	t.Setenv("GEMINI_API_KEY", "AIza-from-env")
	t.Setenv("GOOGLE_GEMINI_BASE_URL", "http://127.0.0.1:1")
	for _, provider := range llm.Providers {
		s := newServer(t, provider)
		p := newProvider(t, provider, s, nil, nil)
		if _, err := p.Stream(context.Background(), firstRequest(), nil); err != nil {
			t.Fatalf("%s: %v", provider, err)
		}
		r := s.Requests()[0]
		if r.Key != keys[provider] || r.Header.Get("X-Leak") != "" {
			t.Errorf("%s: key %q, headers %v", provider, r.Key, r.Header)
		}
	}
}

func TestUnreachable(t *testing.T) {
	for _, provider := range llm.Providers {
		p, err := llm.New(llm.Options{Provider: provider, APIKey: keys[provider], BaseURL: "http://127.0.0.1:1",
			Model: "m", RetryBase: time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Stream(context.Background(), firstRequest(), nil)
		if llm.KindOf(err) != llm.KindUnavailable {
			t.Errorf("%s: %v", provider, err)
		}
	}
}

// TestKeysNeverLeak runs every failure with keys the fake servers quote back
// in their error messages, and looks for the keys in the logs (debug level),
// the errors in every format, the user messages and the responses.
func TestKeysNeverLeak(t *testing.T) {
	logs := &logBuffer{}
	var seen []string
	var mu sync.Mutex
	keep := func(v ...any) {
		mu.Lock()
		defer mu.Unlock()
		for _, x := range v {
			b, _ := json.Marshal(x)
			seen = append(seen, fmt.Sprintf("%v|%+v|%#v|%s", x, x, x, b))
			if err, ok := x.(error); ok {
				seen = append(seen, llm.UserMessage(err))
				for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
					seen = append(seen, u.Error())
				}
			}
		}
	}
	t.Run("calls", func(t *testing.T) {
		forEachProvider(t, func(t *testing.T, provider string) {
			for _, fail := range []string{llmtest.FailBadKey, llmtest.FailQuota, llmtest.FailRateLimited, llmtest.FailUnknownModel, llmtest.FailServerError, llmtest.FailOverloaded} {
				s := newServer(t, provider, llmtest.Reply{Fail: fail, RetryAfter: "0"}, llmtest.Reply{Fail: fail}, llmtest.Reply{Fail: fail})
				p := newProvider(t, provider, s, logs, nil)
				resp, err := p.Stream(context.Background(), firstRequest(), nil)
				if err == nil {
					t.Errorf("%s: no error", fail)
				}
				keep(resp, err)
			}
			// A body that quotes the key verbatim, and a wrong key.
			s := newServer(t, provider, llmtest.Reply{Status: 400, Body: `{"error":{"message":"bad request for key ` + keys[provider] + `","type":"invalid_request_error"}}`})
			p := newProvider(t, provider, s, logs, nil)
			_, err := p.Stream(context.Background(), firstRequest(), nil)
			keep(err)
			s = newServer(t, provider)
			s.Key = "another"
			p = newProvider(t, provider, s, logs, nil)
			_, err = p.Stream(context.Background(), firstRequest(), nil)
			models, merr := p.Models(context.Background())
			keep(err, models, merr, llm.Check(context.Background(), p, "modelo-teste"))
			// A success, logged at debug level.
			s = newServer(t, provider, llmtest.Reply{Text: []string{"ok"}, ToolCalls: []llmtest.ToolCall{{Name: "buscar_produto", Arguments: "{}"}}})
			p = newProvider(t, provider, s, logs, nil)
			resp, err := p.Stream(context.Background(), firstRequest(), nil)
			keep(resp, err)
			// Timeouts and an unreachable server.
			s = newServer(t, provider, llmtest.Reply{Hang: true})
			p = newProvider(t, provider, s, logs, func(o *llm.Options) { o.IdleTimeout = 50 * time.Millisecond })
			_, err = p.Stream(context.Background(), firstRequest(), nil)
			keep(err)
			p = newProvider(t, provider, &llmtest.Server{URL: "http://127.0.0.1:1"}, logs, nil)
			_, err = p.Stream(context.Background(), firstRequest(), nil)
			keep(err)
		})
	})
	_, err := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: keys[llm.OpenAI] + " \n"})
	keep(err)

	all := logs.String() + strings.Join(seen, "\n")
	if !strings.Contains(all, "bad_key") || !strings.Contains(all, "[chave]") {
		t.Fatalf("the scenarios did not run: %s", all)
	}
	for provider, key := range keys {
		for _, part := range []string{key, key[:16], key[len(key)-16:]} {
			if strings.Contains(all, part) {
				i := strings.Index(all, part)
				t.Errorf("%s key (%q) found: …%s…", provider, part, all[max(0, i-100):min(len(all), i+100)])
			}
		}
	}
}

func TestModelsUnsupported(t *testing.T) {
	// A compatible server without GET /models: the list is unsupported,
	// and Check falls back to a one-token call.
	srv := llmtest.New(llmtest.OpenAI, llmtest.Reply{Text: []string{"ok"}})
	mux := http.NewServeMux()
	mux.Handle("POST /v1/chat/completions", srv.Handler())
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	hs := newHTTPServer(t, mux)
	p, err := llm.New(llm.Options{Provider: llm.OpenAI, BaseURL: hs + "/v1", Model: "x", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Models(context.Background()); llm.KindOf(err) != llm.KindUnsupported {
		t.Errorf("Models: %v", err)
	}
	if err := llm.Check(context.Background(), p, "x"); err != nil {
		t.Errorf("Check: %v", err)
	}
	if r := srv.Requests(); len(r) != 1 || r[0].JSON()["max_tokens"] != 16.0 {
		t.Errorf("the check call: %+v", r)
	}
}

func newHTTPServer(t *testing.T, h http.Handler) string {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL
}

func TestStreamCutShort(t *testing.T) {
	forEachProvider(t, func(t *testing.T, provider string) {
		// Cut after text was given: an error, not a half answer, and no retry.
		s := newServer(t, provider, llmtest.Reply{Text: []string{"Olá", " mundo"}, CutAfter: 1})
		p := newProvider(t, provider, s, nil, nil)
		resp, err := p.Stream(context.Background(), firstRequest(), nil)
		if llm.KindOf(err) != llm.KindUnavailable || resp != nil {
			t.Fatalf("resp %+v, err %v", resp, err)
		}
		if len(s.Requests()) != 1 {
			t.Errorf("retried after text was given")
		}
	})
}

// TestErrorInsideStream: an error event at the start of a stream (HTTP 200)
// is classified by its type, and retried like its status would be.
func TestErrorInsideStream(t *testing.T) {
	events := map[string]string{
		llm.OpenAI:    `data: {"error":{"message":"The server is overloaded","type":"server_error","code":null}}`,
		llm.Anthropic: "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
		llm.Gemini:    `data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}`,
	}
	forEachProvider(t, func(t *testing.T, provider string) {
		fake := llmtest.New(provider, llmtest.Reply{Text: []string{"ok"}})
		var mu sync.Mutex
		calls := 0
		url := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			calls++
			n := calls
			mu.Unlock()
			if n == 1 {
				w.Header().Set("Content-Type", "text/event-stream")
				fmt.Fprint(w, events[provider]+"\n\n")
				return
			}
			fake.Handler().ServeHTTP(w, r)
		}))
		p := newProvider(t, provider, &llmtest.Server{URL: llmtest.BaseURL(provider, url)}, nil, nil)
		resp, err := p.Stream(context.Background(), firstRequest(), nil)
		mu.Lock()
		defer mu.Unlock()
		if err != nil || resp.Content != "ok" || calls != 2 {
			t.Errorf("resp %+v, err %v, %d calls", resp, err, calls)
		}
	})
}

// TestOpenAICompatibleQuirks: servers that put every tool call at index 0,
// send no ids, and finish with "stop".
func TestOpenAICompatibleQuirks(t *testing.T) {
	url := newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, d := range []string{
			`{"id":"x","object":"chat.completion.chunk","model":"llama3.1","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{\"n\":1}"}}]}}]}`,
			`{"id":"x","object":"chat.completion.chunk","model":"llama3.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"b","type":"function","function":{"name":"g","arguments":"{\"n\":"}}]}}]}`,
			`{"id":"x","object":"chat.completion.chunk","model":"llama3.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"2}"}}]}}]}`,
			`{"id":"x","object":"chat.completion.chunk","model":"llama3.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"type":"function","function":{"name":"h","arguments":"not json"}}]}}]}`,
			`{"id":"x","object":"chat.completion.chunk","model":"llama3.1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`,
		} {
			fmt.Fprintf(w, "data: %s\n\n", d)
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	p := newProvider(t, llm.OpenAI, &llmtest.Server{URL: url + "/v1"}, nil, nil)
	resp, err := p.Stream(context.Background(), firstRequest(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.ToolCalls) != 3 || resp.StopReason != llm.StopToolCalls {
		t.Fatalf("resp = %+v", resp)
	}
	for i, want := range []struct{ id, name, args string }{{"a", "f", `{"n":1}`}, {"b", "g", `{"n":2}`}, {"call_3", "h", `"not json"`}} {
		c := resp.ToolCalls[i]
		if c.ID != want.id || c.Name != want.name || string(c.Arguments) != want.args {
			t.Errorf("call %d = %s %s %s", i, c.ID, c.Name, c.Arguments)
		}
	}
}
