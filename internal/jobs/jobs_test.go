package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/jobs"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// blockArgs is a test job that, on its first attempt, marks a file and then
// blocks until its process dies; later attempts finish at once.
type blockArgs struct {
	MarkPath string `json:"mark_path"`
}

func (blockArgs) Kind() string { return "test_block" }

type blockWorker struct {
	river.WorkerDefaults[blockArgs]
}

func (blockWorker) Work(ctx context.Context, job *river.Job[blockArgs]) error {
	if job.Attempt == 1 {
		if err := os.WriteFile(job.Args.MarkPath, []byte("started"), 0o600); err != nil {
			return err
		}
		select {} // until SIGKILL
	}
	return nil
}

// countArgs records each run of itself in test_runs.
type countArgs struct {
	N int `json:"n"`
}

func (countArgs) Kind() string { return "test_count" }

type countWorker struct {
	river.WorkerDefaults[countArgs]
	db       *store.DB
	instance string
}

func (w *countWorker) Work(ctx context.Context, job *river.Job[countArgs]) error {
	_, err := w.db.Writer().ExecContext(ctx, `INSERT INTO test_runs (job_id, instance) VALUES ($1, $2)`, job.ID, w.instance)
	return err
}

func testConfig() jobs.Config {
	cfg := jobs.DefaultConfig()
	cfg.PollInterval = 20 * time.Millisecond
	cfg.JobTimeout = 500 * time.Millisecond
	cfg.RescueAfter = time.Second
	cfg.CleanupEvery = 0
	cfg.Logger = quiet
	return cfg
}

func mustClient(t *testing.T, db *store.DB, workers *river.Workers, cfg jobs.Config) *jobs.Client {
	t.Helper()
	c, err := jobs.New(db, workers, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Stop(ctx)
	})
	return c
}

func waitState(t *testing.T, c *jobs.Client, id int64, want rivertype.JobState, within time.Duration) *rivertype.JobRow {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		job, err := c.River().JobGet(context.Background(), id)
		if err == nil && job.State == want {
			return job
		}
		if time.Now().After(deadline) {
			state := rivertype.JobState("?")
			if job != nil {
				state = job.State
			}
			t.Fatalf("job %d is %s after %s, want %s (err %v)", id, state, within, want, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestMain doubles as the worker process that the kill test starts and
// kills: with PILOTO_JOBS_HELPER_URL set, it works jobs on that database
// until killed.
func TestMain(m *testing.M) {
	if url := os.Getenv("PILOTO_JOBS_HELPER_URL"); url != "" {
		runHelperWorker(url)
		return
	}
	os.Exit(m.Run())
}

func runHelperWorker(url string) {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, blockWorker{})
	cfg := testConfig()
	cfg.JobTimeout = time.Hour // the job blocks until the process dies
	cfg.RescueAfter = 2 * time.Hour
	c, err := jobs.New(db, workers, nil, cfg)
	if err == nil {
		err = c.Start(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	select {}
}

// A worker process killed with SIGKILL in the middle of a job: the job is
// rescued and completed by another process.
func TestKilledWorkersJobIsRescued(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			url := storetest.MustURL(t, d)
			db := mustOpen(t, url)
			workers := river.NewWorkers()
			river.AddWorker(workers, blockWorker{})
			cfg := testConfig()
			cfg.Work = false
			inserter, err := jobs.New(db, workers, nil, cfg)
			if err != nil {
				t.Fatal(err)
			}
			mark := filepath.Join(t.TempDir(), "mark")
			id, err := inserter.Insert(context.Background(), blockArgs{MarkPath: mark}, nil)
			if err != nil {
				t.Fatal(err)
			}

			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "PILOTO_JOBS_HELPER_URL="+url)
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				if _, err := os.Stat(mark); err == nil {
					break
				}
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatal("the worker process never started the job")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			if job := waitState(t, inserter, id, rivertype.JobStateRunning, time.Second); job.Attempt != 1 {
				t.Fatalf("attempt = %d before the rescue", job.Attempt)
			}

			// A fresh process takes over: it must wait out the dead leader,
			// rescue the job and run it again.
			mustClient(t, db, workers, testConfig())
			job := waitState(t, inserter, id, rivertype.JobStateCompleted, 60*time.Second)
			if job.Attempt != 2 {
				t.Fatalf("completed on attempt %d, want 2", job.Attempt)
			}
		})
	}
}

