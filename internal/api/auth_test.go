package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/store"
)

func forEachServer(t *testing.T, fn func(t *testing.T, srv *apptest.Server)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, apptest.MustRun(t, d, nil))
		})
	}
}

var signupBody = map[string]string{
	"name": "Ana Souza", "email": "ana@example.com", "password": "cavalo-bateria-grampo", "organization": "Loja da Ana",
}

func mustStatus(t *testing.T, r *apptest.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, r.Body)
	}
}

// cookieAttrs returns the Set-Cookie line for name.
func setCookieLine(r *apptest.Response, name string) string {
	for _, line := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(line, name+"=") {
			return line
		}
	}
	return ""
}

func TestAuthFlow(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		c := srv.NewClient(t)

		r := c.Do("GET", "/api/v1/auth/me", nil)
		mustStatus(t, r, 401)
		if r.ErrorCode() != "unauthorized" {
			t.Fatalf("me without cookies: %s", r.Body)
		}

		r = c.Do("POST", "/api/v1/auth/signup", signupBody)
		mustStatus(t, r, 201)
		var s api.SessionResponse
		r.JSON(&s)
		if s.User.Email != "ana@example.com" || s.Organization.Name != "Loja da Ana" || s.Role != "owner" || s.CSRFToken == "" {
			t.Fatalf("signup body = %s", r.Body)
		}
		if strings.Contains(string(r.Body), `"password`) || strings.Contains(string(r.Body), "argon2") || !s.User.HasPassword {
			t.Fatalf("signup body leaks the password hash: %s", r.Body)
		}
		access := setCookieLine(r, api.AccessCookie)
		refresh := setCookieLine(r, api.RefreshCookie)
		for _, want := range []string{"Path=/", "HttpOnly", "Secure", "SameSite=Lax", "Max-Age=900"} {
			if !strings.Contains(access, want) {
				t.Errorf("access cookie %q lacks %s", access, want)
			}
		}
		for _, want := range []string{"Path=/", "HttpOnly", "Secure", "SameSite=Strict", "Max-Age=604800"} {
			if !strings.Contains(refresh, want) {
				t.Errorf("refresh cookie %q lacks %s", refresh, want)
			}
		}
		if strings.Contains(access, "Domain=") || strings.Contains(refresh, "Domain=") {
			t.Error("__Host- cookies must not carry a Domain")
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control = %q", r.Header.Get("Cache-Control"))
		}

		r = c.Do("GET", "/api/v1/auth/me", nil)
		mustStatus(t, r, 200)
		var me api.SessionResponse
		r.JSON(&me)
		if me.User.ID != s.User.ID || me.Organization.ID != s.Organization.ID || len(me.Organizations) != 1 || me.CSRFToken != s.CSRFToken {
			t.Fatalf("me = %s", r.Body)
		}

		oldRefresh := c.Cookie(api.RefreshCookie)
		r = c.Do("POST", "/api/v1/auth/refresh", nil)
		mustStatus(t, r, 200)
		if c.Cookie(api.RefreshCookie) == oldRefresh || c.Cookie(api.RefreshCookie) == "" {
			t.Fatal("refresh did not rotate the refresh cookie")
		}

		r = c.Do("POST", "/api/v1/auth/logout", nil)
		mustStatus(t, r, 204)
		for _, name := range []string{api.AccessCookie, api.RefreshCookie} {
			line := setCookieLine(r, name)
			if !strings.Contains(line, "Max-Age=0") || !strings.Contains(line, "Secure") || !strings.Contains(line, "HttpOnly") || !strings.Contains(line, "Path=/") {
				t.Errorf("logout cookie %q does not clear with the same attributes", line)
			}
		}
		if c.Cookie(api.AccessCookie) != "" {
			t.Fatal("access cookie kept after logout")
		}
		mustStatus(t, c.Do("GET", "/api/v1/auth/me", nil), 401)

		r = c.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ANA@example.com", "password": "cavalo-bateria-grampo"})
		mustStatus(t, r, 200)
		var login api.SessionResponse
		r.JSON(&login)
		if len(login.Organizations) != 1 || login.Organizations[0].Role != "owner" || login.CSRFToken == s.CSRFToken {
			t.Fatalf("login = %s", r.Body)
		}
		mustStatus(t, c.Do("GET", "/api/v1/auth/me", nil), 200)
	})
}

