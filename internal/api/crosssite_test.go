package api_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
)

const appOrigin = "http://app.localhost:5173"

func forEachServerWith(t *testing.T, mutate func(*config.Config), fn func(t *testing.T, srv *apptest.Server)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			// A stopped clock keeps every request in one rate-limit window.
			fn(t, apptest.MustRunWithClock(t, d, stoppedClock(), mutate))
		})
	}
}

func stoppedClock() *piloto.FakeClock {
	return piloto.NewFakeClock(time.Now())
}

func withAppOrigin(c *config.Config) { c.CORSOrigins = []string{appOrigin} }

// rawDo sends a request with exactly the given headers and cookies of c.
func rawDo(t *testing.T, srv *apptest.Server, c *apptest.Client, method, path, contentType, body string, headers map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if c != nil {
		for _, name := range []string{api.AccessCookie, api.RefreshCookie, api.CSRFCookie} {
			if v := c.Cookie(name); v != "" {
				req.AddCookie(&http.Cookie{Name: name, Value: v})
			}
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestCSRF(t *testing.T) {
	forEachServerWith(t, withAppOrigin, func(t *testing.T, srv *apptest.Server) {
		ana := srv.NewClient(t)
		mustStatus(t, ana.Do("POST", "/api/v1/auth/signup", signupBody), 201)
		bia := srv.NewClient(t)
		mustStatus(t, bia.Do("POST", "/api/v1/auth/signup", map[string]string{
			"name": "Bia", "email": "bia@example.com", "password": "cavalo-bateria-grampo", "organization": "Loja da Bia",
		}), 201)
		if ana.Cookie(api.CSRFCookie) == "" {
			t.Fatal("no piloto_csrf cookie after sign-up")
		}

		tests := []struct {
			name    string
			ct      string
			body    string
			headers map[string]string
			status  int
		}{
			{"no CSRF header", "", "", map[string]string{"Sec-Fetch-Site": "same-origin"}, 403},
			{"another session's token", "", "", map[string]string{"Sec-Fetch-Site": "same-origin", "X-CSRF-Token": bia.Cookie(api.CSRFCookie)}, 403},
			{"garbage token", "", "", map[string]string{"Sec-Fetch-Site": "same-origin", "X-CSRF-Token": "x"}, 403},
			{"cross-site, right token", "", "", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example", "X-CSRF-Token": ana.Cookie(api.CSRFCookie)}, 403},
			{"untrusted same-site origin", "", "", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://evil.localhost:5173", "X-CSRF-Token": ana.Cookie(api.CSRFCookie)}, 403},
			{"Origin without Sec-Fetch-Site, another host", "", "", map[string]string{"Origin": "https://evil.example", "X-CSRF-Token": ana.Cookie(api.CSRFCookie)}, 403},
			{"trusted app origin, right token", "", "", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": appOrigin, "X-CSRF-Token": ana.Cookie(api.CSRFCookie)}, 204},
		}
		for _, tc := range tests {
			// logout-all would end the session: each case gets a fresh login.
			c := srv.NewClient(t)
			mustStatus(t, c.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}), 200)
			h := map[string]string{}
			for k, v := range tc.headers {
				h[k] = v
			}
			if tc.name != "another session's token" && tc.name != "garbage token" && h["X-CSRF-Token"] != "" {
				h["X-CSRF-Token"] = c.Cookie(api.CSRFCookie)
			}
			resp := rawDo(t, srv, c, "POST", "/api/v1/auth/logout-all", tc.ct, tc.body, h)
			if resp.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
			}
		}

		// A cross-site form post to login is refused before anything else;
		// a same-origin text/plain body is not JSON.
		form := rawDo(t, srv, nil, "POST", "/api/v1/auth/login", "text/plain", `{"email":"ana@example.com","password":"x"}`,
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
		plain := rawDo(t, srv, nil, "POST", "/api/v1/auth/login", "text/plain", `{"email":"ana@example.com","password":"x"}`,
			map[string]string{"Sec-Fetch-Site": "same-origin"})
		if form.StatusCode != 403 || plain.StatusCode != 415 {
			t.Fatalf("text/plain posts: cross-site %d, same-origin %d", form.StatusCode, plain.StatusCode)
		}
		// Refresh and logout need no CSRF header; refresh returns a new token.
		c := srv.NewClient(t)
		c.NoCSRF = true
		mustStatus(t, c.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}), 200)
		var s api.SessionResponse
		r := c.Do("POST", "/api/v1/auth/refresh", nil)
		mustStatus(t, r, 200)
		r.JSON(&s)
		if s.CSRFToken == "" || s.CSRFToken != c.Cookie(api.CSRFCookie) {
			t.Fatalf("refresh csrf_token %q, cookie %q", s.CSRFToken, c.Cookie(api.CSRFCookie))
		}
		mustStatus(t, c.Do("POST", "/api/v1/auth/logout", nil), 204)
	})
}

func TestCORS(t *testing.T) {
	forEachServerWith(t, withAppOrigin, func(t *testing.T, srv *apptest.Server) {
		for _, origin := range []string{"https://evil.com", "null", "http://app.localhost:5173.evil.com", "http://app.localhost", "https://app.localhost:5173"} {
			for _, method := range []string{"GET", "OPTIONS"} {
				h := map[string]string{"Origin": origin}
				if method == "OPTIONS" {
					h["Access-Control-Request-Method"] = "POST"
				}
				resp := rawDo(t, srv, nil, method, "/api/v1/version", "", "", h)
				if acao := resp.Header.Get("Access-Control-Allow-Origin"); acao != "" || resp.Header.Get("Access-Control-Allow-Credentials") != "" {
					t.Errorf("%s from %s: ACAO %q", method, origin, acao)
				}
				if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Origin") {
					t.Errorf("%s from %s: no Vary: Origin", method, origin)
				}
			}
		}
		resp := rawDo(t, srv, nil, "GET", "/api/v1/version", "", "", map[string]string{"Origin": appOrigin})
		if resp.Header.Get("Access-Control-Allow-Origin") != appOrigin || resp.Header.Get("Access-Control-Allow-Credentials") != "true" ||
			!strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Origin") {
			t.Fatalf("allowed origin: headers %v", resp.Header)
		}
		pre := rawDo(t, srv, nil, "OPTIONS", "/api/v1/auth/logout-all", "", "", map[string]string{
			"Origin": appOrigin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-csrf-token, x-piloto-org",
		})
		if pre.StatusCode != 204 || pre.Header.Get("Access-Control-Allow-Origin") != appOrigin ||
			!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "X-CSRF-Token") ||
			!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "X-Piloto-Org") || pre.Header.Get("Access-Control-Max-Age") == "" {
			t.Fatalf("preflight: %d %v", pre.StatusCode, pre.Header)
		}
		// The web app's pages are not CORS resources.
		page := rawDo(t, srv, nil, "GET", "/", "", "", map[string]string{"Origin": appOrigin})
		if page.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatal("CORS headers on a page")
		}
	})
}

