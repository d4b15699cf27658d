package config_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/config"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, rest, err := config.Load(env(), []string{"extra"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults must validate: %v", err)
	}
	checks := map[string][2]string{
		"addr":       {c.Addr, "127.0.0.1:8080"},
		"db":         {c.DatabaseURL, "sqlite:data/piloto.db"},
		"env":        {c.Env, "development"},
		"role":       {c.Role, "all"},
		"public url": {c.PublicURL, "http://localhost:8080"},
		"app url":    {c.AppURL, "http://localhost:8080"},
		"cors":       {strings.Join(c.CORSOrigins, ","), "http://localhost:8080"},
	}
	for name, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", name, v[0], v[1])
		}
	}
	if !c.AutoMigrate || c.MaxUploadMB != 25 || c.Postgres() || c.AllowPrivateURLs {
		t.Errorf("auto-migrate=%v max-upload=%d postgres=%v allow-private-urls=%v", c.AutoMigrate, c.MaxUploadMB, c.Postgres(), c.AllowPrivateURLs)
	}
	if !strings.HasPrefix(c.BlobURL, "file:///") || !strings.Contains(c.BlobURL, "/data/blobs") {
		t.Errorf("blob url = %q", c.BlobURL)
	}
	if len(rest) != 1 || rest[0] != "extra" {
		t.Errorf("rest = %v", rest)
	}
}

func TestAddressPrecedence(t *testing.T) {
	c, _, _ := config.Load(env("PORT", "9000"), nil)
	if c.Addr != ":9000" || c.PublicURL != "http://localhost:9000" {
		t.Errorf("PORT: addr %q public %q", c.Addr, c.PublicURL)
	}
	c, _, _ = config.Load(env("PORT", "9000", "PILOTO_ADDR", "0.0.0.0:7000"), nil)
	if c.Addr != "0.0.0.0:7000" {
		t.Errorf("PILOTO_ADDR must win over PORT: %q", c.Addr)
	}
	c, _, _ = config.Load(env("PILOTO_ADDR", "0.0.0.0:7000"), []string{"--addr", "127.0.0.1:7001"})
	if c.Addr != "127.0.0.1:7001" {
		t.Errorf("the flag must win over the environment: %q", c.Addr)
	}
}

func TestDataDirAndDatabase(t *testing.T) {
	c, _, _ := config.Load(env("PILOTO_DATA_DIR", "/var/piloto"), nil)
	if c.DatabaseURL != "sqlite:/var/piloto/piloto.db" {
		t.Errorf("db = %q", c.DatabaseURL)
	}
	c, _, _ = config.Load(env("PILOTO_DATABASE_URL", "postgres://u:p@db/piloto"), nil)
	if !c.Postgres() {
		t.Error("postgres:// must select PostgreSQL")
	}
}

