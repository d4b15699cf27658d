package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/pilotodevendas/piloto/internal/loadtest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// Inbound is one of the run's messages from a lead.
type Inbound struct {
	Conversation string
	Wamid        string
	CreatedAt    time.Time
}

// Outbound is an AI message in one of the run's conversations.
type Outbound struct {
	Conversation string
	Seq          int64
	Status       string
	Accepted     bool       // the Graph API gave it a wamid
	SendingAt    *time.Time // its call to the Graph API started
}

// Trace is the model time of one reply.
type Trace struct {
	Conversation string
	ModelMS      int64
	Error        string
}

// Dist is a distribution in milliseconds.
type Dist struct {
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// Report is what a run measured.
type Report struct {
	RunID           string      `json:"run_id"`
	Inbound         int         `json:"inbound"`            // the run's inbound rows
	InboundDistinct int         `json:"inbound_distinct"`   // distinct wamids among them
	InboundDups     int         `json:"inbound_duplicated"` // rows − distinct
	Conversations   int         `json:"conversations"`
	Replied         int         `json:"replied"` // conversations with an accepted AI message
	Lost            int         `json:"lost"`    // inbound messages whose conversation has none
	AIMessages      int         `json:"ai_messages"`
	AIAccepted      int         `json:"ai_accepted"`
	AIPending       int         `json:"ai_pending"`
	AIFailed        int         `json:"ai_failed"`
	ExtraReplies    int         `json:"extra_replies"` // AI messages beyond one per conversation
	Traces          int         `json:"traces"`
	TraceErrors     int         `json:"trace_errors"`
	WaitedS         float64     `json:"waited_s"` // until every inbound had an accepted reply (or --wait)
	LoadWindowS     float64     `json:"load_window_s"`
	RepliesInWindow int         `json:"replies_in_window"`
	RepliesPerS     float64     `json:"replies_per_s"`   // accepted replies started in the load window / window
	OverallPerS     float64     `json:"overall_per_s"`   // all accepted replies / (last reply − first inbound)
	DrainS          float64     `json:"drain_s"`         // last reply − last inbound
	DebounceMS      float64     `json:"debounce_ms"`     // taken off the end-to-end time
	EndToEnd        Dist        `json:"end_to_end"`      // first reply's sending_at − lead message's created_at
	Model           Dist        `json:"model"`           // traces' model_ms
	Overhead        Dist        `json:"overhead"`        // end-to-end − model − debounce
	Graph           *GraphStats `json:"graph,omitempty"` // the fake Graph API's counts
}

const runMessages = `SELECT conversation_id FROM messages WHERE direction = 'in' AND provider_message_id LIKE $1 ESCAPE '\'`

// Measure waits up to wait for every inbound message of the run to have an
// accepted reply, then reads the run and computes its report.
func Measure(ctx context.Context, rawURL, runID string, debounce, wait time.Duration) (*Report, error) {
	url, err := loadtest.DatabaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r := db.Reader()
	pattern := loadtest.WamidPattern(runID)

	start := time.Now()
	deadline := start.Add(wait)
	for {
		var total, replied int
		err := r.QueryRowContext(ctx, `
			SELECT COUNT(*), COUNT(CASE WHEN EXISTS (
				SELECT 1 FROM messages o WHERE o.conversation_id = i.conversation_id AND o.author = 'ai' AND o.provider_message_id IS NOT NULL
			) THEN 1 END)
			FROM messages i WHERE i.direction = 'in' AND i.provider_message_id LIKE $1 ESCAPE '\'`, pattern).Scan(&total, &replied)
		if err != nil {
			return nil, fmt.Errorf("counting replies: %w", err)
		}
		if (total > 0 && replied >= total) || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return nil, errors.Join(ctx.Err(), errors.New("waiting for replies: interrupted"))
		case <-time.After(500 * time.Millisecond):
		}
	}
	waited := time.Since(start)

	var in []Inbound
	if err := query(ctx, r, func(rows *sql.Rows) error {
		var m Inbound
		var at sql.NullTime
		if err := rows.Scan(&m.Conversation, &m.Wamid, &at); err != nil {
			return err
		}
		m.CreatedAt = at.Time
		in = append(in, m)
		return nil
	}, `SELECT conversation_id, provider_message_id, created_at FROM messages
		WHERE direction = 'in' AND provider_message_id LIKE $1 ESCAPE '\'`, pattern); err != nil {
		return nil, fmt.Errorf("reading inbound messages: %w", err)
	}
	var out []Outbound
	if err := query(ctx, r, func(rows *sql.Rows) error {
		var m Outbound
		var wamid sql.NullString
		var sending sql.NullTime
		if err := rows.Scan(&m.Conversation, &m.Seq, &m.Status, &wamid, &sending); err != nil {
			return err
		}
		m.Accepted = wamid.Valid
		if sending.Valid {
			t := sending.Time
			m.SendingAt = &t
		}
		out = append(out, m)
		return nil
	}, `SELECT conversation_id, seq, status, provider_message_id, sending_at FROM messages
		WHERE author = 'ai' AND conversation_id IN (`+runMessages+`)`, pattern); err != nil {
		return nil, fmt.Errorf("reading AI messages: %w", err)
	}
	var traces []Trace
	if err := query(ctx, r, func(rows *sql.Rows) error {
		var t Trace
		var detail string
		if err := rows.Scan(&t.Conversation, &detail, &t.Error); err != nil {
			return err
		}
		var d struct {
			ModelMS int64 `json:"model_ms"`
		}
		if err := json.Unmarshal([]byte(detail), &d); err != nil {
			return fmt.Errorf("trace detail: %w", err)
		}
		t.ModelMS = d.ModelMS
		traces = append(traces, t)
		return nil
	}, `SELECT conversation_id, detail, error FROM traces WHERE conversation_id IN (`+runMessages+`)`, pattern); err != nil {
		return nil, fmt.Errorf("reading traces: %w", err)
	}

	rep := Compute(in, out, traces, debounce)
	rep.RunID = runID
	rep.WaitedS = seconds(waited)
	return rep, nil
}

