// Package server is the HTTP edge: the http.Server, the middleware every
// request passes, health checks, the embedded web app and graceful shutdown.
package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/pilotodevendas/piloto/internal/api"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// Options configure a Server.
type Options struct {
	Logger     *slog.Logger
	Production bool
	DB         SchemaChecker
	API        *api.API // nil on a worker-only instance: health checks only
	// Webhooks registers the providers' webhook routes (/webhooks/…), beside
	// the API; nil for none.
	Webhooks interface{ Register(*http.ServeMux) }
	WebApp   fs.FS // nil when the binary carries no web app
	// AppOrigins may call the API from a browser on another origin (CORS,
	// and trusted by the cross-origin check): the web app's origins.
	AppOrigins []string
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
}

// Server serves HTTP until its context ends.
type Server struct {
	handler  http.Handler
	logger   *slog.Logger
	draining atomic.Bool
}

// New builds the server's handler. The route table, from top to bottom:
// health checks, the API (with its own table), and the web app for the rest.
func New(o Options) (*Server, error) {
	s := &Server{logger: o.Logger}
	h := &health{db: o.DB, draining: &s.draining}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", h.healthz)
	mux.HandleFunc("GET /readyz", h.readyz)
	if o.API != nil {
		o.API.Register(mux)
		if o.Webhooks != nil {
			o.Webhooks.Register(mux)
		}
		if o.WebApp != nil {
			app, err := newSPA(o.WebApp)
			if err != nil {
				return nil, err
			}
			mux.Handle("/", app)
		} else {
			mux.HandleFunc("/", notBuiltHandler)
		}
	}
	cop, err := crossOriginProtection(o.AppOrigins)
	if err != nil {
		return nil, err
	}
	// Outermost first: request id, client address, log and recover,
	// security headers, CORS, the cross-origin check, the routes.
	s.handler = withRequestID(withClientIP(o.TrustedProxies, withLogAndRecover(o.Logger,
		withSecurityHeaders(o.Production, withCORS(o.AppOrigins, cop.Handler(mux))))))
	return s, nil
}

// Handler returns the server's root handler (tests and benchmarks serve it
// directly).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve accepts connections on ln until ctx ends, then stops within
// shutdownTimeout: /readyz turns 503 at once, new connections are refused,
// in-flight requests get until the deadline to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener, shutdownTimeout time.Duration) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
