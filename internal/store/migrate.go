package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one versioned schema change, a file named
// migrations/<dialect>/NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the dialect's migrations in version order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration file %s is not named NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("store: %s migrations must be numbered 1, 2, 3…; found %d at position %d", d, m.Version, i+1)
		}
	}
	return out, nil
}

// RiverDriver returns the River driver for this database, over the writer
// pool. River's tables live beside ours, so a job can be enqueued in the same
// transaction as the rows that cause it.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Dialect == Postgres {
		return riverdatabasesql.New(db.write)
	}
	return riversqlite.New(db.write)
}

func (db *DB) riverMigrator() (*rivermigrate.Migrator[*sql.Tx], error) {
	return rivermigrate.New(db.RiverDriver(), &rivermigrate.Config{Logger: discardLogger})
}

// migrateLockID is the PostgreSQL advisory lock that serialises migrations
// of instances starting at once.
const migrateLockID = 7305_1020_2611

// Migrate applies River's migrations and then ours that are not applied yet
// (ours in one transaction; River's each in its own, as some of them must).
// On PostgreSQL it holds a session advisory lock throughout, so instances
// starting together migrate one after another and the later ones find nothing
// to do. It returns the versions of ours it applied.
func (db *DB) Migrate(ctx context.Context) (applied []int, err error) {
	ms, err := Migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	migrator, err := db.riverMigrator()
	if err != nil {
		return nil, err
	}
	if db.Dialect == Postgres {
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("store: migrate: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrateLockID); err != nil {
			return nil, fmt.Errorf("store: migrate: taking the migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLockID)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("store: migrating River: %w", err)
	}
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			CREATE TABLE IF NOT EXISTS schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
			)`); err != nil {
			return err
		}
		current, err := currentVersion(ctx, tx)
		if err != nil {
			return err
		}
		for _, m := range ms[current:] {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
				return err
			}
			applied = append(applied, m.Version)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	return applied, nil
}

func currentVersion(ctx context.Context, q Querier) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

// SchemaStatus says how far the database's schema is from this binary's:
// our latest migration against the applied one, and whether River's
// migrations are all applied. A database never migrated has current 0.
type SchemaStatus struct {
	Current, Latest int
	RiverCurrent    bool
}

// UpToDate reports whether nothing remains to migrate.
func (s SchemaStatus) UpToDate() bool { return s.Current == s.Latest && s.RiverCurrent }

// Schema reads the schema status. It fails only when the database does not
// answer.
func (db *DB) Schema(ctx context.Context) (SchemaStatus, error) {
	ms, err := Migrations(db.Dialect)
	if err != nil {
		return SchemaStatus{}, err
	}
	st := SchemaStatus{Latest: len(ms)}
	exists, err := db.tableExists(ctx, "schema_migrations")
	if err != nil {
		return st, err
	}
	if exists {
		if st.Current, err = currentVersion(ctx, db.read); err != nil {
			return st, err
		}
	}
	migrator, err := db.riverMigrator()
	if err != nil {
		return st, err
	}
	res, err := migrator.Validate(ctx, nil)
	if err != nil {
		return st, err
	}
	st.RiverCurrent = res.OK
	return st, nil
}

func (db *DB) tableExists(ctx context.Context, name string) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if db.Dialect == Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	err := db.read.QueryRowContext(ctx, q, name).Scan(&n)
	return n > 0, err
}
