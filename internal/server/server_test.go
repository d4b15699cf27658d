package server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/server"
	"github.com/pilotodevendas/piloto/internal/store"
)

type fakeDB struct {
	pingErr error
	schema  store.SchemaStatus
}

func (f *fakeDB) Ping(context.Context) error { return f.pingErr }
func (f *fakeDB) Schema(context.Context) (store.SchemaStatus, error) {
	return f.schema, f.pingErr
}

var current = store.SchemaStatus{Current: 3, Latest: 3, RiverCurrent: true}

var webApp = fstest.MapFS{
	"index.html":              {Data: []byte("<!doctype html><title>app</title>")},
	"assets/index-abc123.js":  {Data: []byte("console.log(1)")},
	"assets/index-abc123.css": {Data: []byte("body{}")},
	"favicon.svg":             {Data: []byte("<svg/>")},
}

func newServer(t *testing.T, production bool, db server.SchemaChecker, logs io.Writer) http.Handler {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := server.New(server.Options{Logger: logger, Production: production, DB: db, API: &api.API{Logger: logger}, WebApp: webApp})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

func TestServing(t *testing.T) {
	h := newServer(t, false, &fakeDB{schema: current}, io.Discard)
	cases := []struct {
		name, method, path string
		status             int
		body               string // substring
		cache              string // Cache-Control
	}{
		{"index", "GET", "/", 200, "<title>app</title>", "no-cache"},
		{"spa route", "GET", "/conversas", 200, "<title>app</title>", "no-cache"},
		{"nested spa route", "GET", "/agentes/123/versoes", 200, "<title>app</title>", "no-cache"},
		{"hashed asset", "GET", "/assets/index-abc123.js", 200, "console.log", "public, max-age=31536000, immutable"},
		{"other file", "GET", "/favicon.svg", 200, "<svg/>", "public, max-age=3600"},
		{"missing asset is not the app", "GET", "/assets/index-zzz.js", 404, "", ""},
		{"missing file with extension", "GET", "/robots.txt", 404, "", ""},
		{"traversal is cleaned, never served", "GET", "/../../etc/passwd", 307, "/etc/passwd", ""},
		{"post to the app", "POST", "/painel", 405, "", ""},
		{"api is not the app", "GET", "/api/v1/unknown", 404, `"code":"not_found"`, ""},
		{"healthz", "GET", "/healthz", 200, `"ok"`, ""},
		{"readyz", "GET", "/readyz", 200, `"ready"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("body %q lacks %q", rec.Body, tc.body)
			}
			if tc.cache != "" && rec.Header().Get("Cache-Control") != tc.cache {
				t.Errorf("Cache-Control %q, want %q", rec.Header().Get("Cache-Control"), tc.cache)
			}
			if rec.Header().Get("Content-Security-Policy") == "" || rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Referrer-Policy") == "" {
				t.Error("security headers missing")
			}
			if rec.Header().Get("Strict-Transport-Security") != "" {
				t.Error("HSTS must not be sent in development")
			}
		})
	}
}

func TestHSTSInProduction(t *testing.T) {
	h := newServer(t, true, &fakeDB{schema: current}, io.Discard)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.HasPrefix(rec.Header().Get("Strict-Transport-Security"), "max-age=63072000") {
		t.Fatalf("HSTS = %q", rec.Header().Get("Strict-Transport-Security"))
	}
}

func TestReadiness(t *testing.T) {
	cases := []struct {
		name   string
		db     *fakeDB
		status int
		reason string
	}{
		{"ready", &fakeDB{schema: current}, 200, "ready"},
		{"database down", &fakeDB{pingErr: errors.New("dial tcp: refused")}, 503, "database unreachable"},
		{"schema behind", &fakeDB{schema: store.SchemaStatus{Current: 2, Latest: 3, RiverCurrent: true}}, 503, "piloto migrate"},
		{"river behind", &fakeDB{schema: store.SchemaStatus{Current: 3, Latest: 3}}, 503, "piloto migrate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			newServer(t, false, tc.db, io.Discard).ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.reason) {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "refused") {
				t.Fatal("readiness leaks the database error")
			}
		})
	}
}

func TestRequestIDs(t *testing.T) {
	var logs bytes.Buffer
	h := newServer(t, false, &fakeDB{schema: current}, &logs)
	req := httptest.NewRequest("GET", "/api/v1/version", nil)
	req.Header.Set("X-Request-Id", "proxy-id-12345")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("X-Request-Id") != "proxy-id-12345" || !strings.Contains(logs.String(), "request_id=proxy-id-12345") {
		t.Fatalf("a proxy's request id must be kept and logged: %q", rec.Header().Get("X-Request-Id"))
	}
	req = httptest.NewRequest("GET", "/api/v1/version", nil)
	req.Header.Set("X-Request-Id", "bad id\nwith newline")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if id := rec.Header().Get("X-Request-Id"); len(id) != 24 {
		t.Fatalf("a malformed request id must be replaced, got %q", id)
	}
}

func TestNotBuiltPage(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := server.New(server.Options{Logger: logger, DB: &fakeDB{schema: current}, API: &api.API{Logger: logger}})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "make run") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func TestWorkerServesOnlyHealth(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, _ := server.New(server.Options{Logger: logger, DB: &fakeDB{schema: current}})
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/v1/version": 404, "/": 404} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
	}
}
