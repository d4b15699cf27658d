// Package jobs runs durable background work on River, on either database.
//
// Jobs live in the application database, so domain code enqueues a job in
// the same transaction as the rows that cause it (Client.InsertTx): both
// commit or neither does. Every job must be idempotent: River runs a job at
// least once, and again when the process that held it died (it is rescued
// after Config.RescueAfter).
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/riverqueue/river"
)

// Queues.
const (
	QueueDefault = river.QueueDefault
)

// Config tunes the job client.
type Config struct {
	// Work says whether this process works jobs. A web-only process still
	// enqueues them.
	Work bool
	// MaxWorkers is how many jobs of the default queue run at once.
	MaxWorkers int
	// PollInterval is how often an idle worker asks the database for new
	// jobs: the pick-up latency of a new job. River's LISTEN/NOTIFY is not
	// available over database/sql, so polling is all there is.
	PollInterval time.Duration
	// JobTimeout cancels a job's context after this long.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before it is taken as
	// orphaned (its process was killed) and scheduled again. It must exceed
	// JobTimeout. The rescuer looks every 30 s, so an orphaned job runs again
	// within RescueAfter + 30 s + its retry backoff.
	RescueAfter time.Duration
	// CleanupEvery is the period of the cleanup job; 0 disables it.
	CleanupEvery time.Duration
	Logger       *slog.Logger
}

// DefaultConfig is the production configuration: a new job is picked up
// within 100 ms and an orphaned one runs again within about two minutes.
func DefaultConfig() Config {
	return Config{
		Work:         true,
		MaxWorkers:   20,
		PollInterval: 100 * time.Millisecond,
		JobTimeout:   time.Minute,
		RescueAfter:  90 * time.Second,
		CleanupEvery: time.Hour,
	}
}

// Validate reports a configuration River would refuse or that cannot work.
func (c Config) Validate() error {
	var errs []error
	if c.Work && c.MaxWorkers < 1 {
		errs = append(errs, errors.New("jobs: MaxWorkers must be at least 1"))
	}
	if c.PollInterval < time.Millisecond {
		errs = append(errs, errors.New("jobs: PollInterval must be at least 1ms"))
	}
	if c.JobTimeout <= 0 {
		errs = append(errs, errors.New("jobs: JobTimeout must be positive"))
	}
	if c.RescueAfter <= c.JobTimeout {
		errs = append(errs, errors.New("jobs: RescueAfter must exceed JobTimeout, or running jobs would be rescued"))
	}
	if c.CleanupEvery < 0 {
		errs = append(errs, errors.New("jobs: CleanupEvery must not be negative"))
	}
	return errors.Join(errs...)
}

// Client enqueues jobs and, when configured to work, runs them.
type Client struct {
	river *river.Client[*sql.Tx]
	work  bool
}

// New returns a client over db. workers holds every job kind this binary
// knows (even a web-only process needs them to check what it enqueues);
// periodic lists the jobs River enqueues on a schedule (on one instance, the
// leader).
func New(db *store.DB, workers *river.Workers, periodic []*river.PeriodicJob, cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rc := &river.Config{
		Workers:              workers,
		PollOnly:             true,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(cfg.PollInterval, 20*time.Millisecond),
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		Logger:               cfg.Logger,
	}
	if cfg.Work {
		rc.Queues = map[string]river.QueueConfig{QueueDefault: {MaxWorkers: cfg.MaxWorkers}}
		rc.PeriodicJobs = periodic
	}
	rc2, err := river.NewClient(db.RiverDriver(), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Client{river: rc2, work: cfg.Work}, nil
}

// Start begins working jobs; it returns at once. It does nothing for a client
// that does not work jobs.
func (c *Client) Start(ctx context.Context) error {
	if !c.work {
		return nil
	}
	return c.river.Start(ctx)
}

// Stop lets running jobs finish until ctx is done, then cancels them and
// waits for them to return. Cancelled jobs are retried later (they are
// idempotent).
func (c *Client) Stop(ctx context.Context) error {
	if !c.work {
		return nil
	}
	err := c.river.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		return c.river.StopAndCancel(hard)
	}
	return err
}

// InsertTx enqueues a job in tx: it exists only if tx commits.
func (c *Client) InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	res, err := c.river.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// Insert enqueues a job on its own.
func (c *Client) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	res, err := c.river.Insert(ctx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// River exposes the underlying client for tests and the operator UI.
func (c *Client) River() *river.Client[*sql.Tx] { return c.river }

// Enqueue enqueues a job on its own with the job's own options.
func (c *Client) Enqueue(ctx context.Context, args river.JobArgs) error {
	_, err := c.Insert(ctx, args, nil)
	return err
}
