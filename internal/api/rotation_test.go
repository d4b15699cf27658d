package api_test

import (
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
)

// Rotating PILOTO_SECRET_KEY with the old key as PILOTO_SECRET_KEY_PREVIOUS
// logs nobody out: the access token and the CSRF token made under the old
// key keep working on a server started with the new one. Without the
// previous key the same access token is refused.
func TestSecretKeyRotationKeepsSessions(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			before := apptest.MustRun(t, d, nil)
			owner, _ := signup(t, before, "Ana", "ana@example.com", "Loja A")
			oldKey := before.Main.Config.SecretKey
			if err := before.Stop(); err != nil {
				t.Fatal(err)
			}
			restart := func(previous string) *apptest.Client {
				srv := apptest.MustRun(t, d, func(c *config.Config) {
					c.DatabaseURL = before.Main.Config.DatabaseURL
					c.SecretKey = strings.Repeat("new-secret-", 4)
					c.SecretKeyPrevious = previous
				})
				c := srv.NewClient(t)
				for _, name := range []string{api.AccessCookie, api.RefreshCookie, api.CSRFCookie} {
					c.SetCookie(name, owner.Cookie(name))
				}
				return c
			}

			rotating := restart(oldKey)
			mustStatus(t, rotating.Do("GET", "/api/v1/auth/me", nil), 200)
			mustStatus(t, rotating.Do("PATCH", "/api/v1/organization", map[string]string{"name": "Loja A2"}), 200)
			rotating.NoCSRF = true
			mustStatus(t, rotating.Do("PATCH", "/api/v1/organization", map[string]string{"name": "Loja A3"}), 403)

			after := restart("")
			if r := after.Do("GET", "/api/v1/auth/me", nil); r.StatusCode != 401 {
				t.Fatalf("the old access token without the previous key: %d %s", r.StatusCode, r.Body)
			}
		})
	}
}
