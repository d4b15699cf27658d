package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestCompute(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	at := func(ms int) *time.Time { x := t0.Add(time.Duration(ms) * time.Millisecond); return &x }
	in := []Inbound{
		{Conversation: "a", Wamid: "w1", CreatedAt: *at(0)},
		{Conversation: "b", Wamid: "w2", CreatedAt: *at(1000)},
		{Conversation: "c", Wamid: "w3", CreatedAt: *at(2000)}, // never answered
	}
	out := []Outbound{
		{Conversation: "a", Seq: 2, Status: "delivered", Accepted: true, SendingAt: at(3000)},
		{Conversation: "a", Seq: 3, Status: "sent", Accepted: true, SendingAt: at(3100)}, // a second part
		{Conversation: "b", Seq: 2, Status: "sent", Accepted: true, SendingAt: at(6000)},
		{Conversation: "c", Seq: 2, Status: "pending"},
	}
	traces := []Trace{{Conversation: "a", ModelMS: 2000}, {Conversation: "b", ModelMS: 4000}}
	r := Compute(in, out, traces, 500*time.Millisecond)
	if r.Inbound != 3 || r.InboundDups != 0 || r.Conversations != 3 || r.Replied != 2 || r.Lost != 1 {
		t.Errorf("counts: %+v", r)
	}
	if r.AIMessages != 4 || r.AIAccepted != 3 || r.AIPending != 1 || r.ExtraReplies != 1 {
		t.Errorf("AI messages: %+v", r)
	}
	// a: 3000 end-to-end, 2000 model, 500 overhead; b: 5000, 4000, 500.
	if r.EndToEnd != (Dist{P50: 3000, P99: 5000, Max: 5000}) || r.Model != (Dist{P50: 2000, P99: 4000, Max: 4000}) ||
		r.Overhead != (Dist{P50: 500, P99: 500, Max: 500}) {
		t.Errorf("distributions: %+v %+v %+v", r.EndToEnd, r.Model, r.Overhead)
	}
	// The load window is 0–2 s: no reply started in it; overall 2 in 6 s.
	if r.LoadWindowS != 2 || r.RepliesInWindow != 0 || r.OverallPerS != 0.33 || r.DrainS != 4 {
		t.Errorf("rates: %+v", r)
	}
	var buf bytes.Buffer
	r.Print(&buf)
	if !strings.Contains(buf.String(), "lost 1") {
		t.Errorf("report:\n%s", buf.String())
	}

	dup := Compute(append(in, Inbound{Conversation: "a", Wamid: "w1", CreatedAt: *at(0)}), nil, nil, 0)
	if dup.InboundDups != 1 || dup.Lost != 4 {
		t.Errorf("duplicate inbound: %+v", dup)
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--run-id", "x"},
		{"--database-url", "/nonexistent/piloto.db", "--run-id", "x"},
		{"--database-url", "x", "--run-id", "x", "--debounce", "-1s"},
	} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
