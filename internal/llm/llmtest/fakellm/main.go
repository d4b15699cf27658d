// Command fakellm serves a fake LLM provider on an address, for browser tests
// and for trying the app without a real key: an OpenAI-compatible API by
// default (POST /v1/chat/completions, streamed or not, and GET /v1/models).
//
//	go run ./internal/llm/llmtest/fakellm --addr 127.0.0.1:9998 --model gpt-4.1-mini,fake-mini
//
// then start the server with PILOTO_OPENAI_BASE_URL=http://127.0.0.1:9998/v1.
// Every call is answered with --reply, streamed word by word.
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
	"syscall"
	"time"

	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakellm:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends; its first line of output names the base URL.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("fakellm", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:9998", "address to listen on")
	models := fs.String("model", "gpt-4.1-mini,fake-mini", "comma-separated models to list and accept (empty: accept any)")
	reply := fs.String("reply", "Olá! Sou o assistente de testes do Piloto de Vendas. Como posso ajudar?", "the answer to every call")
	key := fs.String("key", "", "the only API key accepted (empty: any)")
	flavor := fs.String("flavor", llmtest.OpenAI, "wire format: openai, anthropic or gemini")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *flavor {
	case llmtest.OpenAI, llmtest.Anthropic, llmtest.Gemini:
	default:
		return fmt.Errorf("unknown --flavor %q", *flavor)
	}

	s := llmtest.New(*flavor)
	s.Key = *key
	for _, m := range strings.Split(*models, ",") {
		if m = strings.TrimSpace(m); m != "" {
			s.Models = append(s.Models, m)
		}
	}
	words := strings.SplitAfter(*reply, " ")
	s.Default = func(llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Text: words, OutputTokens: len(words)}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "fakellm: %s API on %s\n", *flavor, llmtest.BaseURL(*flavor, "http://"+ln.Addr().String()))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Release()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
