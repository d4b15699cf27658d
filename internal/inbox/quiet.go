package inbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/riverqueue/river"
)

// CloseQuietArgs is the periodic job that closes quiet conversations.
type CloseQuietArgs struct{}

// Kind is the job's name in River.
func (CloseQuietArgs) Kind() string { return "inbox_close_quiet" }

// CloseQuietWorker closes, in every organization, the conversations nobody
// wrote in for Quiet (DefaultQuiet when not positive): closed by "quiet",
// each with its conversation.updated event. A run that fails is retried by
// River; the next run catches up in any case.
type CloseQuietWorker struct {
	river.WorkerDefaults[CloseQuietArgs]
	Service *Service
	Quiet   time.Duration
	Clock   piloto.Clock
	Logger  *slog.Logger
}

// Work closes the quiet conversations.
func (w *CloseQuietWorker) Work(ctx context.Context, _ *river.Job[CloseQuietArgs]) error {
	n, err := w.Service.CloseQuiet(ctx, w.Clock.Now(), w.Quiet)
	if n > 0 && w.Logger != nil {
		w.Logger.InfoContext(ctx, "closed quiet conversations", "count", n, "quiet", w.Quiet)
	}
	return err
}

// CloseQuietPeriodic runs the worker every d, and once at start-up.
func CloseQuietPeriodic(d time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(
		river.PeriodicInterval(d),
		func() (river.JobArgs, *river.InsertOpts) { return CloseQuietArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true, ID: "inbox_close_quiet"},
	)
}
