// Command replyload reports how the agent answered a webhookload run, from
// the database (and the fake Graph API's counts), for the reply benchmark
// (scripts/bench-replies.sh):
//
//	replyload --database-url postgres://…|sqlite:PATH|PATH --run-id X \
//	    [--graph-stats http://127.0.0.1:9997/stats] [--debounce 500ms] [--wait 60s] [--json]
//
// The run's inbound messages are those whose provider_message_id is
// "wamid.load-<run-id>-<n>" (cmd/webhookload). It first waits (up to
// --wait) until each of them is in a conversation with an AI message the
// Graph API accepted (one with a provider_message_id), then measures, per
// conversation of the run:
//
//   - end-to-end: the first accepted AI message's sending_at (its call to
//     the Graph API) − the lead message's created_at (stored by the webhook);
//   - model: the sum of the conversation's traces' detail.model_ms;
//   - overhead: end-to-end − model − --debounce (the wait for the lead to be
//     quiet, which the server adds on purpose): queueing in the job workers,
//     pick-up latency, database work and the send;
//
// with p50/p99/max of each, and replies/s: accepted replies whose call
// started within the load window (the first to the last inbound message's
// created_at) over that window, and all of them over the time until the last
// one. Lost is inbound messages without an accepted reply; duplicated
// inbound is rows − distinct wamids; duplicated sends is the fake Graph
// API's accepted sends of an already seen callback tag (GET /stats of
// fakegraph), and extra replies the AI messages beyond one per conversation.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "replyload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("replyload", flag.ContinueOnError)
	dbURL := fs.String("database-url", "", "the server's database: postgres://…, sqlite:PATH or a SQLite file path")
	runID := fs.String("run-id", "", "the webhookload run to report on")
	graphStats := fs.String("graph-stats", "", "fakegraph's GET /stats URL, to count the sends the Graph API accepted")
	debounce := fs.Duration("debounce", 500*time.Millisecond, "the server's PILOTO_WHATSAPP_DEBOUNCE, taken off the end-to-end time")
	wait := fs.Duration("wait", 60*time.Second, "longest wait for every inbound message to have an accepted reply")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	case *dbURL == "" || *runID == "":
		return errors.New("--database-url and --run-id are required")
	case *debounce < 0 || *wait < 0:
		return errors.New("--debounce and --wait cannot be negative")
	}
	rep, err := Measure(ctx, *dbURL, *runID, *debounce, *wait)
	if err != nil {
		return err
	}
	if *graphStats != "" {
		st, err := fetchStats(ctx, *graphStats)
		if err != nil {
			return err
		}
		rep.Graph = st
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.Print(out)
	return nil
}

// GraphStats is what fakegraph's GET /stats answers.
type GraphStats struct {
	Sends               int `json:"sends"`
	DistinctCallbacks   int `json:"distinct_callbacks"`
	DuplicatedCallbacks int `json:"duplicated_callbacks"`
	Untagged            int `json:"untagged"`
	Reads               int `json:"reads"`
}

func fetchStats(ctx context.Context, url string) (*GraphStats, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("graph stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("graph stats: %s answered %d", url, resp.StatusCode)
	}
	var st GraphStats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return nil, fmt.Errorf("graph stats: %w", err)
	}
	return &st, nil
}
