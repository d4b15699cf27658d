// Command fakellm serves a fake LLM provider on an address, for browser tests
// and for trying the app without a real key: an OpenAI-compatible API by
// default (POST /v1/chat/completions, streamed or not, and GET /v1/models).
//
//	go run ./internal/llm/llmtest/fakellm --addr 127.0.0.1:9998 --model gpt-4.1-mini,fake-mini
//
// then start the server with PILOTO_OPENAI_BASE_URL=http://127.0.0.1:9998/v1.
// Every call is answered with --reply, streamed word by word, --delay apart
// (0 by default).
//
// With --agent (OpenAI wire format only) it answers as a tool-using sales
// agent instead (llmtest.AgentWith): it searches the knowledge base for every
// lead message, saves the name the lead gives, and answers citing the first
// passage found, streamed word by word --delay apart (40ms by default, so a
// browser sees the text arrive) after --think (0 by default) of silence per
// call:
//
//	go run ./internal/llm/llmtest/fakellm --agent --think 1s
//
// With --think-max as well, every call thinks a time drawn uniformly from
// [--think, --think-max] instead, as a real model that answers in 1–3 s
// (--think 1s --think-max 3s).
//
// The first line of output is "fakellm: <flavor> API on <base URL>".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
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
	asAgent := fs.Bool("agent", false, "answer as a tool-using sales agent (llmtest.AgentWith) instead of with --reply; openai only")
	delay := fs.Duration("delay", 0, "pause between streamed pieces (default 0, or 40ms with --agent)")
	think := fs.Duration("think", 0, "with --agent, silence before every answer, as a model taking its time")
	thinkMax := fs.Duration("think-max", 0, "with --agent, draw each call's silence uniformly from [--think, --think-max] (0: always --think)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *flavor {
	case llmtest.OpenAI, llmtest.Anthropic, llmtest.Gemini:
	default:
		return fmt.Errorf("unknown --flavor %q", *flavor)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case *asAgent && *flavor != llmtest.OpenAI:
		return fmt.Errorf("--agent speaks only --flavor openai, not %q", *flavor)
	case *asAgent && set["reply"]:
		return errors.New("--agent and --reply go apart: the agent writes its own answers")
	case !*asAgent && (set["think"] || set["think-max"]):
		return errors.New("--think and --think-max need --agent")
	case *delay < 0 || *think < 0:
		return errors.New("--delay and --think cannot be negative")
	case set["think-max"] && *thinkMax < *think:
		return errors.New("--think-max cannot be below --think")
	}
	if *asAgent && !set["delay"] {
		*delay = 40 * time.Millisecond
	}

	s := llmtest.New(*flavor)
	s.Key = *key
	for _, m := range strings.Split(*models, ",") {
		if m = strings.TrimSpace(m); m != "" {
			s.Models = append(s.Models, m)
		}
	}
	if *asAgent {
		if *thinkMax > *think {
			agent, pick := llmtest.AgentWith(llmtest.AgentOptions{Delay: *delay}), thinking(*think, *thinkMax)
			s.Default = func(r llmtest.Request) llmtest.Reply {
				time.Sleep(pick())
				return agent(r)
			}
		} else {
			s.Default = llmtest.AgentWith(llmtest.AgentOptions{Delay: *delay, Think: *think})
		}
	} else {
		words := strings.SplitAfter(*reply, " ")
		s.Default = func(llmtest.Request) llmtest.Reply {
			return llmtest.Reply{Text: words, OutputTokens: len(words), Delay: *delay}
		}
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

// thinking returns a draw of a call's thinking time, uniform in [lo, hi].
func thinking(lo, hi time.Duration) func() time.Duration {
	return func() time.Duration {
		return lo + rand.N(hi-lo+1)
	}
}
