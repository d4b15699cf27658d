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
// The first line of output is "fakegraph: Graph API on <base URL>".
package main

import (
	"context"
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	s := graphtest.NewUnstarted()
	for _, n := range nums {
		s.AddNumber(n)
	}
	var h http.Handler = s.Handler()
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
