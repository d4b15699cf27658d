package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pilotodevendas/piloto/internal/loadtest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// DBCount is what the database holds of a run's messages.
type DBCount struct {
	Total      int     `json:"total"`    // rows with a wamid of the run
	Distinct   int     `json:"distinct"` // distinct wamids among them
	Lost       int     `json:"lost"`     // answered 200 but not stored: ok - distinct
	Duplicated int     `json:"duplicated"`
	WaitedS    float64 `json:"waited_s"` // after the run, until the count settled
}

// countMessages waits up to wait for the run's ok messages to be stored (the
// webhook may hand them to a job), then counts them.
func countMessages(ctx context.Context, rawURL, runID string, ok int, wait time.Duration) (*DBCount, error) {
	url, err := loadtest.DatabaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	start := time.Now()
	deadline := start.Add(wait)
	var c DBCount
	for {
		err := db.Reader().QueryRowContext(ctx,
			`SELECT COUNT(*), COUNT(DISTINCT provider_message_id) FROM messages WHERE provider_message_id LIKE $1 ESCAPE '\'`,
			loadtest.WamidPattern(runID)).Scan(&c.Total, &c.Distinct)
		if err != nil {
			return nil, fmt.Errorf("counting messages: %w", err)
		}
		if c.Distinct >= ok || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return nil, errors.Join(ctx.Err(), errors.New("counting messages: interrupted"))
		case <-time.After(250 * time.Millisecond):
		}
	}
	c.WaitedS = time.Since(start).Round(time.Millisecond).Seconds()
	c.Lost = ok - c.Distinct
	c.Duplicated = c.Total - c.Distinct
	return &c, nil
}
