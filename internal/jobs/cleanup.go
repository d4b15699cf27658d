package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/riverqueue/river"
)

// How long the cleanup job keeps rows after their time is over.
const (
	InstanceTTL     = time.Hour      // an instance that stopped reporting
	RateLimitTTL    = time.Hour      // a rate-limit window that ended
	LoginFailureTTL = 24 * time.Hour // failed logins with no new failure
	EndedSessionTTL = 24 * time.Hour // a session expired or revoked
	EventTTL        = 24 * time.Hour // a live-update event (a tab away longer reloads)
)

// CleanupArgs is the periodic cleanup job: it deletes rows whose time is
// over. Later tables with expiring rows (sessions, tokens, rate-limit
// counters, events) add their deletions to CleanupWorker.
type CleanupArgs struct{}

// Kind identifies the job.
func (CleanupArgs) Kind() string { return "cleanup" }

// Cleaner is the store the cleanup job needs.
type Cleaner interface {
	DeleteInstancesSeenBefore(ctx context.Context, cutoff time.Time) (int64, error)
	DeleteRateLimitsBefore(ctx context.Context, cutoff time.Time) (int64, error)
	DeleteLoginFailuresBefore(ctx context.Context, cutoff time.Time) (int64, error)
	DeleteSessionsEndedBefore(ctx context.Context, cutoff time.Time) (int64, error)
	DeleteOAuthStatesBefore(ctx context.Context, cutoff time.Time) (int64, error)
	DeleteEventsBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// CleanupWorker works CleanupArgs. Deleting what has expired is idempotent,
// so a repeated run does no harm.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	Store  Cleaner
	Clock  piloto.Clock
	Logger *slog.Logger
}

// Work deletes quiet instances, ended rate-limit windows, old failed logins
// and ended sessions, each some time after its end.
func (w *CleanupWorker) Work(ctx context.Context, job *river.Job[CleanupArgs]) error {
	now := w.Clock.Now()
	steps := []struct {
		what   string
		delete func(context.Context, time.Time) (int64, error)
		ttl    time.Duration
	}{
		{"quiet instances", w.Store.DeleteInstancesSeenBefore, InstanceTTL},
		{"rate-limit windows", w.Store.DeleteRateLimitsBefore, RateLimitTTL},
		{"failed logins", w.Store.DeleteLoginFailuresBefore, LoginFailureTTL},
		{"ended sessions", w.Store.DeleteSessionsEndedBefore, EndedSessionTTL},
		{"expired sign-in states", w.Store.DeleteOAuthStatesBefore, 0},
		{"old live-update events", w.Store.DeleteEventsBefore, EventTTL},
	}
	for _, s := range steps {
		n, err := s.delete(ctx, now.Add(-s.ttl))
		if err != nil {
			return fmt.Errorf("cleanup of %s: %w", s.what, err)
		}
		if n > 0 && w.Logger != nil {
			w.Logger.InfoContext(ctx, "cleanup: deleted "+s.what, "count", n)
		}
	}
	return nil
}

// CleanupPeriodic schedules the cleanup job every d, and once at start-up.
func CleanupPeriodic(d time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(
		river.PeriodicInterval(d),
		func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true, ID: "cleanup"},
	)
}
