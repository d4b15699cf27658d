package api_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/auth/oidctest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
)

func withGoogle(t *testing.T) (*oidctest.Provider, func(*config.Config)) {
	p := oidctest.New("piloto-client", "piloto-secret")
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p, func(c *config.Config) {
		c.GoogleClientID, c.GoogleClientSecret, c.GoogleIssuer = p.ClientID, p.ClientSecret, p.URL
	}
}

// googleSignIn runs the browser's side of the flow: the redirect to the
// provider, its redirect back, and the callback. It returns where the
// callback sent the browser.
func googleSignIn(t *testing.T, c *apptest.Client) *url.URL {
	t.Helper()
	callback := googleAuthorize(t, c)
	return googleCallback(t, c, callback.RequestURI())
}

// googleAuthorize starts a flow and returns the provider's redirect back.
func googleAuthorize(t *testing.T, c *apptest.Client) *url.URL {
	t.Helper()
	r := c.Do("GET", "/api/v1/auth/google/login", nil)
	mustStatus(t, r, 302)
	r = c.Do("GET", r.Header.Get("Location"), nil) // at the provider
	mustStatus(t, r, 302)
	u, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func googleCallback(t *testing.T, c *apptest.Client, requestURI string) *url.URL {
	t.Helper()
	r := c.Do("GET", requestURI, nil)
	mustStatus(t, r, 302)
	u, _ := url.Parse(r.Header.Get("Location"))
	return u
}

func wantLanding(t *testing.T, u *url.URL, path, erro string) {
	t.Helper()
	if u.Path != path || u.Query().Get("erro") != erro {
		t.Fatalf("landed on %s, want %s?erro=%s", u, path, erro)
	}
}

func TestGoogleSignIn(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			p, google := withGoogle(t)
			srv := apptest.MustRun(t, d, google)
			anon := srv.NewClient(t)
			r := anon.Do("GET", "/api/v1/auth/providers", nil)
			if !strings.Contains(string(r.Body), `"google":true`) || !strings.Contains(string(r.Body), `"dev_outbox":true`) {
				t.Fatalf("providers: %s", r.Body)
			}

			// A new Google user gets an account and an organization.
			p.SetNext(oidctest.Identity{Subject: "g-1", Email: "Gabi@Example.com", EmailVerified: true, Name: "Gabi"})
			c := srv.NewClient(t)
			wantLanding(t, googleSignIn(t, c), "/painel", "")
			me := s(t, c)
			if me.User.Email != "gabi@example.com" || me.Organization.Name != "Organização de Gabi" || me.User.EmailVerifiedAt == nil {
				t.Fatalf("me after Google: %+v %+v", me.User, me.Organization)
			}
			// The same identity signs in to the same user, after a key rotation too.
			p.RotateKeys()
			p.SetNext(oidctest.Identity{Subject: "g-1", Email: "gabi.nova@example.com", EmailVerified: true, Name: "Gabi"})
			again := srv.NewClient(t)
			wantLanding(t, googleSignIn(t, again), "/painel", "")
			if s(t, again).User.ID != me.User.ID {
				t.Fatal("the same subject made another user")
			}
			// Google is her only way in: it cannot be unlinked.
			r = c.Do("GET", "/api/v1/account/identities", nil)
			var ids struct{ Items []struct{ ID string } }
			r.JSON(&ids)
			if len(ids.Items) != 1 {
				t.Fatalf("identities: %s", r.Body)
			}
			mustStatus(t, c.Do("DELETE", "/api/v1/account/identities/"+ids.Items[0].ID, nil), 409)

			// She sets a first password without a current one; then it is a
			// second way in, and a current password is asked from now on.
			if me.User.HasPassword {
				t.Fatal("a Google-only user has a password")
			}
			mustStatus(t, c.Do("POST", "/api/v1/account/password", map[string]any{"current_password": "", "new_password": "primeira-senha-boa-3"}), 204)
			if !s(t, c).User.HasPassword {
				t.Fatal("has_password after setting one")
			}
			mustStatus(t, srv.NewClient(t).Do("POST", "/api/v1/auth/login", map[string]string{"email": "gabi@example.com", "password": "primeira-senha-boa-3"}), 200)
			mustStatus(t, c.Do("POST", "/api/v1/account/password", map[string]any{"current_password": "", "new_password": "segunda-senha-boa-4"}), 400)
			mustStatus(t, c.Do("DELETE", "/api/v1/account/identities/"+ids.Items[0].ID, nil), 204)
		})
	}
}

