package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/store"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		stdout  []string // substrings of stdout
		stderr  []string // substrings of stderr
	}{
		{name: "version", args: []string{"version"}, stdout: []string{"piloto 0.1.0-dev"}},
		{name: "help lists every setting", args: []string{"help"}, stdout: []string{"Usage: piloto", "PILOTO_DATABASE_URL", "-max-upload-mb"}},
		{name: "-h is help", args: []string{"-h"}, stdout: []string{"Usage: piloto"}},
		{name: "unknown command", args: []string{"frobnicate"}, wantErr: `unknown command "frobnicate"`, stderr: []string{"Usage: piloto"}},
		{name: "unknown flag", args: []string{"serve", "--nope"}, wantErr: "flag provided but not defined"},
		{name: "stray argument", args: []string{"migrate", "extra"}, wantErr: "unexpected arguments"},
		{name: "invalid setting", args: []string{"serve", "--env", "staging"}, wantErr: "configuration"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, env(nil), &stdout, &stderr)
			if tc.wantErr == "" && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
		})
	}
}

// `piloto migrate` on an empty data dir makes the SQLite database with a
// current schema, and running it again changes nothing.
func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	getenv := env(map[string]string{"PILOTO_DATA_DIR": dir})
	for range 2 {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"migrate"}, getenv, &stdout, &stderr); err != nil {
			t.Fatalf("migrate: %v\n%s", err, stderr.String())
		}
	}
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "piloto.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !st.UpToDate() || st.Current != st.Latest {
		t.Fatalf("schema after migrate = %+v", st)
	}
}

// `piloto rotate-secrets` needs the secret key, and on a current database
// says what it re-encrypted.
func TestRotateSecrets(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"rotate-secrets"}, env(map[string]string{"PILOTO_DATA_DIR": dir}), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "PILOTO_SECRET_KEY") {
		t.Fatalf("without a secret key: %v", err)
	}
	getenv := env(map[string]string{
		"PILOTO_DATA_DIR":            dir,
		"PILOTO_SECRET_KEY":          strings.Repeat("nova-chave-", 4),
		"PILOTO_SECRET_KEY_PREVIOUS": strings.Repeat("velha-chave-", 4),
	})
	err = run(context.Background(), []string{"rotate-secrets"}, getenv, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "piloto migrate") {
		t.Fatalf("on a database not migrated: %v", err)
	}
	if err := run(context.Background(), []string{"migrate"}, getenv, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"rotate-secrets"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("rotate-secrets: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "LLM keys: 0 re-encrypted") {
		t.Errorf("stdout = %q", stdout.String())
	}
}
