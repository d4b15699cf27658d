package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pilotodevendas/piloto/internal/loadtest"
	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

// Load is one run of the generator.
type Load struct {
	URL      string
	Secret   string
	Numbers  []string // phone_number_ids the messages are sent to
	Rate     float64  // webhooks per second
	Duration time.Duration
	Contacts int // distinct senders
	RunID    string
	Workers  int          // most POSTs in flight at once
	Client   *http.Client // with its timeout per POST
}

// Result is what a run measured.
type Result struct {
	Sent         int            `json:"sent"`
	OK           int            `json:"ok"`
	NonOK        map[string]int `json:"non_200"` // by status code
	Errors       int            `json:"errors"`
	ErrorSamples []string       `json:"error_samples,omitempty"`
	Late         int            `json:"late"` // sends that found every worker busy
	MaxLagMS     float64        `json:"max_lag_ms"`
	P50MS        float64        `json:"p50_ms"`
	P90MS        float64        `json:"p90_ms"`
	P99MS        float64        `json:"p99_ms"`
	MaxMS        float64        `json:"max_ms"`
	TargetRate   float64        `json:"target_rate"`
	AchievedRate float64        `json:"achieved_rate"`
	SendSeconds  float64        `json:"send_seconds"`
	DrainSeconds float64        `json:"drain_seconds"` // after the last send, until the last response
	RunID        string         `json:"run_id"`
	DB           *DBCount       `json:"db,omitempty"`
	latencies    []time.Duration
	errorKinds   map[string]bool
}

// Schedule is when each send of a run is due: send n (from 0) at Start +
// n/rate, for Count sends. It never drifts: a late send does not push the
// following ones back.
type Schedule struct {
	Start time.Time
	Rate  float64
	Count int
}

// NewSchedule plans rate sends a second for d: floor(rate × d) sends, at
// least one when rate and d are positive.
func NewSchedule(start time.Time, rate float64, d time.Duration) Schedule {
	n := int(math.Floor(rate*d.Seconds() + 1e-9))
	if n == 0 && rate > 0 && d > 0 {
		n = 1
	}
	return Schedule{Start: start, Rate: rate, Count: n}
}

// Due is when send n is due.
func (s Schedule) Due(n int) time.Time {
	return s.Start.Add(time.Duration(float64(n) * float64(time.Second) / s.Rate))
}

// Interval is the time between two sends.
func (s Schedule) Interval() time.Duration {
	return time.Duration(float64(time.Second) / s.Rate)
}

// WaID is the WhatsApp id of contact i: a Brazilian mobile in area code 62,
// 55 62 9XXXX-XXXX (the last eight digits are 1000 0000 + i).
func WaID(i int) string {
	return fmt.Sprintf("55629%08d", 10000000+i%90000000)
}

// body is the webhook of send n: one text message from contact n mod
// Contacts to the number that contact talks to.
func (l *Load) body(n int, at time.Time) []byte {
	c := n % max(l.Contacts, 1)
	number := l.Numbers[c%len(l.Numbers)]
	display := fmt.Sprintf("+55 62 3000-%04d", c%len(l.Numbers))
	text := fmt.Sprintf("Olá! Quero saber o preço da instalação solar (mensagem %d, contato %d).", n, c)
	return graphtest.TextMessage(number, display, WaID(c), fmt.Sprintf("Cliente %d São José", c), loadtest.Wamid(l.RunID, n), text, at)
}

// Run sends the schedule's webhooks open-loop: each send starts when it is
// due, on a goroutine of its own, whether or not earlier ones were answered.
// At most Workers POSTs are in flight: when that many are, the next send
// waits for one to finish and counts as late. Run returns after the last
// response (or timeout).
func (l *Load) Run(ctx context.Context) *Result {
	workers := max(l.Workers, 1)
	res := &Result{NonOK: map[string]int{}, TargetRate: l.Rate, RunID: l.RunID, errorKinds: map[string]bool{}}
	sched := NewSchedule(time.Now(), l.Rate, l.Duration)

	type outcome struct {
		status  int
		err     error
		latency time.Duration
	}
	send := func(n int) outcome {
		body := l.body(n, time.Now())
		req, err := graphtest.NewWebhookRequest(ctx, l.URL, l.Secret, body)
		if err != nil {
			return outcome{err: err}
		}
		start := time.Now()
		resp, err := l.Client.Do(req)
		if err != nil {
			return outcome{err: err, latency: time.Since(start)}
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return outcome{status: resp.StatusCode, latency: time.Since(start)}
	}
	// busy holds a token per POST in flight: at most workers at once.
	busy := make(chan struct{}, workers)
	outcomes := make(chan outcome, workers)
	var wg sync.WaitGroup
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for o := range outcomes {
			switch {
			case o.err != nil:
				res.Errors++
				kind := errorKind(o.err)
				if !res.errorKinds[kind] && len(res.ErrorSamples) < 5 {
					res.ErrorSamples = append(res.ErrorSamples, kind)
				}
				res.errorKinds[kind] = true
			case o.status == http.StatusOK:
				res.OK++
				res.latencies = append(res.latencies, o.latency)
			default:
				res.NonOK[fmt.Sprint(o.status)]++
				res.latencies = append(res.latencies, o.latency)
			}
		}
	}()

	timer := time.NewTimer(0)
	<-timer.C
	var lastSend time.Time
sending:
	for n := range sched.Count {
		due := sched.Due(n)
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-ctx.Done():
				break sending
			}
		}
		select {
		case busy <- struct{}{}:
		default:
			res.Late++
			select {
			case busy <- struct{}{}:
			case <-ctx.Done():
				break sending
			}
		}
		wg.Go(func() {
			outcomes <- send(n)
			<-busy
		})
		lastSend = time.Now()
		if lag := lastSend.Sub(due); lag > 0 {
			res.MaxLagMS = max(res.MaxLagMS, ms(lag))
		}
		res.Sent++
	}
	wg.Wait()
	close(outcomes)
	<-collected
	if res.Sent > 0 {
		send := lastSend.Sub(sched.Start) + sched.Interval()
		res.SendSeconds = math.Round(send.Seconds()*1000) / 1000
		res.AchievedRate = math.Round(float64(res.Sent)/send.Seconds()*10) / 10
		res.DrainSeconds = math.Round(time.Since(lastSend).Seconds()*1000) / 1000
	}
	slices.Sort(res.latencies)
	res.P50MS = ms(loadtest.Percentile(res.latencies, 50))
	res.P90MS = ms(loadtest.Percentile(res.latencies, 90))
	res.P99MS = ms(loadtest.Percentile(res.latencies, 99))
	res.MaxMS = ms(loadtest.Percentile(res.latencies, 100))
	return res
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

// errorKind shortens a client error for the report: the same failure on
// different connections reads the same.
func errorKind(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && strings.Contains(s, "dial tcp") {
		return "dial: " + s[i+2:]
	}
	if strings.Contains(s, "Client.Timeout") || strings.Contains(s, "deadline exceeded") {
		return "timeout"
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
