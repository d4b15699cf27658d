package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pilotodevendas/piloto/internal/safehttp"
)

// apiDetail is what a provider's error body says, in any of the three wire
// formats: OpenAI's {"error":{"message","type","code"}} (or a bare string, as
// Ollama writes it), Anthropic's {"type":"error","error":{"type","message"}},
// Google's {"error":{"code","message","status","details":[…]}}.
type apiDetail struct {
	Message    string
	Code       string // OpenAI's code
	Type       string // OpenAI's and Anthropic's type
	Status     string // Google's status, e.g. RESOURCE_EXHAUSTED
	Reasons    []string
	QuotaIDs   []string
	RetryDelay time.Duration // Google's RetryInfo
}

func parseErrorBody(body []byte) apiDetail {
	var d apiDetail
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		d.Message = string(body)
		return d
	}
	if arr, ok := v.([]any); ok && len(arr) > 0 { // Google's compatibility endpoint
		v = arr[0]
	}
	obj, _ := v.(map[string]any)
	if obj == nil {
		return d
	}
	e, ok := obj["error"]
	if !ok {
		e = obj // a bare {"message":…} or {"detail":…}
	}
	switch e := e.(type) {
	case string:
		d.Message = e
	case map[string]any:
		d.Message = str(e["message"])
		if d.Message == "" {
			d.Message = str(e["detail"])
		}
		d.Type = str(e["type"])
		if code, ok := e["code"].(string); ok { // Google's and OpenRouter's are the HTTP status
			d.Code = code
		}
		d.Status = str(e["status"])
		details, _ := e["details"].([]any)
		for _, x := range details {
			m, _ := x.(map[string]any)
			if m == nil {
				continue
			}
			if r := str(m["reason"]); r != "" {
				d.Reasons = append(d.Reasons, r)
			}
			if delay, err := time.ParseDuration(str(m["retryDelay"])); err == nil && delay > 0 {
				d.RetryDelay = delay
			}
			violations, _ := m["violations"].([]any)
			for _, y := range violations {
				if vm, ok := y.(map[string]any); ok {
					if id := str(vm["quotaId"]); id != "" {
						d.QuotaIDs = append(d.QuotaIDs, id)
					}
				}
			}
		}
	}
	return d
}

// str renders a JSON scalar as text ("" for null and containers).
func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// statusFromType gives an error met inside a stream (HTTP 200) the status it
// would have had, from its type.
func statusFromType(d apiDetail) int {
	for _, t := range []string{d.Type, d.Code, d.Status} {
		switch strings.ToLower(t) {
		case "rate_limit_error", "rate_limit_exceeded", "resource_exhausted", "requests", "tokens":
			return 429
		case "insufficient_quota", "billing_error":
			return 402
		case "authentication_error", "invalid_api_key", "unauthenticated":
			return 401
		case "permission_error", "permission_denied":
			return 403
		case "not_found_error", "model_not_found", "not_found":
			return 404
		case "invalid_request_error", "invalid_argument", "failed_precondition":
			return 400
		case "overloaded_error":
			return 529
		}
	}
	return 503
}

// kindOf classifies a provider's error.
func kindOf(status int, d apiDetail) string {
	code, typ := strings.ToLower(d.Code), strings.ToLower(d.Type)
	msg := strings.ToLower(d.Message)
	reason := func(rs ...string) bool {
		for _, r := range d.Reasons {
			for _, want := range rs {
				if strings.EqualFold(r, want) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case status == http.StatusUnauthorized,
		code == "invalid_api_key", typ == "authentication_error",
		reason("API_KEY_INVALID", "API_KEY_EXPIRED"),
		strings.Contains(msg, "api key not valid"), strings.Contains(msg, "api key expired"):
		return KindBadKey
	case status == http.StatusPaymentRequired,
		code == "insufficient_quota", typ == "insufficient_quota",
		code == "billing_hard_limit_reached", code == "billing_not_active",
		typ == "billing_error",
		strings.Contains(msg, "credit balance"), // Anthropic, 400
		status == http.StatusTooManyRequests && dailyQuota(d.QuotaIDs):
		return KindQuota
	case status == http.StatusForbidden:
		return KindBadKey
	case status == http.StatusNotFound, code == "model_not_found", typ == "not_found_error":
		return KindUnknownModel
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status == http.StatusRequestTimeout, status >= 500:
		return KindUnavailable
	}
	return KindBadRequest
}

// dailyQuota says whether a Google 429 is a per-day (or free-tier) quota,
// which waiting minutes will not lift. (Google words its per-minute 429s as
// "you exceeded your current quota" too, so the message cannot tell.)
func dailyQuota(ids []string) bool {
	for _, id := range ids {
		if strings.Contains(id, "PerDay") {
			return true
		}
	}
	return false
}

// retryAfter reads how long the provider asked to wait: retry-after-ms,
// Retry-After (seconds, fractions allowed, or an HTTP date), or Google's
// RetryInfo.
func retryAfter(h http.Header, d apiDetail, now time.Time) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < 1e9 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 1e6 {
			return time.Duration(s * float64(time.Second))
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0)
		}
	}
	return d.RetryDelay
}

// isNetwork says whether err is a failure to reach the server or to read
// from it.
func isNetwork(err error) bool {
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)
}

// isBlocked says whether err is the outbound guard's refusal of a
// destination (internal/safehttp).
func isBlocked(err error) bool {
	var be *safehttp.BlockedError
	return errors.As(err, &be)
}

// exchange is what the transport saw of the last HTTP response of an
// attempt: the SDKs' errors differ, and some drop the headers.
type exchange struct {
	mu     sync.Mutex
	status int
	header http.Header
	body   []byte
}

func (x *exchange) snapshot() (int, http.Header, []byte) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.status, x.header, x.body
}

type exchangeKey struct{}

// recorder is the transport under every SDK: it notes each response's status
// and headers, and the body of an error response (at most 64 KiB, then given
// back to the SDK unchanged).
type recorder struct{ next http.RoundTripper }

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	x, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if x == nil || resp == nil {
		return resp, err
	}
	var body []byte
	if resp.StatusCode >= 400 {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
	}
	x.mu.Lock()
	x.status, x.header, x.body = resp.StatusCode, resp.Header.Clone(), body
	x.mu.Unlock()
	return resp, err
}
