package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/riverqueue/river"
)

// InstanceTTL is how long an instance may go without reporting in before the
// cleanup job forgets it.
const InstanceTTL = time.Hour

// CleanupArgs is the periodic cleanup job: it deletes rows whose time is
// over. Later tables with expiring rows (sessions, tokens, rate-limit
// counters, events) add their deletions to CleanupWorker.
type CleanupArgs struct{}

// Kind identifies the job.
func (CleanupArgs) Kind() string { return "cleanup" }

// Cleaner is the store the cleanup job needs.
type Cleaner interface {
	DeleteInstancesSeenBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// CleanupWorker works CleanupArgs. Deleting what has expired is idempotent,
// so a repeated run does no harm.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	Store  Cleaner
	Clock  piloto.Clock
	Logger *slog.Logger
}

// Work deletes instances that stopped reporting more than InstanceTTL ago.
func (w *CleanupWorker) Work(ctx context.Context, job *river.Job[CleanupArgs]) error {
	now := w.Clock.Now()
	n, err := w.Store.DeleteInstancesSeenBefore(ctx, now.Add(-InstanceTTL))
	if err != nil {
		return err
	}
	if n > 0 && w.Logger != nil {
		w.Logger.InfoContext(ctx, "cleanup: forgot quiet instances", "count", n)
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
