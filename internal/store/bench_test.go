package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// BenchmarkRoundTrip measures one write and one read through the store on
// each database: an upsert of an instance row followed by a query for it.
func BenchmarkRoundTrip(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.MustOpen(b, d)
			ctx := context.Background()
			now := time.Now().UTC()
			in := store.Instance{ID: piloto.NewID(), Role: "all", Version: "bench", Hostname: "bench", StartedAt: now}
			b.ReportAllocs()
			for b.Loop() {
				if err := db.ReportInstance(ctx, in, now); err != nil {
					b.Fatal(err)
				}
				got, err := db.Instances(ctx, now)
				if err != nil || len(got) != 1 {
					b.Fatalf("instances: %v, %d rows", err, len(got))
				}
			}
		})
	}
}