func query(ctx context.Context, db *sql.DB, scan func(*sql.Rows) error, q string, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Compute measures a run from its rows.
func Compute(in []Inbound, out []Outbound, traces []Trace, debounce time.Duration) *Report {
	rep := &Report{Inbound: len(in), AIMessages: len(out), Traces: len(traces), DebounceMS: ms(debounce)}

	// The lead's first message of each conversation.
	first := map[string]time.Time{}
	wamids := map[string]bool{}
	var firstIn, lastIn time.Time
	for _, m := range in {
		wamids[m.Wamid] = true
		if t, ok := first[m.Conversation]; !ok || m.CreatedAt.Before(t) {
			first[m.Conversation] = m.CreatedAt
		}
		if firstIn.IsZero() || m.CreatedAt.Before(firstIn) {
			firstIn = m.CreatedAt
		}
		if m.CreatedAt.After(lastIn) {
			lastIn = m.CreatedAt
		}
	}
	rep.InboundDistinct = len(wamids)
	rep.InboundDups = rep.Inbound - rep.InboundDistinct
	rep.Conversations = len(first)

	// The first accepted AI message of each conversation.
	reply := map[string]Outbound{}
	perConv := map[string]int{}
	var lastReply time.Time
	for _, m := range out {
		perConv[m.Conversation]++
		switch {
		case m.Accepted:
			rep.AIAccepted++
		case m.Status == "failed":
			rep.AIFailed++
		default:
			rep.AIPending++
		}
		if !m.Accepted || m.SendingAt == nil {
			continue
		}
		if r, ok := reply[m.Conversation]; !ok || m.Seq < r.Seq {
			reply[m.Conversation] = m
		}
		if m.SendingAt.After(lastReply) {
			lastReply = *m.SendingAt
		}
	}
	for _, n := range perConv {
		rep.ExtraReplies += max(n-1, 0)
	}
	rep.Replied = len(reply)
	for _, m := range in {
		if _, ok := reply[m.Conversation]; !ok {
			rep.Lost++
		}
	}

	model := map[string]int64{}
	for _, t := range traces {
		model[t.Conversation] += t.ModelMS
		if t.Error != "" {
			rep.TraceErrors++
		}
	}

	var e2e, mod, over []time.Duration
	for conv, r := range reply {
		at, ok := first[conv]
		if !ok {
			continue
		}
		d := r.SendingAt.Sub(at)
		m := time.Duration(model[conv]) * time.Millisecond
		e2e = append(e2e, d)
		mod = append(mod, m)
		over = append(over, d-m-debounce)
		if !firstIn.IsZero() && !r.SendingAt.After(lastIn) {
			rep.RepliesInWindow++
		}
	}
	rep.EndToEnd, rep.Model, rep.Overhead = dist(e2e), dist(mod), dist(over)
	if window := lastIn.Sub(firstIn); window > 0 {
		rep.LoadWindowS = seconds(window)
		rep.RepliesPerS = math.Round(float64(rep.RepliesInWindow)/window.Seconds()*100) / 100
	}
	if span := lastReply.Sub(firstIn); len(reply) > 0 && span > 0 {
		rep.OverallPerS = math.Round(float64(len(reply))/span.Seconds()*100) / 100
		rep.DrainS = seconds(lastReply.Sub(lastIn))
	}
	return rep
}

func dist(d []time.Duration) Dist {
	slices.Sort(d)
	return Dist{P50: ms(loadtest.Percentile(d, 50)), P99: ms(loadtest.Percentile(d, 99)), Max: ms(loadtest.Percentile(d, 100))}
}

// ms is d in milliseconds, to the tenth.
func ms(d time.Duration) float64 { return math.Round(float64(d)/1e5) / 10 }

func seconds(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

// Print writes the report for people.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "run %s: %d inbound (%d distinct wamids, %d duplicated) in %d conversations; %d replied, lost %d (after waiting %.1f s)\n",
		r.RunID, r.Inbound, r.InboundDistinct, r.InboundDups, r.Conversations, r.Replied, r.Lost, r.WaitedS)
	fmt.Fprintf(w, "AI messages: %d (%d accepted, %d pending, %d failed), %d beyond one per conversation; %d traces, %d with an error\n",
		r.AIMessages, r.AIAccepted, r.AIPending, r.AIFailed, r.ExtraReplies, r.Traces, r.TraceErrors)
	if g := r.Graph; g != nil {
		fmt.Fprintf(w, "Graph API: %d sends accepted, %d distinct callback tags, duplicated sends %d, untagged %d, %d mark-as-read\n",
			g.Sends, g.DistinctCallbacks, g.DuplicatedCallbacks, g.Untagged, g.Reads)
	}
	fmt.Fprintf(w, "replies/s: %.2f in the load window (%d in %.1f s), %.2f overall; last reply %.1f s after the last inbound\n",
		r.RepliesPerS, r.RepliesInWindow, r.LoadWindowS, r.OverallPerS, r.DrainS)
	fmt.Fprintf(w, "end-to-end ms (lead message stored → reply's Graph API call): p50 %.0f, p99 %.0f, max %.0f\n", r.EndToEnd.P50, r.EndToEnd.P99, r.EndToEnd.Max)
	fmt.Fprintf(w, "model ms (traces' model_ms):                                 p50 %.0f, p99 %.0f, max %.0f\n", r.Model.P50, r.Model.P99, r.Model.Max)
	fmt.Fprintf(w, "end-to-end − model − debounce (%.0f ms) ms:                  p50 %.0f, p99 %.0f, max %.0f\n", r.DebounceMS, r.Overhead.P50, r.Overhead.P99, r.Overhead.Max)
}