func TestGoogleRefusals(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			p, google := withGoogle(t)
			srv := apptest.MustRun(t, d, google)

			// No state, or a state of another browser.
			c := srv.NewClient(t)
			back := googleAuthorize(t, c)
			q := back.Query()
			q.Del("state")
			wantLanding(t, googleCallback(t, c, back.Path+"?"+q.Encode()), "/entrar", "google_state")
			other := srv.NewClient(t)
			back = googleAuthorize(t, c)
			wantLanding(t, googleCallback(t, other, back.RequestURI()), "/entrar", "google_state")

			// A state used once cannot be used again.
			c = srv.NewClient(t)
			back = googleAuthorize(t, c)
			flowCookie := c.Cookie(api.OAuthCookie)
			wantLanding(t, googleCallback(t, c, back.RequestURI()), "/painel", "")
			replay := srv.NewClient(t)
			replay.SetCookie(api.OAuthCookie, flowCookie)
			wantLanding(t, googleCallback(t, replay, back.RequestURI()), "/entrar", "google_state")

			// A code replayed in a new flow, and a code exchanged with another
			// flow's PKCE verifier.
			c = srv.NewClient(t)
			fresh := googleAuthorize(t, c)
			q = fresh.Query()
			q.Set("code", back.Query().Get("code"))
			wantLanding(t, googleCallback(t, c, fresh.Path+"?"+q.Encode()), "/entrar", "google_failed")
			c = srv.NewClient(t)
			first := googleAuthorize(t, c)  // challenge of flow 1
			second := googleAuthorize(t, c) // the cookie now holds flow 2's verifier
			q = second.Query()
			q.Set("code", first.Query().Get("code"))
			wantLanding(t, googleCallback(t, c, second.Path+"?"+q.Encode()), "/entrar", "google_failed")

			// Tokens that are wrong in one way each.
			for name, tamper := range map[string]oidctest.Tamper{
				"audience":    {Audience: "someone-else"},
				"issuer":      {Issuer: "https://evil.example"},
				"nonce":       {Nonce: "not-the-nonce"},
				"expired":     {ExpiresIn: -time.Minute},
				"foreign key": {ForeignKey: true},
			} {
				p.TamperNext(tamper)
				wantLandingNamed(t, name, googleSignIn(t, srv.NewClient(t)), "/entrar", "google_failed")
			}

			// The user cancels at Google.
			wantLanding(t, googleCallback(t, srv.NewClient(t), "/api/v1/auth/google/callback?error=access_denied"), "/entrar", "google_cancelled")
		})
	}
}

func wantLandingNamed(t *testing.T, name string, u *url.URL, path, erro string) {
	t.Helper()
	if u.Path != path || u.Query().Get("erro") != erro {
		t.Errorf("%s: landed on %s, want %s?erro=%s", name, u, path, erro)
	}
}

// Linking by email: never for an email Google did not verify; and an account
// that never verified its email loses its password to the real owner.
func TestGoogleLinking(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			p, google := withGoogle(t)
			srv := apptest.MustRun(t, d, google)

			// An attacker registers the victim's email first (unverified).
			attacker, _ := signup(t, srv, "Falso", "vitima@example.com", "Loja Falsa")

			// Google says the email is not verified: no link, no account.
			p.SetNext(oidctest.Identity{Subject: "v-1", Email: "vitima@example.com", EmailVerified: false, Name: "Vítima"})
			wantLanding(t, googleSignIn(t, srv.NewClient(t)), "/entrar", "google_email_unverified")
			mustStatus(t, attacker.Do("GET", "/api/v1/auth/me", nil), 200)

			// The real owner signs in with Google: linked, the password gone,
			// the attacker's session ended.
			p.SetNext(oidctest.Identity{Subject: "v-1", Email: "vitima@example.com", EmailVerified: true, Name: "Vítima"})
			owner := srv.NewClient(t)
			wantLanding(t, googleSignIn(t, owner), "/painel", "")
			mustStatus(t, attacker.Do("GET", "/api/v1/auth/me", nil), 401)
			mustStatus(t, srv.NewClient(t).Do("POST", "/api/v1/auth/login",
				map[string]string{"email": "vitima@example.com", "password": "cavalo-bateria-grampo"}), 401)

			// A verified password account is linked and keeps its password;
			// then the Google link can go.
			ana, _ := signup(t, srv, "Ana", "ana@example.com", "Loja da Ana")
			verify := waitOutbox(t, ana, "ana@example.com", "Confirme seu e-mail")
			mustStatus(t, ana.Do("POST", "/api/v1/auth/verify-email", map[string]string{"token": tokenIn(t, verify)}), 200)
			p.SetNext(oidctest.Identity{Subject: "a-1", Email: "ana@example.com", EmailVerified: true, Name: "Ana"})
			viaGoogle := srv.NewClient(t)
			wantLanding(t, googleSignIn(t, viaGoogle), "/painel", "")
			mustStatus(t, ana.Do("GET", "/api/v1/auth/me", nil), 200)
			mustStatus(t, srv.NewClient(t).Do("POST", "/api/v1/auth/login",
				map[string]string{"email": "ana@example.com", "password": "cavalo-bateria-grampo"}), 200)
			r := viaGoogle.Do("GET", "/api/v1/account/identities", nil)
			var ids struct{ Items []struct{ ID string } }
			r.JSON(&ids)
			mustStatus(t, viaGoogle.Do("DELETE", "/api/v1/account/identities/"+ids.Items[0].ID, nil), 204)
		})
	}
}
