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

// The LLM settings are checked at start-up with the others, each problem
// named by its variable and none repeating a key.
func TestStartupRefusesBadLLMSettings(t *testing.T) {
	cfg, _, err := config.Load(func(k string) string {
		switch k {
		case "PILOTO_DATA_DIR":
			return t.TempDir()
		case "PILOTO_LLM_PROVIDER":
			return "watson"
		case "PILOTO_USD_BRL":
			return "0"
		case "PILOTO_OPENAI_API_KEY":
			return "sk-segredo com espaço"
		case "PILOTO_PRICES_FILE":
			return "/nao/existe/precos.json"
		case "PILOTO_LLM_TIMEOUT":
			return "1ms"
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := &app.Main{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err = m.Run(context.Background())
	if err == nil {
		t.Fatal("started")
	}
	for _, env := range []string{"PILOTO_LLM_PROVIDER", "PILOTO_USD_BRL", "PILOTO_OPENAI_API_KEY", "PILOTO_PRICES_FILE", "PILOTO_LLM_TIMEOUT"} {
		if !strings.Contains(err.Error(), env) {
			t.Errorf("no word about %s: %v", env, err)
		}
	}
	if strings.Contains(err.Error(), "segredo") {
		t.Errorf("the error repeats the key: %v", err)
	}
}

func TestLLMConfigMapsEverySetting(t *testing.T) {
	cfg, _, err := config.Load(func(k string) string {
		return map[string]string{
			"PILOTO_LLM_PROVIDER": "anthropic", "PILOTO_LLM_MODEL": "claude-sonnet-4-5",
			"PILOTO_OPENAI_API_KEY": "sk-o", "PILOTO_OPENAI_BASE_URL": "http://127.0.0.1:11434/v1/",
			"PILOTO_ANTHROPIC_API_KEY": "sk-a", "PILOTO_ANTHROPIC_BASE_URL": "https://gw.example.com/anthropic",
			"PILOTO_GEMINI_API_KEY": "AIza-g", "PILOTO_GEMINI_BASE_URL": "https://gw.example.com/gemini",
			"PILOTO_LLM_TIMEOUT": "45s", "PILOTO_PRICES_FILE": "/etc/piloto/precos.json", "PILOTO_USD_BRL": "5,73",
		}[k]
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := app.LLMConfig(cfg)
	if got.Provider != "anthropic" || got.Model != "claude-sonnet-4-5" || got.OpenAIAPIKey != "sk-o" ||
		got.OpenAIBaseURL != "http://127.0.0.1:11434/v1" || got.AnthropicAPIKey != "sk-a" ||
		got.AnthropicBaseURL != "https://gw.example.com/anthropic" || got.GeminiAPIKey != "AIza-g" ||
		got.GeminiBaseURL != "https://gw.example.com/gemini" || got.Timeout != 45*time.Second ||
		got.PricesFile != "/etc/piloto/precos.json" || got.USDBRL != 5.73 {
		t.Errorf("LLMConfig = %+v", got)
	}
	def, _, _ := config.Load(func(string) string { return "" }, nil)
	if c := app.LLMConfig(def); c.Provider != "openai" || c.Timeout != time.Minute || c.USDBRL != 5.40 || c.Validate() != nil {
		t.Errorf("defaults = %+v, %v", c, c.Validate())
	}
}