func loginFrom(t *testing.T, srv *apptest.Server, xff string) *http.Response {
	return rawDo(t, srv, nil, "POST", "/api/v1/auth/login", "application/json",
		`{"email":"ninguem@example.com","password":"senha-errada-1"}`, map[string]string{"X-Forwarded-For": xff})
}

// The 11th login a minute from one address gets 429 with Retry-After, and a
// client-sent X-Forwarded-For does not change the address.
func TestLoginRateLimitPerIP(t *testing.T) {
	limit := func(c *config.Config) { c.RateLimitLogin = 10; c.LoginDelayAfter = 1000 }
	forEachServerWith(t, limit, func(t *testing.T, srv *apptest.Server) {
		for i := range 10 {
			if r := loginFrom(t, srv, fmt.Sprintf("198.51.100.%d", i)); r.StatusCode != 401 {
				t.Fatalf("login %d: status %d", i+1, r.StatusCode)
			}
		}
		r := loginFrom(t, srv, "198.51.100.99")
		if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("11th login: status %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
		}
	})

	// Behind a trusted proxy, the address the proxy appended is the client:
	// each gets its own count, and a forged left-most entry changes nothing.
	behindProxy := func(c *config.Config) {
		limit(c)
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	}
	forEachServerWith(t, behindProxy, func(t *testing.T, srv *apptest.Server) {
		for i := range 10 {
			if r := loginFrom(t, srv, fmt.Sprintf("10.9.9.%d, 203.0.113.7", i)); r.StatusCode != 401 {
				t.Fatalf("login %d: status %d", i+1, r.StatusCode)
			}
		}
		if r := loginFrom(t, srv, "1.2.3.4, 203.0.113.7"); r.StatusCode != 429 {
			t.Fatalf("11th login from 203.0.113.7 with a forged entry: status %d", r.StatusCode)
		}
		if r := loginFrom(t, srv, "203.0.113.8"); r.StatusCode != 401 {
			t.Fatalf("another client behind the proxy: status %d", r.StatusCode)
		}
	})
}

// Two instances on one PostgreSQL database share the counters.
func TestRateLimitSharedAcrossInstances(t *testing.T) {
	limit := func(c *config.Config) { c.RateLimitLogin = 10; c.LoginDelayAfter = 1000 }
	clock := stoppedClock()
	one := apptest.MustRunWithClock(t, store.Postgres, clock, limit)
	two := apptest.MustRunWithClock(t, store.Postgres, clock, func(c *config.Config) {
		limit(c)
		c.DatabaseURL = one.Main.Config.DatabaseURL
	})
	for i := range 10 {
		srv := one
		if i%2 == 1 {
			srv = two
		}
		if r := loginFrom(t, srv, ""); r.StatusCode != 401 {
			t.Fatalf("login %d: status %d", i+1, r.StatusCode)
		}
	}
	for _, srv := range []*apptest.Server{one, two} {
		if r := loginFrom(t, srv, ""); r.StatusCode != 429 {
			t.Fatalf("11th login on %s: status %d", srv.URL, r.StatusCode)
		}
	}
}
