package seed_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/seed"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// The inbox benchmarks run on an organization seeded with
// PILOTO_BENCH_INBOX_CONVERSATIONS conversations (100,000 by default, about
// 2 million messages) on each database. Seeding takes minutes, so they
// skip unless PILOTO_BENCH_INBOX=1, and the seeded databases are kept for
// the next run: a SQLite file (PILOTO_BENCH_INBOX_SQLITE, by default
// piloto-bench-inbox.db in the temporary directory) and the PostgreSQL
// database piloto_bench_inbox on PILOTO_TEST_POSTGRES_URL's server.
//
//	PILOTO_BENCH_INBOX=1 go test -run '^$' -bench Inbox -benchtime 200x ./internal/seed/
//
// Each query reports its p50 and p99 in milliseconds.

const benchOrg = "Loja Benchmark"

// benchDB opens the seeded database of the dialect, seeding it first when
// it has fewer conversations than asked for; it returns the organization
// and its owner.
func benchDB(b *testing.B, d store.Dialect) (db *store.DB, orgID, ownerID string) {
	b.Helper()
	if os.Getenv("PILOTO_BENCH_INBOX") != "1" {
		b.Skip("PILOTO_BENCH_INBOX=1 runs the inbox benchmarks (seeding takes minutes the first time)")
	}
	want := 100_000
	if s := os.Getenv("PILOTO_BENCH_INBOX_CONVERSATIONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		want = n
	}
	ctx := context.Background()
	var dbURL string
	switch d {
	case store.SQLite:
		path := os.Getenv("PILOTO_BENCH_INBOX_SQLITE")
		if path == "" {
			path = filepath.Join(os.TempDir(), "piloto-bench-inbox.db")
		}
		dbURL = "sqlite:" + path
	case store.Postgres:
		server := storetest.PostgresServerURL(b)
		admin, err := pgx.Connect(ctx, server)
		if err != nil {
			b.Fatal(err)
		}
		var exists bool
		if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'piloto_bench_inbox')`).Scan(&exists); err != nil {
			b.Fatal(err)
		}
		if !exists {
			if _, err := admin.Exec(ctx, `CREATE DATABASE piloto_bench_inbox`); err != nil {
				b.Fatal(err)
			}
		}
		admin.Close(ctx)
		u, err := url.Parse(server)
		if err != nil {
			b.Fatal(err)
		}
		u.Path = "/piloto_bench_inbox"
		dbURL = u.String()
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	have := 0
	if orgID, err = db.SeedOrganization(ctx, benchOrg, "seed@"+seed.Slug(benchOrg)+".example"); err != nil {
		b.Fatal(err)
	}
	if orgID != "" {
		if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations WHERE organization_id = $1`, orgID).Scan(&have); err != nil {
			b.Fatal(err)
		}
	}
	if have < want {
		start := time.Now()
		r, err := seed.Run(ctx, db, seed.Options{Org: benchOrg, Conversations: want - have, Days: 90, Rand: 42})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: seeded %d conversations, %d messages in %s", d, r.Conversations, r.Messages, time.Since(start).Round(time.Second))
		orgID = r.OrganizationID
		// Fresh statistics for the planners (both databases have ANALYZE).
		if _, err := db.Writer().ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	err = db.Reader().QueryRowContext(ctx, `
		SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'owner'`, orgID).Scan(&ownerID)
	if err != nil {
		b.Fatal("owner:", err)
	}
	return db, orgID, ownerID
}

// benchQueries runs each filter's first page b.N times per database and
// reports p50 and p99.
func benchQueries(b *testing.B, filters []namedFilter) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db, orgID, ownerID := benchDB(b, d)
			svc := &inbox.Service{Store: db, Clock: piloto.SystemClock{}}
			ctx := context.Background()
			for _, q := range filters {
				b.Run(q.name, func(b *testing.B) {
					times := make([]time.Duration, 0, b.N)
					rows := 0
					b.ResetTimer()
					for range b.N {
						start := time.Now()
						list, _, err := svc.List(ctx, orgID, ownerID, q.f)
						if err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(start))
						rows = len(list)
					}
					b.StopTimer()
					slices.Sort(times)
					ms := func(p float64) float64 {
						return float64(times[min(len(times)-1, int(p*float64(len(times))))].Microseconds()) / 1000
					}
					b.ReportMetric(ms(0.50), "p50_ms")
					b.ReportMetric(ms(0.99), "p99_ms")
					b.ReportMetric(float64(rows), "rows")
				})
			}
		})
	}
}

type namedFilter = struct {
	name string
	f    inbox.Filter
}

// BenchmarkInboxList: the first page of view=all, view=waiting and
// view=mine (the owner's).
func BenchmarkInboxList(b *testing.B) {
	benchQueries(b, []namedFilter{
		{"all", inbox.Filter{View: inbox.ViewAll}},
		{"waiting", inbox.Filter{View: inbox.ViewWaiting}},
		{"mine", inbox.Filter{View: inbox.ViewMine}},
		{"closed", inbox.Filter{View: inbox.ViewClosed}},
	})
}

// BenchmarkInboxSearch: the first page of q=<a name> and q=<a word in
// messages>, among conversations not closed and among closed ones.
func BenchmarkInboxSearch(b *testing.B) {
	benchQueries(b, []namedFilter{
		{"name", inbox.Filter{Query: "Conceição"}},
		{"word", inbox.Filter{Query: "bateria"}},
		{"name_closed", inbox.Filter{Query: "Conceição", View: inbox.ViewClosed}},
		{"word_closed", inbox.Filter{Query: "bateria", View: inbox.ViewClosed}},
		{"rare_word", inbox.Filter{Query: "fibrocimento", View: inbox.ViewClosed}},
	})
}