func mustOpen(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Two instances on one PostgreSQL database share the work: every job runs
// exactly once.
func TestTwoInstancesRunEachJobOnce(t *testing.T) {
	t.Parallel()
	url := storetest.MustURL(t, store.Postgres)
	ctx := context.Background()
	dbs := []*store.DB{mustOpen(t, url), mustOpen(t, url)}
	storetest.Exec(t, dbs[0].Writer(), `CREATE TABLE test_runs (job_id BIGINT NOT NULL, instance TEXT NOT NULL)`)

	var clients []*jobs.Client
	for i, db := range dbs {
		workers := river.NewWorkers()
		river.AddWorker(workers, &countWorker{db: db, instance: fmt.Sprint("i", i)})
		clients = append(clients, mustClient(t, db, workers, testConfig()))
	}
	const n = 200
	ids := map[int64]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := clients[i%2].Insert(ctx, countArgs{N: i}, nil)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			ids[id] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	for id := range ids {
		waitState(t, clients[0], id, rivertype.JobStateCompleted, 30*time.Second)
	}
	rows, err := dbs[0].Reader().QueryContext(ctx, `SELECT job_id, COUNT(*), MIN(instance) FROM test_runs GROUP BY job_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	per := map[string]int{}
	seen := 0
	for rows.Next() {
		var id int64
		var count int
		var inst string
		if err := rows.Scan(&id, &count, &inst); err != nil {
			t.Fatal(err)
		}
		if count != 1 || !ids[id] {
			t.Errorf("job %d ran %d times", id, count)
		}
		per[inst]++
		seen++
	}
	if seen != n {
		t.Fatalf("%d jobs ran, want %d", seen, n)
	}
	t.Logf("work split between instances: %v", per)
}

// A job enqueued in a transaction that rolls back never exists; one that
// commits does.
func TestInsertTxFollowsTheTransaction(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		workers := river.NewWorkers()
		river.AddWorker(workers, blockWorker{})
		cfg := testConfig()
		cfg.Work = false
		c, err := jobs.New(db, workers, nil, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var rolledBack, committed int64
		_ = db.InTx(ctx, func(tx *sql.Tx) error {
			rolledBack, err = c.InsertTx(ctx, tx, blockArgs{MarkPath: "x"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Errorf("abort")
		})
		if err := db.InTx(ctx, func(tx *sql.Tx) error {
			committed, err = c.InsertTx(ctx, tx, blockArgs{MarkPath: "y"}, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var count int
		if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&count); err != nil || count != 1 {
			t.Fatalf("%d jobs stored (%v), want only the committed one", count, err)
		}
		_ = rolledBack
		if job, err := c.River().JobGet(ctx, committed); err != nil || job.State != rivertype.JobStateAvailable {
			t.Fatalf("committed job: %v %v", job, err)
		}
	})
}

// The periodic cleanup job runs at start-up and forgets quiet instances.
func TestCleanupJob(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
		now := clock.Now()
		stale := store.Instance{ID: piloto.NewID(), Role: "all", Version: "v", Hostname: "old", StartedAt: now.Add(-3 * time.Hour)}
		fresh := store.Instance{ID: piloto.NewID(), Role: "all", Version: "v", Hostname: "new", StartedAt: now.Add(-3 * time.Hour)}
		if err := db.ReportInstance(ctx, stale, now.Add(-jobs.InstanceTTL-time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := db.ReportInstance(ctx, fresh, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &jobs.CleanupWorker{Store: db, Clock: clock, Logger: quiet})
		cfg := testConfig()
		c, err := jobs.New(db, workers, []*river.PeriodicJob{jobs.CleanupPeriodic(time.Hour)}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer c.Stop(ctx)
		deadline := time.Now().Add(30 * time.Second)
		for {
			left, err := db.Instances(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if len(left) == 1 && left[0].ID == fresh.ID {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("instances after cleanup: %+v", left)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

func TestConfigValidate(t *testing.T) {
	if err := jobs.DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := jobs.DefaultConfig()
	bad.RescueAfter = bad.JobTimeout
	if err := bad.Validate(); err == nil {
		t.Fatal("RescueAfter <= JobTimeout must fail")
	}
	// Production rescue must happen within about two minutes.
	d := jobs.DefaultConfig()
	if d.RescueAfter+30*time.Second > 2*time.Minute {
		t.Fatalf("rescue after %s + 30 s rescuer period exceeds two minutes", d.RescueAfter)
	}
}

// The cleanup job deletes ended rate-limit windows, stale failed logins and
// long-ended sessions, and keeps the rest.
func TestCleanupDeletesExpiredAuthRows(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := piloto.NewFakeClock(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
		now := clock.Now()
		for _, start := range []time.Time{now.Add(-2 * time.Hour), now.Truncate(time.Minute)} {
			if _, err := db.HitRateLimit(ctx, "k", start); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.RecordLoginFailure(ctx, "old@example.com", now.Add(-25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordLoginFailure(ctx, "new@example.com", now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		u := &auth.User{ID: piloto.NewID(), Email: "a@example.com", Name: "A", CreatedAt: now.Add(-10 * 24 * time.Hour)}
		o := &org.Organization{ID: piloto.NewID(), Name: "O", TimeZone: org.DefaultTimeZone, CreatedAt: u.CreatedAt}
		expired := &auth.Session{ID: piloto.NewID(), UserID: u.ID, OrganizationID: o.ID, CreatedAt: u.CreatedAt, LastUsedAt: u.CreatedAt, ExpiresAt: now.Add(-2 * 24 * time.Hour)}
		if err := db.CreateAccount(ctx, u, o, expired, "h1"); err != nil {
			t.Fatal(err)
		}
		live := &auth.Session{ID: piloto.NewID(), UserID: u.ID, OrganizationID: o.ID, CreatedAt: now, LastUsedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.CreateSession(ctx, live, "h2"); err != nil {
			t.Fatal(err)
		}

		w := &jobs.CleanupWorker{Store: db, Clock: clock, Logger: quiet}
		if err := w.Work(ctx, &river.Job[jobs.CleanupArgs]{}); err != nil {
			t.Fatal(err)
		}
		var windows, failures, sessions, tokens int
		for q, dst := range map[string]*int{
			"SELECT COUNT(*) FROM rate_limits":    &windows,
			"SELECT COUNT(*) FROM login_failures": &failures,
			"SELECT COUNT(*) FROM sessions":       &sessions,
			"SELECT COUNT(*) FROM refresh_tokens": &tokens,
		} {
			if err := db.Reader().QueryRowContext(ctx, q).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		if windows != 1 || failures != 1 || sessions != 1 || tokens != 1 {
			t.Fatalf("after cleanup: %d windows, %d failures, %d sessions, %d tokens; want 1 of each", windows, failures, sessions, tokens)
		}
		if n, _, _ := db.LoginFailures(ctx, "new@example.com"); n != 1 {
			t.Fatal("the recent failed login was deleted")
		}
	})
}
