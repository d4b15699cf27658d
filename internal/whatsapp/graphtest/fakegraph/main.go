// Command fakegraph serves a fake of Meta's Graph API (graphtest) on an
// address, for browser tests and the webhook benchmark:
//
//	go run ./internal/whatsapp/graphtest/fakegraph --addr 127.0.0.1:9997 \
//	    --number '1234:EAAG-loja:+55 62 99999-0000:Loja Solar'
//
// then start the server with PILOTO_WHATSAPP_GRAPH_URL=http://127.0.0.1:9997/v23.0.
// Each --number (repeatable) is ID:TOKEN:DISPLAY:NAME; the name may contain
// colons. GET /{version}/{ID} with "Authorization: Bearer TOKEN" answers the
// number; an unknown token answers 401 (OAuth code 190), another number's
// token 400 (code 100). With --log every request is printed as
// "METHOD PATH STATUS".
//
// With --webhook-url and --secret it reports what happens to every message
// it accepts the way Meta does (graphtest.ReportStatuses): it posts signed
// status webhooks ("sent", then "delivered", --status-delay apart, 50ms by
// default) to that URL, echoing the message's biz_opaque_callback_data.
//
// GET /stats (outside the Graph API's paths) answers what it accepted, as
// JSON: {"sends", "distinct_callbacks", "duplicated_callbacks", "untagged",
// "reads"}; a message sent twice shows as two sends of one callback tag
// (duplicated_callbacks = sends with a tag − distinct tags).
//
// The first line of output is "fakegraph: Graph API on <base URL>".
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakegraph:", err)
		os.Exit(1)
	}
}

// numbers is the repeatable --number flag.
type numbers []graphtest.Number

func (n *numbers) String() string { return fmt.Sprint(len(*n), " numbers") }

func (n *numbers) Set(v string) error {
	parts := strings.SplitN(v, ":", 4)
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" {
		return fmt.Errorf("want ID:TOKEN:DISPLAY:NAME, not %q", v)
	}
	*n = append(*n, graphtest.Number{ID: parts[0], Token: parts[1], Display: parts[2], VerifiedName: parts[3]})
	return nil
}

// run serves until ctx ends; its first line of output names the base URL.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("fakegraph", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:9997", "address to listen on")
	version := fs.String("version", graphtest.Version, "the API version in the printed base URL (any version is answered)")
	logRequests := fs.Bool("log", false, "print every request as METHOD PATH STATUS")
	var nums numbers
	fs.Var(&nums, "number", "a phone number the fake knows, as ID:TOKEN:DISPLAY:NAME (repeatable)")
	webhookURL := fs.String("webhook-url", "", "post signed status webhooks (sent, delivered) for every accepted message to this URL")
	secret := fs.String("secret", "", "with --webhook-url, the app secret that signs the status webhooks")
	statusDelay := fs.Duration("status-delay", 50*time.Millisecond, "with --webhook-url, the wait before each status webhook")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	case (*webhookURL == "") != (*secret == ""):
		return errors.New("--webhook-url and --secret go together")
	case *statusDelay < 0:
		return errors.New("--status-delay cannot be negative")
	}

	s := graphtest.NewUnstarted()
	for _, n := range nums {
		s.AddNumber(n)
	}
	if *webhookURL != "" {
		s.ReportStatuses(&graphtest.Statuses{URL: *webhookURL, Secret: *secret, Delay: *statusDelay})
	}
	mux := http.NewServeMux()
	mux.Handle("/", s.Handler())
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(statsOf(s))
	})
	var h http.Handler = mux
	if *logRequests {
		var mu sync.Mutex
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			inner.ServeHTTP(rec, r)
			mu.Lock()
			fmt.Fprintf(out, "%s %s %d\n", r.Method, r.URL.Path, rec.status)
			mu.Unlock()
		})
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	s.URL = "http://" + ln.Addr().String() + "/" + strings.Trim(*version, "/")
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "fakegraph: Graph API on %s\n", s.URL)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Stats is what GET /stats answers.
type Stats struct {
	Sends               int `json:"sends"`                // messages accepted
	DistinctCallbacks   int `json:"distinct_callbacks"`   // distinct biz_opaque_callback_data among them
	DuplicatedCallbacks int `json:"duplicated_callbacks"` // accepted sends with a tag already seen
	Untagged            int `json:"untagged"`             // accepted sends without a tag
	Reads               int `json:"reads"`                // mark-as-read calls
}

func statsOf(s *graphtest.Server) Stats {
	sends := s.Sends()
	st := Stats{Sends: len(sends), Reads: len(s.Reads())}
	seen := make(map[string]bool, len(sends))
	for _, m := range sends {
		switch {
		case m.CallbackData == "":
			st.Untagged++
		case seen[m.CallbackData]:
			st.DuplicatedCallbacks++
		default:
			seen[m.CallbackData] = true
		}
	}
	st.DistinctCallbacks = len(seen)
	return st
}
