// Package ratelimit counts requests in fixed one-minute windows kept in the
// database, so every instance sees the same counts.
package ratelimit

import (
	"context"
	"time"

	"github.com/pilotodevendas/piloto"
)

// Store keeps the counters.
type Store interface {
	// HitRateLimit adds one hit to key's window starting at windowStart and
	// returns the window's hits, this one included.
	HitRateLimit(ctx context.Context, key string, windowStart time.Time) (int, error)
}

// Window is the length of a counting window.
const Window = time.Minute

// Limiter allows a number of hits per key per Window. It is safe for
// concurrent use.
type Limiter struct {
	store Store
	clock piloto.Clock
}

// New returns a Limiter.
func New(store Store, clock piloto.Clock) *Limiter { return &Limiter{store: store, clock: clock} }

// Allow counts a hit on key and returns nil while the window's hits are at
// most limit, or an ERATELIMIT error whose RetryAfter is the rest of the
// window. Hits over the limit are counted too.
func (l *Limiter) Allow(ctx context.Context, key string, limit int) error {
	now := l.clock.Now()
	start := now.Truncate(Window)
	n, err := l.store.HitRateLimit(ctx, key, start)
	if err != nil {
		return err
	}
	if n > limit {
		return &piloto.Error{
			Code:       piloto.ERATELIMIT,
			Message:    "Muitas tentativas seguidas. Aguarde um pouco e tente de novo.",
			RetryAfter: start.Add(Window).Sub(now),
		}
	}
	return nil
}
