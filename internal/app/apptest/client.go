package apptest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// Client calls a test server like a browser would: it keeps the cookies the
// server sets, sends them back, and says Origin and Sec-Fetch-Site
// same-origin. Unlike net/http/cookiejar it sends Secure cookies over
// http://127.0.0.1, as browsers do for loopback. It is safe for concurrent
// use.
type Client struct {
	tb      testing.TB
	baseURL string
	http    *http.Client

	mu      sync.Mutex
	cookies map[string]*http.Cookie
	// Header is added to every request.
	Header http.Header
	// NoCSRF stops the client from copying the piloto_csrf cookie into
	// X-CSRF-Token on unsafe requests, as the web app does.
	NoCSRF bool
}

// NewClient returns a Client of the server with no cookies. It does not
// follow redirects: a 3xx is the response.
func (s *Server) NewClient(tb testing.TB) *Client {
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Client{tb: tb, baseURL: s.URL, http: hc, cookies: map[string]*http.Cookie{}, Header: http.Header{}}
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body []byte
	tb   testing.TB
}

// JSON decodes the body into v, failing the test when it does not parse.
func (r *Response) JSON(v any) {
	r.tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.tb.Fatalf("response %d is not JSON: %s", r.StatusCode, r.Body)
	}
}

// ErrorCode returns the code of an error body, or "".
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Do sends a request; a non-nil body is sent as JSON (a string or []byte
// as it is).
func (c *Client) Do(method, path string, body any) *Response {
	c.tb.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		case []byte:
			rd = bytes.NewReader(b)
		default:
			buf, err := json.Marshal(b)
			if err != nil {
				c.tb.Fatal(err)
			}
			rd = bytes.NewReader(buf)
		}
	}
	target := c.baseURL + path
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		target = path // another host (a test provider); the server's cookies are not sent there
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		c.tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", c.baseURL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	c.mu.Lock()
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if target != path {
		for _, ck := range c.cookies {
			req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		}
	}
	if ck := c.cookies["piloto_csrf"]; ck != nil && !c.NoCSRF && method != "GET" && req.Header.Get("X-CSRF-Token") == "" {
		req.Header.Set("X-CSRF-Token", ck.Value)
	}
	c.mu.Unlock()
	resp, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.mu.Lock()
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	c.mu.Unlock()
	return &Response{Response: resp, Body: b, tb: c.tb}
}

// Cookie returns the value of a cookie the client holds, or "".
func (c *Client) Cookie(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ck := c.cookies[name]; ck != nil {
		return ck.Value
	}
	return ""
}

// SetCookie replaces (or with "" removes) a cookie the client holds.
func (c *Client) SetCookie(name, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if value == "" {
		delete(c.cookies, name)
		return
	}
	c.cookies[name] = &http.Cookie{Name: name, Value: value}
}

// Upload posts one file as multipart/form-data in field.
func (c *Client) Upload(path, field, filename string, content []byte) *Response {
	c.tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		c.tb.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	c.mu.Lock()
	c.Header.Set("Content-Type", mw.FormDataContentType())
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.Header.Del("Content-Type")
		c.mu.Unlock()
	}()
	return c.Do("POST", path, buf.Bytes())
}
