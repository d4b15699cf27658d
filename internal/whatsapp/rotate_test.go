package whatsapp_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/app"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/store"
)

// TestSecretKeyRotationKeepsChannels: `piloto rotate-secrets` re-seals a
// channel's token, app secret and verify token, which the new key alone
// then opens.
func TestSecretKeyRotationKeepsChannels(t *testing.T) {
	w := newWorld(t, store.SQLite)
	x := w.newTenant("Ana", "9101", true)
	mustStatus(t, x.owner.Do("PATCH", "/api/v1/channels/"+x.channel, map[string]string{"app_secret": "segredo-proprio-1", "verify_token": "verifica-1"}), 200)
	oldKey, dbURL := w.srv.Main.Config.SecretKey, w.srv.Main.Config.DatabaseURL
	if err := w.srv.Stop(); err != nil {
		t.Fatal(err)
	}
	newKey := strings.Repeat("nova-chave-", 4)
	cfg, _, err := config.Load(func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL, cfg.SecretKey, cfg.SecretKeyPrevious = dbURL, newKey, oldKey
	var out bytes.Buffer
	if err := app.RotateSecrets(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "WhatsApp tokens and app secrets: 3 re-encrypted") {
		t.Fatalf("rotate-secrets said %q", out.String())
	}

	after := apptest.MustRunWith(t, store.SQLite, apptest.Options{Config: func(c *config.Config) {
		c.DatabaseURL, c.SecretKey = dbURL, newKey
		c.WhatsAppAppSecret, c.WhatsAppVerifyToken, c.WhatsAppGraphURL = appSecret, verifyToken, w.graph.URL
	}})
	c := after.NewClient(t)
	mustStatus(t, c.Do("POST", "/api/v1/auth/login", map[string]string{"email": "ana-9101@example.com", "password": "cavalo-bateria-grampo"}), 200)
	r := c.Do("GET", "/api/v1/channels/"+x.channel, nil)
	if !strings.Contains(string(r.Body), `"verify_token":"verifica-1"`) {
		t.Fatalf("after rotation: %s", r.Body)
	}
	r = c.Do("POST", "/api/v1/channels/"+x.channel+"/test", nil)
	if !strings.Contains(string(r.Body), `"ok":true`) {
		t.Fatalf("test after rotation: %s", r.Body)
	}
	w.srv = after
	if s, _ := w.post("/webhooks/whatsapp/"+x.channel, "segredo-proprio-1", text(x, "5562999990101", "wamid.rot", "Oi")); s != 200 {
		t.Fatalf("own endpoint after rotation: %d", s)
	}
}