// A stolen access token stops working once its session is logged out, and a
// replayed refresh token revokes the session.
func TestAuthRevocation(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		c := srv.NewClient(t)
		mustStatus(t, c.Do("POST", "/api/v1/auth/signup", signupBody), 201)
		a := c.Cookie(api.RefreshCookie)
		mustStatus(t, c.Do("POST", "/api/v1/auth/refresh", nil), 200) // A → B
		mustStatus(t, c.Do("POST", "/api/v1/auth/refresh", nil), 200) // B → C
		access := c.Cookie(api.AccessCookie)

		thief := srv.NewClient(t)
		thief.SetCookie(api.RefreshCookie, a)
		r := thief.Do("POST", "/api/v1/auth/refresh", nil)
		mustStatus(t, r, 401)
		if !strings.Contains(setCookieLine(r, api.RefreshCookie), "Max-Age=0") {
			t.Error("a refused refresh does not clear the cookies")
		}
		mustStatus(t, c.Do("POST", "/api/v1/auth/refresh", nil), 401) // C is dead
		stale := srv.NewClient(t)
		stale.SetCookie(api.AccessCookie, access)
		mustStatus(t, stale.Do("GET", "/api/v1/auth/me", nil), 401)

		// logout-all ends every session of the user.
		one, two := srv.NewClient(t), srv.NewClient(t)
		login := map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}
		mustStatus(t, one.Do("POST", "/api/v1/auth/login", login), 200)
		mustStatus(t, two.Do("POST", "/api/v1/auth/login", login), 200)
		mustStatus(t, one.Do("POST", "/api/v1/auth/logout-all", nil), 204)
		mustStatus(t, two.Do("GET", "/api/v1/auth/me", nil), 401)
		mustStatus(t, two.Do("POST", "/api/v1/auth/refresh", nil), 401)
		mustStatus(t, srv.NewClient(t).Do("POST", "/api/v1/auth/logout-all", nil), 401)
	})
}

// 20 parallel refreshes of one cookie all succeed with the same successor.
func TestAuthParallelRefresh(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		c := srv.NewClient(t)
		mustStatus(t, c.Do("POST", "/api/v1/auth/signup", signupBody), 201)
		token := c.Cookie(api.RefreshCookie)
		var wg sync.WaitGroup
		got := make([]string, 20)
		status := make([]int, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tab := srv.NewClient(t)
				tab.SetCookie(api.RefreshCookie, token)
				r := tab.Do("POST", "/api/v1/auth/refresh", nil)
				status[i], got[i] = r.StatusCode, tab.Cookie(api.RefreshCookie)
			}()
		}
		wg.Wait()
		for i := range 20 {
			if status[i] != 200 || got[i] != got[0] || got[i] == token {
				t.Fatalf("refresh %d: status %d, same successor %v", i, status[i], got[i] == got[0])
			}
		}
		c.SetCookie(api.RefreshCookie, got[0])
		mustStatus(t, c.Do("POST", "/api/v1/auth/refresh", nil), 200)
	})
}

func TestAuthBadInput(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		c := srv.NewClient(t)
		mustStatus(t, c.Do("POST", "/api/v1/auth/signup", signupBody), 201)
		hashes := srv.Main.AuthService().Hasher()

		tests := []struct {
			name   string
			path   string
			body   any
			status int
			code   string
			field  string
			hashes int64
		}{
			{"taken email", "/api/v1/auth/signup", signupBody, 400, "invalid", "email", 1},
			{"common password", "/api/v1/auth/signup", map[string]string{"name": "B", "email": "b@example.com", "password": "iloveyou1", "organization": "B"}, 400, "invalid", "password", 0},
			{"short password", "/api/v1/auth/signup", map[string]string{"name": "B", "email": "b@example.com", "password": "curta", "organization": "B"}, 400, "invalid", "password", 0},
			{"unknown field", "/api/v1/auth/signup", map[string]any{"name": "B", "email": "b@example.com", "password": "x", "organization": "B", "role": "admin"}, 400, "invalid", "role", 0},
			{"1 MB password", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": strings.Repeat("a", 1<<20)}, 413, "too_large", "", 0},
			{"200-char password", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": strings.Repeat("a", 200)}, 400, "invalid", "password", 0},
			{"not JSON", "/api/v1/auth/login", "email=ana@example.com", 400, "invalid", "", 0},
			{"wrong password", "/api/v1/auth/login", map[string]string{"email": "ana@example.com", "password": "senha-errada-1"}, 401, "unauthorized", "", 1},
			{"unknown email", "/api/v1/auth/login", map[string]string{"email": "zoe@example.com", "password": "senha-errada-1"}, 401, "unauthorized", "", 1},
		}
		var unauthorizedBodies []string
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := hashes.Count()
				r := c.Do("POST", tc.path, tc.body)
				mustStatus(t, r, tc.status)
				if r.ErrorCode() != tc.code {
					t.Fatalf("code = %q, want %q: %s", r.ErrorCode(), tc.code, r.Body)
				}
				if tc.field != "" && !strings.Contains(string(r.Body), `"`+tc.field+`":`) {
					t.Fatalf("no message on field %s: %s", tc.field, r.Body)
				}
				if n := hashes.Count() - before; n != tc.hashes {
					t.Fatalf("%d password hashes, want %d", n, tc.hashes)
				}
				if tc.status == 401 {
					unauthorizedBodies = append(unauthorizedBodies, string(r.Body))
				}
			})
		}
		if len(unauthorizedBodies) != 2 || unauthorizedBodies[0] != unauthorizedBodies[1] {
			t.Fatalf("wrong password and unknown email answer differently: %q", unauthorizedBodies)
		}
		r := c.Do("POST", "/api/v1/auth/login", "")
		r2 := c.Do("GET", "/api/v1/auth/login", nil)
		if r.StatusCode != http.StatusUnsupportedMediaType && r.StatusCode != 400 || r2.StatusCode != 405 {
			t.Fatalf("empty body %d, GET %d", r.StatusCode, r2.StatusCode)
		}
	})
}
