// Command webhookload posts signed WhatsApp webhooks to a Piloto server at a
// fixed rate and reports how it answered:
//
//	webhookload --url http://127.0.0.1:8080/webhooks/whatsapp --secret S \
//	    --numbers 1234,5678 --rate 200 --duration 60s --contacts 500 --run-id X [--json] \
//	    [--database-url postgres://…|sqlite:PATH|PATH]
//
// Each webhook is Meta's envelope of one text message, with a unique wamid
// "wamid.load-<run-id>-<n>", from one of --contacts senders (Brazilian mobile
// numbers, 55 62 9XXXX-XXXX), each sender always writing to the same one of
// --numbers (phone_number_ids of proven channels), signed with --secret as
// X-Hub-Signature-256.
//
// The load is open-loop: send n starts at n/rate seconds, whether or not the
// earlier ones were answered, on one of --workers goroutines; a send that
// finds every worker busy waits for one and counts as late (the server is
// slower than the rate needs). Latency is from the start of a POST to its
// response.
//
// It prints sent, ok (200), non-200 by status, client errors, late sends,
// p50/p90/p99/max latency in ms and the achieved rate; --json prints the
// same as one JSON object. With --database-url it then waits (up to --wait)
// until the run's messages are stored and counts the rows whose
// provider_message_id is one of the run's: lost = ok − distinct, duplicated
// = total − distinct.
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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhookload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("webhookload", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:8080/webhooks/whatsapp", "the webhook endpoint")
	secret := fs.String("secret", "", "the Meta app secret the server checks signatures with")
	numbers := fs.String("numbers", "", "comma-separated phone_number_ids of proven channels")
	rate := fs.Float64("rate", 200, "webhooks per second")
	duration := fs.Duration("duration", 60*time.Second, "how long to send")
	contacts := fs.Int("contacts", 500, "distinct senders")
	runID := fs.String("run-id", "", "tags this run's wamids (default: the start time)")
	workers := fs.Int("workers", 512, "most POSTs in flight at once")
	timeout := fs.Duration("timeout", 30*time.Second, "longest a POST may take")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	dbURL := fs.String("database-url", "", "count the stored messages afterwards: postgres://…, sqlite:PATH or a SQLite file path")
	wait := fs.Duration("wait", 10*time.Second, "with --database-url, longest wait for the messages to be stored")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var nums []string
	for n := range strings.SplitSeq(*numbers, ",") {
		if n = strings.TrimSpace(n); n != "" {
			nums = append(nums, n)
		}
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	case *secret == "":
		return errors.New("--secret is required")
	case len(nums) == 0:
		return errors.New("--numbers is required")
	case *rate <= 0 || *duration <= 0 || *contacts <= 0 || *workers <= 0:
		return errors.New("--rate, --duration, --contacts and --workers must be positive")
	}
	if *runID == "" {
		*runID = time.Now().UTC().Format("20060102T150405")
	}

	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = *workers
	transport.MaxIdleConnsPerHost = *workers
	l := &Load{
		URL: *url, Secret: *secret, Numbers: nums, Rate: *rate, Duration: *duration, Contacts: *contacts,
		RunID: *runID, Workers: *workers,
		Client: &http.Client{Transport: transport, Timeout: *timeout},
	}
	res := l.Run(ctx)
	transport.CloseIdleConnections()
	if *dbURL != "" && ctx.Err() == nil {
		c, err := countMessages(ctx, *dbURL, *runID, res.OK, *wait)
		if err != nil {
			return err
		}
		res.DB = c
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	report(out, res)
	return nil
}

// report prints a result for people.
func report(out io.Writer, r *Result) {
	fmt.Fprintf(out, "run %s: %d sent in %.1f s (target %g/s, achieved %.1f/s), %d late, max lag %.1f ms\n",
		r.RunID, r.Sent, r.SendSeconds, r.TargetRate, r.AchievedRate, r.Late, r.MaxLagMS)
	fmt.Fprintf(out, "answers: %d ok (200)", r.OK)
	codes := make([]string, 0, len(r.NonOK))
	for c := range r.NonOK {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int {
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return x - y
	})
	for _, c := range codes {
		fmt.Fprintf(out, ", %d × %s", r.NonOK[c], c)
	}
	fmt.Fprintf(out, ", %d errors", r.Errors)
	if len(r.ErrorSamples) > 0 {
		fmt.Fprintf(out, " (%s)", strings.Join(r.ErrorSamples, "; "))
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f; last answer %.2f s after the last send\n",
		r.P50MS, r.P90MS, r.P99MS, r.MaxMS, r.DrainSeconds)
	if c := r.DB; c != nil {
		fmt.Fprintf(out, "database: %d rows, %d distinct wamids (after %.1f s): lost %d, duplicated %d\n",
			c.Total, c.Distinct, c.WaitedS, c.Lost, c.Duplicated)
	}
}
