package graphtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// SignatureHeader is the header Meta signs webhook notifications in.
const SignatureHeader = "X-Hub-Signature-256"

// UserAgent is the User-Agent of Meta's webhook deliveries.
const UserAgent = "facebookexternalua"

// Sign returns the X-Hub-Signature-256 value Meta sends with body:
// "sha256=" and the lower-case hex HMAC-SHA256 of the raw bytes, keyed with
// the app secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// NewWebhookRequest returns the POST Meta would make to url with body: JSON,
// signed with secret, with Meta's User-Agent. The body is sent exactly as
// given.
func NewWebhookRequest(ctx context.Context, url, secret string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, Sign(secret, body))
	req.Header.Set("User-Agent", UserAgent)
	return req, nil
}

// PostWebhook posts body to url as Meta does (NewWebhookRequest) with
// http.DefaultClient. The caller closes the response body.
func PostWebhook(ctx context.Context, url, secret string, body []byte) (*http.Response, error) {
	req, err := NewWebhookRequest(ctx, url, secret, body)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}
