// Package store is the database edge: it opens SQLite or PostgreSQL, applies
// migrations, and holds the SQL of every domain, each query beside its Scan.
//
// The same SQL text runs on both databases ($N placeholders, RETURNING, ON
// CONFLICT, TIMESTAMP columns); where the databases really differ, the
// Dialect says which text to use. Every method that touches tenant data takes
// the organization id as its first argument after the context.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the application's database. On SQLite it keeps one writer connection
// (SQLite allows one writer at a time; a single connection means writers queue
// in Go instead of failing with SQLITE_BUSY) and a separate pool of read-only
// connections (WAL lets them read while the writer writes). On PostgreSQL both
// are the same pgx pool. A DB is safe for concurrent use.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	pool    *pgxpool.Pool // PostgreSQL only

	eventsMu sync.Mutex
	pending  map[*sql.Tx][]string   // organizations with events recorded in an open transaction
	onEvents func(orgIDs ...string) // called after a commit that recorded events
}

// OnEvents sets the function called, after a transaction commits, with the
// organizations it recorded events for (the live-update hub's poke).
func (db *DB) OnEvents(fn func(orgIDs ...string)) {
	db.eventsMu.Lock()
	defer db.eventsMu.Unlock()
	db.onEvents = fn
}

// takePending removes and returns the organizations tx recorded events for.
func (db *DB) takePending(tx *sql.Tx) ([]string, func(...string)) {
	db.eventsMu.Lock()
	defer db.eventsMu.Unlock()
	orgs := db.pending[tx]
	delete(db.pending, tx)
	return orgs, db.onEvents
}

// Open connects to the database named by rawURL: "postgres://…" (or
// "postgresql://…") or "sqlite:PATH". For SQLite it creates the file's
// directory. It does not migrate; see Migrate.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"))
	default:
		return nil, fmt.Errorf("store: unsupported database URL (want postgres:// or sqlite:)")
	}
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: parsing PostgreSQL URL: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connecting to PostgreSQL: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	return &DB{Dialect: Postgres, write: db, read: db, pool: pool}, nil
}

// sqliteDSN builds a modernc.org/sqlite DSN. Times are written in SQLite's
// own format so that TIMESTAMP columns read back as time.Time and compare as
// text in time order (every time is UTC).
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(on)")
	q.Add("_pragma", "synchronous(normal)")
	q.Set("_time_format", "sqlite")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(wal)")
		// BEGIN IMMEDIATE takes the write lock at the start of a transaction,
		// so two processes on one file wait for each other (busy_timeout)
		// instead of deadlocking when a reader upgrades.
		q.Set("_txlock", "immediate")
	}
	// In a file: URI, '?' starts the query and '#' a fragment; SQLite
	// decodes %HH escapes in the path.
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + escaped + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: sqlite: needs a path, as in sqlite:data/piloto.db")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: creating the database directory: %w", err)
	}
	write, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	// Touch the writer first: it creates the file and switches it to WAL,
	// which the read-only connections need.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: opening SQLite at %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	return &DB{Dialect: SQLite, write: write, read: read}, nil
}

// Close closes every connection.
func (db *DB) Close() error {
	var err error
	if db.read != db.write {
		err = db.read.Close()
	}
	err = errors.Join(err, db.write.Close())
	if db.pool != nil {
		db.pool.Close()
	}
	return err
}

// Writer returns the connection pool that writes: River and transactions use
// it. On SQLite it has a single connection, so a caller holding a transaction
// must not use Writer outside it, or it waits for itself.
func (db *DB) Writer() *sql.DB { return db.write }

// Reader returns the pool for queries outside transactions.
func (db *DB) Reader() *sql.DB { return db.read }

// Pool returns the pgx pool on PostgreSQL (for LISTEN/NOTIFY), nil on SQLite.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// InTx runs fn in a transaction and commits it when fn returns nil; it rolls
// back when fn returns an error or panics. Jobs enqueued on tx (River's
// InsertTx) commit or vanish with the rows that caused them.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	defer func() {
		orgs, notify := db.takePending(tx)
		if err == nil && len(orgs) > 0 && notify != nil {
			notify(orgs...)
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Querier is what both *sql.DB and *sql.Tx offer; store functions that can
// run inside or outside a transaction take one.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// utc normalises a time read from either database.
func utc(t time.Time) time.Time { return t.UTC() }

// isUniqueViolation reports whether err is a unique-constraint violation on
// either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// execCount runs a write on the writer and returns how many rows it
// changed.
func (db *DB) execCount(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := db.write.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
