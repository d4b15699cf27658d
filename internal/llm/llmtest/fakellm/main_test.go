package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
)

func TestFakeLLM(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--model", "fake-mini", "--reply", "Olá, tudo bem?", "--key", "k"}, pw)
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	_, base, _ := strings.Cut(strings.TrimSpace(line), " on ")

	p, err := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "k", BaseURL: base, Model: "fake-mini", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	resp, err := p.Stream(ctx, llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "oi"}}}, func(ev llm.Event) error {
		text.WriteString(ev.Text)
		return nil
	})
	if err != nil || resp.Content != "Olá, tudo bem?" || text.String() != resp.Content {
		t.Fatalf("resp %+v, err %v", resp, err)
	}
	if models, err := p.Models(ctx); err != nil || len(models) != 1 || models[0] != "fake-mini" {
		t.Errorf("Models = %v, %v", models, err)
	}
	bad, _ := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "wrong", BaseURL: base, Model: "fake-mini", Logger: slog.New(slog.DiscardHandler)})
	if _, err := bad.Models(ctx); llm.KindOf(err) != llm.KindBadKey {
		t.Errorf("wrong key: %v", err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

// serve runs fakellm with args and returns its base URL; it stops when the
// test ends.
func serve(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), pw) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	prefix, base, ok := strings.Cut(strings.TrimSpace(line), " on ")
	if !ok || prefix != "fakellm: openai API" || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/v1") {
		t.Fatalf("first line %q", line)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	return base
}

func TestFakeLLMAgent(t *testing.T) {
	// --delay 1ms keeps the test quick; --think is accepted.
	base := serve(t, "--agent", "--delay", "1ms", "--think", "1ms")
	ctx := context.Background()
	p, err := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "k", BaseURL: base, Model: "fake-mini", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	tools := []llm.Tool{
		{Name: "search_knowledge", Parameters: json.RawMessage(`{"type":"object","properties":{"query":{"type":"string"}}}`)},
		{Name: "update_lead", Parameters: json.RawMessage(`{"type":"object","properties":{"fields":{"type":"object"}}}`)},
	}
	msgs := []llm.Message{{Role: llm.RoleUser, Content: "Me chamo Bia. Qual o prazo de instalação?"}}
	resp, err := p.Stream(ctx, llm.Request{Tools: tools, Messages: msgs}, nil)
	if err != nil || len(resp.ToolCalls) != 2 || resp.ToolCalls[0].Name != "search_knowledge" || resp.ToolCalls[1].Name != "update_lead" {
		t.Fatalf("first call: %+v, %v", resp, err)
	}
	msgs = append(msgs, llm.Message{Role: llm.RoleAssistant, ToolCalls: resp.ToolCalls},
		llm.Message{Role: llm.RoleTool, ToolCallID: resp.ToolCalls[0].ID,
			Content: `{"passages":[{"id":"k7","source":"faq.md","heading":"Prazos","text":"A instalação leva 2 dias. Depois, a vistoria."}],"unsure":false}`},
		llm.Message{Role: llm.RoleTool, ToolCallID: resp.ToolCalls[1].ID, Content: `{"saved":["nome"]}`})
	var pieces int
	resp, err = p.Stream(ctx, llm.Request{Tools: tools, Messages: msgs}, func(ev llm.Event) error {
		if ev.Type == llm.EventText {
			pieces++
		}
		return nil
	})
	want := "Prazer, Bia! Pelo que encontrei: A instalação leva 2 dias. [p:k7]"
	if err != nil || resp.Content != want || pieces != len(strings.Fields(want)) {
		t.Fatalf("answer: %+v (%d pieces), %v", resp, pieces, err)
	}
	// Without tools: the fixed text.
	if resp, err := p.Stream(ctx, llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "oi"}}}, nil); err != nil ||
		resp.Content != llmtest.AgentPlainText {
		t.Errorf("no tools: %+v, %v", resp, err)
	}
}

func TestFakeLLMPlainDelay(t *testing.T) {
	base := serve(t, "--reply", "um dois três", "--delay", "1ms")
	p, _ := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "k", BaseURL: base, Model: "fake-mini", Logger: slog.New(slog.DiscardHandler)})
	var pieces []string
	resp, err := p.Stream(context.Background(), llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "oi"}}}, func(ev llm.Event) error {
		pieces = append(pieces, ev.Text)
		return nil
	})
	if err != nil || resp.Content != "um dois três" || len(pieces) != 3 {
		t.Fatalf("resp %+v, pieces %q, err %v", resp, pieces, err)
	}
}

func TestFakeLLMFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--agent", "--flavor", "anthropic"},
		{"--agent", "--reply", "oi"},
		{"--think", "1s"},
		{"--think-max", "1s"},
		{"--agent", "--think", "2s", "--think-max", "1s"},
		{"--delay", "-1s"},
		{"--delay", "soon"},
	} {
		if err := run(context.Background(), append([]string{"--addr", "127.0.0.1:0"}, args...), io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

// TestThinkMax: with --think-max every call thinks a time drawn from
// [--think, --think-max].
func TestThinkMax(t *testing.T) {
	pick := thinking(time.Second, 3*time.Second)
	seen := map[time.Duration]bool{}
	for range 1000 {
		d := pick()
		if d < time.Second || d > 3*time.Second {
			t.Fatalf("drew %s", d)
		}
		seen[d] = true
	}
	if len(seen) < 900 {
		t.Errorf("only %d distinct draws of 1000", len(seen))
	}

	base := serve(t, "--agent", "--delay", "0", "--think", "30ms", "--think-max", "60ms")
	p, _ := llm.New(llm.Options{Provider: llm.OpenAI, APIKey: "k", BaseURL: base, Model: "fake-mini", Logger: slog.New(slog.DiscardHandler)})
	began := time.Now()
	resp, err := p.Stream(context.Background(), llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "oi"}}}, nil)
	if took := time.Since(began); err != nil || resp.Content != llmtest.AgentPlainText || took < 30*time.Millisecond {
		t.Errorf("resp %+v, err %v, after %s", resp, err, took)
	}
}