func TestValidate(t *testing.T) {
	key := strings.Repeat("k", 32)
	cases := []struct {
		name string
		env  []string
		want string // substring of the error; "" = valid
	}{
		{"production needs a key", []string{"PILOTO_ENV", "production", "PILOTO_PUBLIC_URL", "https://api.example.com"}, "PILOTO_SECRET_KEY is required"},
		{"production needs https", []string{"PILOTO_ENV", "production", "PILOTO_SECRET_KEY", key}, "must use https"},
		{"production needs SMTP", []string{"PILOTO_ENV", "production", "PILOTO_SECRET_KEY", key, "PILOTO_PUBLIC_URL", "https://api.example.com"}, "PILOTO_SMTP_URL is required"},
		{"production refuses test hashing", []string{"PILOTO_ENV", "production", "PILOTO_SECRET_KEY", key, "PILOTO_PUBLIC_URL", "https://api.example.com", "PILOTO_SMTP_URL", "smtp://mail.example.com:587", "PILOTO_PASSWORD_HASH_MEMORY_KIB", "64"}, "for tests, not production"},
		{"production ok", []string{"PILOTO_ENV", "production", "PILOTO_SECRET_KEY", key, "PILOTO_PUBLIC_URL", "https://api.example.com", "PILOTO_APP_URL", "https://app.example.com", "PILOTO_SMTP_URL", "smtp://u:p@mail.example.com:587"}, ""},
		{"production refuses private URLs", []string{"PILOTO_ENV", "production", "PILOTO_SECRET_KEY", key, "PILOTO_PUBLIC_URL", "https://api.example.com", "PILOTO_SMTP_URL", "smtp://mail.example.com:587", "PILOTO_ALLOW_PRIVATE_URLS", "true"}, "PILOTO_ALLOW_PRIVATE_URLS=true"},
		{"development allows private URLs", []string{"PILOTO_ALLOW_PRIVATE_URLS", "true"}, ""},
		{"google without secret", []string{"PILOTO_GOOGLE_CLIENT_ID", "id.apps.googleusercontent.com"}, "PILOTO_GOOGLE_CLIENT_SECRET is required"},
		{"access TTL too short", []string{"PILOTO_ACCESS_TOKEN_TTL", "1s"}, "PILOTO_ACCESS_TOKEN_TTL"},
		{"login limit zero", []string{"PILOTO_RATE_LIMIT_LOGIN", "0"}, "PILOTO_RATE_LIMIT_LOGIN"},
		{"delay cap too long", []string{"PILOTO_LOGIN_DELAY_MAX", "2h"}, "PILOTO_LOGIN_DELAY_MAX"},
		{"short key", []string{"PILOTO_SECRET_KEY", "short"}, "at least 32"},
		{"web role on sqlite", []string{"PILOTO_ROLE", "web", "PILOTO_SECRET_KEY", key}, "needs PostgreSQL"},
		{"worker role without key", []string{"PILOTO_ROLE", "worker", "PILOTO_DATABASE_URL", "postgres://x/y"}, "needs PILOTO_SECRET_KEY"},
		{"worker role ok", []string{"PILOTO_ROLE", "worker", "PILOTO_DATABASE_URL", "postgres://x/y", "PILOTO_SECRET_KEY", key}, ""},
		{"bad role", []string{"PILOTO_ROLE", "both"}, "PILOTO_ROLE must be"},
		{"bad env", []string{"PILOTO_ENV", "prod"}, "PILOTO_ENV must be"},
		{"bad db", []string{"PILOTO_DATABASE_URL", "mysql://u:secret@x/y"}, "must start with postgres"},
		{"cors with path", []string{"PILOTO_CORS_ORIGINS", "https://app.example.com/x"}, "origin only"},
		{"cors not a url", []string{"PILOTO_CORS_ORIGINS", "*"}, "not an http(s) origin"},
		{"bad blob", []string{"PILOTO_BLOB_URL", "s3://b"}, "PILOTO_BLOB_URL"},
		{"upload cap", []string{"PILOTO_MAX_UPLOAD_MB", "0"}, "PILOTO_MAX_UPLOAD_MB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := config.Load(env(tc.env...), nil)
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret@") {
				t.Fatalf("error leaks a password: %v", err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	if _, _, err := config.Load(env("PILOTO_AUTO_MIGRATE", "maybe"), nil); err == nil {
		t.Error("a bad boolean must fail")
	}
	if _, _, err := config.Load(env("PILOTO_ALLOW_PRIVATE_URLS", "sim"), nil); err == nil {
		t.Error("a bad boolean for PILOTO_ALLOW_PRIVATE_URLS must fail")
	}
	if c, _, err := config.Load(env(), []string{"--allow-private-urls=true"}); err != nil || !c.AllowPrivateURLs {
		t.Errorf("--allow-private-urls=true: %v", err)
	}
	if _, _, err := config.Load(env(), []string{"--no-such-flag"}); err == nil {
		t.Error("an unknown flag must fail")
	}
	if _, _, err := config.Load(env("PILOTO_TRUSTED_PROXIES", "10.0.0.0/8, not-an-ip"), nil); err == nil {
		t.Error("a bad proxy address must fail")
	}
	c, _, err := config.Load(env("PILOTO_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7"), nil)
	if err != nil || len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Errorf("trusted proxies = %v, %v", c.TrustedProxies, err)
	}
}

// Every setting has a row in the README's configuration table.
func TestREADMEDocumentsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range config.Settings {
		row := regexp.MustCompile("(?m)^\\|\\s*`" + s.Env + "`\\s*\\|\\s*`--" + s.Flag + "`\\s*\\|")
		if !row.Match(readme) {
			t.Errorf("README.md has no configuration row for %s / --%s", s.Env, s.Flag)
		}
	}
}

func TestLLMSettings(t *testing.T) {
	c, _, err := config.Load(env(), nil)
	if err != nil || c.LLMProvider != "openai" || c.LLMTimeout.String() != "1m0s" || c.USDBRL != 5.40 || c.OpenAIAPIKey != "" {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	c, _, err = config.Load(env("PILOTO_USD_BRL", "5,12"), []string{"--llm-provider", "gemini", "--usd-brl", "6.01"})
	if err != nil || c.USDBRL != 6.01 || c.LLMProvider != "gemini" {
		t.Fatalf("flags: %+v, %v", c, err)
	}
	if c, _, _ = config.Load(env("PILOTO_USD_BRL", "5,12"), nil); c.USDBRL != 5.12 {
		t.Errorf("a comma: %v", c.USDBRL)
	}
	if _, _, err := config.Load(env("PILOTO_USD_BRL", "cinco"), nil); err == nil {
		t.Error("a bad rate must fail")
	}
	if _, _, err := config.Load(env("PILOTO_LLM_TIMEOUT", "sessenta"), nil); err == nil {
		t.Error("a bad timeout must fail")
	}
}
