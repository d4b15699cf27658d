package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

func TestMigrateIsIdempotentAndCurrent(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("a migrated database applied %v again", applied)
		}
		st, err := db.Schema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !st.UpToDate() || st.Latest < 1 {
			t.Fatalf("schema status %+v, want up to date", st)
		}
	})
}

func TestSchemaOfAnEmptyDatabaseIsBehind(t *testing.T) {
	db, err := store.Open(context.Background(), "sqlite:"+t.TempDir()+"/empty.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.UpToDate() || st.Current != 0 || st.RiverCurrent {
		t.Fatalf("empty database reported %+v", st)
	}
	applied, err := db.Migrate(context.Background())
	if err != nil || len(applied) != st.Latest {
		t.Fatalf("applied %v, %v; want %d migrations", applied, err, st.Latest)
	}
}

// Several instances starting at once on one PostgreSQL database: each
// migrates, exactly one applies each migration, none fails.
func TestConcurrentMigrationsOnPostgres(t *testing.T) {
	t.Parallel()
	url := storetest.MustURL(t, store.Postgres)
	ctx := context.Background()
	// Start from an empty schema in the cloned database.
	db0, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Exec(t, db0.Writer(), `DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	db0.Close()

	const n = 5
	var wg sync.WaitGroup
	results := make([][]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(ctx, url)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			results[i], errs[i] = db.Migrate(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		total += len(results[i])
	}
	ms, _ := store.Migrations(store.Postgres)
	if total != len(ms) {
		t.Fatalf("migrations applied %d times in all, want %d (once each)", total, len(ms))
	}
}

func TestInstancesRoundTrip(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 24, 14, 5, 0, 123456000, time.UTC))
		in := store.Instance{ID: piloto.NewID(), Role: "all", Version: "test", Hostname: "h", StartedAt: clock.Now()}
		if err := db.ReportInstance(ctx, in, clock.Now()); err != nil {
			t.Fatal(err)
		}
		later := clock.Advance(time.Minute)
		if err := db.ReportInstance(ctx, in, later); err != nil {
			t.Fatal(err)
		}
		got, err := db.Instances(ctx, later.Add(-time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !got[0].SeenAt.Equal(later) || !got[0].StartedAt.Equal(in.StartedAt) || got[0].SeenAt.Location() != time.UTC {
			t.Fatalf("instances = %+v", got)
		}
		n, err := db.DeleteInstancesSeenBefore(ctx, later)
		if err != nil || n != 0 {
			t.Fatalf("deleted %d, %v; want 0 (seen exactly at the cutoff)", n, err)
		}
		n, err = db.DeleteInstancesSeenBefore(ctx, later.Add(time.Microsecond))
		if err != nil || n != 1 {
			t.Fatalf("deleted %d, %v; want 1", n, err)
		}
	})
}

func TestInTxRollsBackOnError(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := piloto.SystemClock{}.Now()
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO instances (id, role, version, hostname, started_at, seen_at) VALUES ($1, 'all', 'v', 'h', $2, $2)`, piloto.NewID(), now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v", err)
		}
		got, err := db.Instances(ctx, time.Time{})
		if err != nil || len(got) != 0 {
			t.Fatalf("rolled-back row visible: %v %v", got, err)
		}
	})
}

func TestOpenRejectsUnknownURLs(t *testing.T) {
	for _, u := range []string{"mysql://x", "", "sqlite:"} {
		if _, err := store.Open(context.Background(), u); err == nil {
			t.Errorf("Open(%q) succeeded", u)
		}
	}
}

// A SQLite path with URI metacharacters opens that very file (a '#' once cut
// the path short, so tests named "x#01" shared a database).
func TestSQLitePathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a#01 b?c%41")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "piloto.db")
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not at %s: %v", path, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "a")); err == nil {
		t.Fatal("the path was cut at '#'")
	}
}
