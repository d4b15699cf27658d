package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/llm"
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
