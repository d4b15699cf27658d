package llm

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{401, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`, KindBadKey},
		{403, `{"type":"error","error":{"type":"permission_error","message":"no"}}`, KindBadKey},
		{400, `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}`, KindBadKey},
		{429, `{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}`, KindQuota},
		{429, `{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`, KindRateLimited},
		{429, `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"You exceeded your current quota","details":[{"violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}`, KindQuota},
		{429, `{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"You exceeded your current quota","details":[{"violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel"}]}]}}`, KindRateLimited},
		{400, `{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}`, KindQuota},
		{402, `{"error":{"message":"Insufficient credits","code":402}}`, KindQuota},
		{404, `{"error":{"message":"model 'llama9' not found"}}`, KindUnknownModel},
		{404, `{"error":"model \"llama9\" not found, try pulling it first"}`, KindUnknownModel},
		{400, `{"error":{"message":"The model does not exist","code":"model_not_found"}}`, KindUnknownModel},
		{529, `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, KindUnavailable},
		{503, `upstream connect error`, KindUnavailable},
		{408, ``, KindUnavailable},
		{400, `[{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}]`, KindBadRequest},
		{422, `{"detail":"bad"}`, KindBadRequest},
	} {
		if got := kindOf(tc.status, parseErrorBody([]byte(tc.body))); got != tc.want {
			t.Errorf("%d %s: %s, want %s", tc.status, tc.body, got, tc.want)
		}
	}
	// Errors inside a stream (HTTP 200) are classified by their type.
	for typ, want := range map[string]string{
		"overloaded_error": KindUnavailable, "rate_limit_error": KindRateLimited, "api_error": KindUnavailable,
		"authentication_error": KindBadKey, "invalid_request_error": KindBadRequest,
	} {
		d := apiDetail{Type: typ}
		if got := kindOf(statusFromType(d), d); got != want {
			t.Errorf("in-stream %s: %s, want %s", typ, got, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	h := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	for _, tc := range []struct {
		h    http.Header
		d    apiDetail
		want time.Duration
	}{
		{h("Retry-After", "2"), apiDetail{}, 2 * time.Second},
		{h("Retry-After", "0.25"), apiDetail{}, 250 * time.Millisecond},
		{h("Retry-After-Ms", "1500", "Retry-After", "2"), apiDetail{}, 1500 * time.Millisecond},
		{h("Retry-After", now.Add(3*time.Second).Format(http.TimeFormat)), apiDetail{}, 3 * time.Second},
		{h("Retry-After", "soon"), apiDetail{}, 0},
		{h(), parseErrorBody([]byte(`{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}`)), 37 * time.Second},
	} {
		if got := retryAfter(tc.h, tc.d, now); got != tc.want {
			t.Errorf("retryAfter(%v, %+v) = %v, want %v", tc.h, tc.d, got, tc.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	key := "sk-proj-abcdefghijklmnop0123456789"
	for in, want := range map[string]string{
		"Incorrect API key provided: " + key + ".": "Incorrect API key provided: [chave].",
		"key sk-proj-abcd****6789 is wrong":        "key [chave] is wrong",
		"prefix " + key[:14] + "…":                 "prefix [chave]…",
		"other AIzaSyA1234567890abcdefghij here":   "other [chave] here",
		"groq gsk_0123456789abcdef":                "groq [chave]",
		"Authorization: Bearer abc.def.ghi-123456": "Authorization: [chave]",
		"line\none\ttwo":                           "line one two",
	} {
		if got := sanitize(in, key); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	long := sanitize(strings.Repeat("a", 1000), "")
	if len([]rune(long)) != 301 {
		t.Errorf("not shortened: %d", len(long))
	}
}

func TestTemperatureSupport(t *testing.T) {
	for model, want := range map[string]bool{
		"gpt-4.1-mini": true, "gpt-4o": true, "llama3.1": true, "openai/gpt-4o": true,
		"o4-mini": false, "o3": false, "gpt-5": false, "gpt-5.4-mini": false, "openai/gpt-5": false, "gpt-5-chat-latest": true,
	} {
		if got := takesTemperature(model); got != want {
			t.Errorf("takesTemperature(%q) = %v", model, got)
		}
	}
	temp := 0.7
	for model, want := range map[string]bool{
		"claude-haiku-4-5": true, "claude-3-5-haiku-latest": true, "claude-sonnet-4-6": true, "my-proxy-alias": true,
		"claude-sonnet-5": false, "claude-opus-5-5": false, "claude-fable-5-1": false, "claude-mythos-preview": false,
	} {
		if got := len(anthropicTemperature(Request{Model: model, Temperature: &temp})) > 0; got != want {
			t.Errorf("anthropicTemperature(%q) = %v", model, got)
		}
	}
}

func TestServiceName(t *testing.T) {
	for base, want := range map[string]string{
		"":                               "OpenAI",
		"https://api.openai.com/v1":      "OpenAI",
		"https://api.groq.com/openai/v1": "Groq",
		"https://openrouter.ai/api/v1":   "OpenRouter",
		"http://localhost:11434/v1":      "Ollama",
		"https://generativelanguage.googleapis.com/v1beta/openai/": "Google Gemini",
		"https://llm.example.com:8443/v1":                          "llm.example.com:8443",
	} {
		if got := serviceName(OpenAI, base); got != want {
			t.Errorf("serviceName(%q) = %q, want %q", base, got, want)
		}
	}
	if got := serviceName(Anthropic, "https://proxy.example.com"); got != "Anthropic" {
		t.Errorf("an Anthropic proxy: %q", got)
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Kind: KindRateLimited, Provider: OpenAI, Status: 429, Code: "rate_limit_exceeded", Model: "gpt-4o", Message: "slow down"}
	if got := e.Error(); got != "llm openai: rate_limited (HTTP 429 rate_limit_exceeded) model=gpt-4o: slow down" {
		t.Errorf("Error() = %q", got)
	}
	if !e.Retryable() || (&Error{Kind: KindQuota}).Retryable() {
		t.Errorf("Retryable")
	}
}

func TestBackoff(t *testing.T) {
	c := &client{opts: Options{RetryBase: 100 * time.Millisecond, MaxRetryWait: time.Second}}
	for attempt, bounds := range map[int][2]time.Duration{
		1: {50 * time.Millisecond, 100 * time.Millisecond},
		2: {100 * time.Millisecond, 200 * time.Millisecond},
		3: {200 * time.Millisecond, 400 * time.Millisecond},
		9: {500 * time.Millisecond, time.Second},
	} {
		for range 50 {
			if d := c.backoff(attempt, 0); d < bounds[0] || d > bounds[1] {
				t.Errorf("backoff(%d) = %v outside %v", attempt, d, bounds)
			}
		}
	}
	if d := c.backoff(1, 3*time.Second); d != 3*time.Second {
		t.Errorf("asked wait: %v", d)
	}
}
