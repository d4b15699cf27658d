package server

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/api"
	"github.com/pilotodevendas/piloto/internal/store"
)

// SchemaChecker is what readiness needs of the store.
type SchemaChecker interface {
	Ping(ctx context.Context) error
	Schema(ctx context.Context) (store.SchemaStatus, error)
}

type health struct {
	db       SchemaChecker
	draining *atomic.Bool
}

// healthz answers 200 while the process serves at all: liveness.
func (h *health) healthz(w http.ResponseWriter, r *http.Request) {
	api.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the instance should get traffic: the database
// answers, its schema is this binary's, and the process is not shutting
// down. Otherwise 503 with the reason.
func (h *health) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	fail := func(msg string) {
		api.WriteError(w, r, discard, piloto.Errorf(piloto.EUNAVAILABLE, "%s", msg))
	}
	if h.draining.Load() {
		fail("shutting down")
		return
	}
	if err := h.db.Ping(ctx); err != nil {
		fail("database unreachable")
		return
	}
	st, err := h.db.Schema(ctx)
	if err != nil {
		fail("database unreachable")
		return
	}
	if !st.UpToDate() {
		fail("database schema is behind this binary: run `piloto migrate`")
		return
	}
	api.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "schema_version": st.Current})
}
