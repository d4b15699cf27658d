package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/app"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
)

func get(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

func TestServeOnBothDatabases(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			srv := apptest.MustRun(t, d, nil)
			if code, body := get(t, srv.URL+"/readyz"); code != 200 || body["status"] != "ready" {
				t.Fatalf("readyz: %d %v", code, body)
			}
			if code, body := get(t, srv.URL+"/api/v1/version"); code != 200 || body["version"] == "" {
				t.Fatalf("version: %d %v", code, body)
			}
			// Graceful stop well within Cloud Run's 10 s.
			start := time.Now()
			if err := srv.Stop(); err != nil {
				t.Fatalf("Run returned %v", err)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Fatalf("shutdown took %s", took)
			}
			if _, err := http.Get(srv.URL + "/healthz"); err == nil {
				t.Fatal("still serving after stop")
			}
		})
	}
}

// With auto-migration off, an instance on a database behind its schema
// serves but is not ready, until `piloto migrate` runs.
func TestNotReadyUntilMigrated(t *testing.T) {
	url := "sqlite:" + t.TempDir() + "/fresh.db"
	srv := apptest.MustRun(t, store.SQLite, func(c *config.Config) {
		c.DatabaseURL = url
		c.AutoMigrate = false
	})
	if code, body := get(t, srv.URL+"/readyz"); code != 503 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "piloto migrate") {
		t.Fatalf("readyz before migrate: %d %v", code, body)
	}
	if code, _ := get(t, srv.URL+"/healthz"); code != 200 {
		t.Fatal("healthz must answer while not ready")
	}
	cfg := *srv.Main.Config
	if err := app.Migrate(context.Background(), &cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, srv.URL+"/readyz"); code != 200 {
		t.Fatalf("readyz after migrate: %d", code)
	}
}

func TestWorkerRoleServesOnlyHealth(t *testing.T) {
	srv := apptest.MustRun(t, store.Postgres, func(c *config.Config) { c.Role = config.RoleWorker })
	if code, _ := get(t, srv.URL+"/readyz"); code != 200 {
		t.Fatalf("worker readyz: %d", code)
	}
	if code, _ := get(t, srv.URL+"/api/v1/version"); code != 404 {
		t.Fatalf("a worker must not serve the API: %d", code)
	}
}

func TestStartupRefusesBadConfiguration(t *testing.T) {
	cfg, _, _ := config.Load(func(k string) string {
		if k == "PILOTO_ENV" {
			return "production"
		}
		return ""
	}, nil)
	m := &app.Main{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err := m.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "PILOTO_SECRET_KEY") {
		t.Fatalf("production without a secret key started: %v", err)
	}
}
