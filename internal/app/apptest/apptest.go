// Package apptest runs a whole piloto server in-process for end-to-end
// tests: the real Main.Run on a fresh database, listening on a free loopback
// port.
package apptest

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/app"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/jobs"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// Server is a running piloto.
type Server struct {
	URL  string
	Main *app.Main
	// Stop ends Run and returns its error; it is also called when the test
	// ends.
	Stop func() error
}

// MustRun starts piloto on a fresh database of the dialect. mutate, when not
// nil, adjusts the configuration first (the database URL and address are set
// already).
func MustRun(tb testing.TB, d store.Dialect, mutate func(*config.Config)) *Server {
	tb.Helper()
	return MustRunWithClock(tb, d, nil, mutate)
}

// MustRunWithClock is MustRun with the server's clock (nil: the system's).
func MustRunWithClock(tb testing.TB, d store.Dialect, clock piloto.Clock, mutate func(*config.Config)) *Server {
	tb.Helper()
	return MustRunWith(tb, d, Options{Clock: clock, Config: mutate})
}

// Options are the less common settings of a test server.
type Options struct {
	// Clock is the server's clock; nil is the system's.
	Clock piloto.Clock
	// Config, when not nil, adjusts the configuration (the database URL and
	// address are set already).
	Config func(*config.Config)
	// AllowHosts are host:port pairs (local test servers, e.g. an httptest
	// server's Listener.Addr) the outbound guard lets the server reach.
	AllowHosts []string
	// CrawlDelay is the pause between two requests of a site sync; zero
	// means 1 ms.
	CrawlDelay time.Duration
	// Logs, when not nil, receives the server's logs (text, debug level and
	// up); otherwise they are discarded.
	Logs io.Writer
}

// MustRunWith is MustRun with Options.
func MustRunWith(tb testing.TB, d store.Dialect, o Options) *Server {
	tb.Helper()
	clock, mutate := o.Clock, o.Config
	dataDir := tb.TempDir()
	cfg, _, err := config.Load(func(k string) string {
		switch k {
		case "PILOTO_ADDR":
			return "127.0.0.1:0"
		case "PILOTO_DATA_DIR":
			return dataDir
		case "PILOTO_DATABASE_URL":
			return storetest.MustURL(tb, d)
		case "PILOTO_BLOB_URL":
			return "mem://"
		case "PILOTO_SECRET_KEY":
			return strings.Repeat("test-secret-", 4)
		case "PILOTO_PASSWORD_HASH_MEMORY_KIB":
			return "64" // fast hashing; production's cost is pinned by a test of its own
		case "PILOTO_PASSWORD_HASH_ITERATIONS":
			return "1"
		case "PILOTO_RATE_LIMIT_LOGIN":
			return "1000" // tests of the limit set their own
		}
		return ""
	}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if mutate != nil {
		mutate(cfg)
	}
	jc := jobs.DefaultConfig()
	jc.PollInterval = 20 * time.Millisecond
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.Logs != nil {
		logger = slog.New(slog.NewTextHandler(o.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	m := &app.Main{Config: cfg, Logger: logger, Jobs: &jc, Clock: clock,
		OutboundAllowHosts: o.AllowHosts, CrawlDelay: cmp.Or(o.CrawlDelay, time.Millisecond)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	select {
	case <-m.Ready():
	case err := <-done:
		cancel()
		tb.Fatalf("apptest: piloto did not start: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		tb.Fatal("apptest: piloto did not start within 30 s")
	}
	var stopped bool
	var runErr error
	stop := func() error {
		if !stopped {
			stopped = true
			cancel()
			runErr = <-done
		}
		return runErr
	}
	tb.Cleanup(func() { _ = stop() })
	return &Server{URL: "http://" + m.Addr().String(), Main: m, Stop: stop}
}
