package app_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// BenchmarkReadyz measures GET /readyz over loopback HTTP against a whole
// server: the request passes the middleware, pings the database and reads the
// schema version.
func BenchmarkReadyz(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			srv := apptest.MustRun(b, d, nil)
			client := &http.Client{}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := client.Get(srv.URL + "/readyz")
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
