// Package storetest gives tests a fresh, migrated database of each kind.
//
// SQLite databases are copies of a template file migrated once per test
// process. PostgreSQL databases are clones (CREATE DATABASE … TEMPLATE) of a
// template database migrated once per schema version and shared by every
// test process; each test gets its own database, dropped when it ends, so
// tests run in parallel without seeing each other's rows.
//
// PostgreSQL runs when PILOTO_TEST_POSTGRES_URL names a server (any database
// on it; tests create their own). When CI=true it is mandatory: a test fails
// instead of skipping PostgreSQL.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pilotodevendas/piloto/internal/store"
)

// PostgresURLEnv names the variable that points tests at a PostgreSQL server.
const PostgresURLEnv = "PILOTO_TEST_POSTGRES_URL"

// ForEachDB runs fn as a subtest on a fresh SQLite database and on a fresh
// PostgreSQL database, each migrated and closed when the subtest ends. The
// subtests run in parallel.
func ForEachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, MustOpen(t, d))
		})
	}
}

// MustOpen returns a fresh migrated database of the dialect, closed when the
// test ends. It skips the test for PostgreSQL when no server is configured
// (fails when CI=true).
func MustOpen(tb testing.TB, d store.Dialect) *store.DB {
	tb.Helper()
	url := MustURL(tb, d)
	db, err := store.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustURL returns the URL of a fresh migrated database of the dialect, for
// tests that open it themselves (several instances, other processes). The
// database is dropped when the test ends.
func MustURL(tb testing.TB, d store.Dialect) string {
	tb.Helper()
	switch d {
	case store.SQLite:
		return "sqlite:" + sqliteCopy(tb)
	case store.Postgres:
		return postgresClone(tb)
	}
	tb.Fatalf("storetest: unknown dialect %q", d)
	return ""
}

// PostgresServerURL returns the configured server URL, skipping (or, when
// CI=true, failing) the test when there is none.
func PostgresServerURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(PostgresURLEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("storetest: %s is required when CI=true", PostgresURLEnv)
		}
		tb.Skipf("storetest: set %s to run PostgreSQL tests", PostgresURLEnv)
	}
	return u
}

var sqliteTemplate struct {
	once sync.Once
	path string
	err  error
}

func sqliteCopy(tb testing.TB) string {
	tb.Helper()
	sqliteTemplate.once.Do(func() {
		dir, err := os.MkdirTemp("", "piloto-sqlite-template-")
		if err != nil {
			sqliteTemplate.err = err
			return
		}
		p := filepath.Join(dir, "template.db")
		sqliteTemplate.path, sqliteTemplate.err = p, migrateAndClose("sqlite:"+p)
	})
	if sqliteTemplate.err != nil {
		tb.Fatalf("storetest: building the SQLite template: %v", sqliteTemplate.err)
	}
	body, err := os.ReadFile(sqliteTemplate.path)
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(tb.TempDir(), "piloto.db")
	if err := os.WriteFile(p, body, 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

func migrateAndClose(url string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	// Closing the last connection checkpoints the WAL into the main file, so
	// the file alone is a complete copy.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

var pgTemplate struct {
	mu   sync.Mutex
	name string
}

// templateName names the template after the migrations, so a change to any
// of them builds a new template instead of cloning a stale one.
func templateName() (string, error) {
	ms, err := store.Migrations(store.Postgres)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%d %s\n%s\n", m.Version, m.Name, m.SQL)
	}
	// River's migrations change with its version, which go.sum pins.
	if sum, err := fs.ReadFile(os.DirFS(moduleRoot()), "go.sum"); err == nil {
		for _, line := range strings.Split(string(sum), "\n") {
			if strings.HasPrefix(line, "github.com/riverqueue/river ") {
				h.Write([]byte(line))
			}
		}
	}
	return "piloto_tpl_" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

func moduleRoot() string {
	dir, _ := os.Getwd()
	for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
	}
	return dir
}

// withDatabase returns serverURL with its database replaced by name.
func withDatabase(serverURL, name string) string {
	u, err := url.Parse(serverURL)
	if err != nil {
		return serverURL
	}
	u.Path = "/" + name
	return u.String()
}

// templateLockID serialises template builds across test processes.
const templateLockID = 7305_1020_2612

func ensurePostgresTemplate(ctx context.Context, admin *pgx.Conn, serverURL string) (string, error) {
	pgTemplate.mu.Lock()
	defer pgTemplate.mu.Unlock()
	if pgTemplate.name != "" {
		return pgTemplate.name, nil
	}
	name, err := templateName()
	if err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock($1)`, templateLockID); err != nil {
		return "", err
	}
	defer admin.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, templateLockID)

	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		// Build under a temporary name and rename when complete, so no
		// process ever clones a half-migrated template.
		building := name + "_building"
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
			return "", err
		}
		if _, err := admin.Exec(ctx, `CREATE DATABASE `+building); err != nil {
			return "", err
		}
		if err := migrateAndClose(withDatabase(serverURL, building)); err != nil {
			return "", fmt.Errorf("migrating the template: %w", err)
		}
		if _, err := admin.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
			return "", err
		}
		// Templates of older schemas are of no more use.
		rows, err := admin.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'piloto_tpl_%' AND datname <> $1`, name)
		if err == nil {
			old, _ := pgx.CollectRows(rows, pgx.RowTo[string])
			for _, o := range old {
				_, _ = admin.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{o}.Sanitize()+` WITH (FORCE)`)
			}
		}
	}
	pgTemplate.name = name
	return name, nil
}

func postgresClone(tb testing.TB) string {
	tb.Helper()
	serverURL := PostgresServerURL(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		tb.Fatalf("storetest: connecting to %s: %v", PostgresURLEnv, err)
	}
	defer admin.Close(context.Background())

	tpl, err := ensurePostgresTemplate(ctx, admin, serverURL)
	if err != nil {
		tb.Fatalf("storetest: PostgreSQL template: %v", err)
	}
	name := "piloto_test_" + randomHex(8)
	// Cloning fails while another session is connected to the template
	// (never for long); try a few times.
	for attempt := 0; ; attempt++ {
		_, err = admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tpl)
		if err == nil || attempt == 20 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("storetest: cloning the template: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, serverURL)
		if err != nil {
			tb.Logf("storetest: dropping %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			tb.Logf("storetest: dropping %s: %v", name, err)
		}
	})
	return withDatabase(serverURL, name)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Exec runs statements on db, failing the test on error: for fixtures.
func Exec(tb testing.TB, db *sql.DB, query string, args ...any) {
	tb.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		tb.Fatalf("storetest: %s: %v", query, err)
	}
}
