package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/loadtest"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
)

func TestSchedule(t *testing.T) {
	start := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		rate  float64
		d     time.Duration
		count int
		every time.Duration
	}{
		{200, 60 * time.Second, 12000, 5 * time.Millisecond},
		{50, 10 * time.Second, 500, 20 * time.Millisecond},
		{0.5, 10 * time.Second, 5, 2 * time.Second},
		{3, time.Second, 3, time.Second / 3},
		{1, 100 * time.Millisecond, 1, time.Second}, // shorter than one interval: still one send
		{1000, 1500 * time.Millisecond, 1500, time.Millisecond},
	} {
		s := NewSchedule(start, tc.rate, tc.d)
		if s.Count != tc.count || s.Interval() != tc.every {
			t.Errorf("rate %g for %s: %d sends every %s, want %d every %s", tc.rate, tc.d, s.Count, s.Interval(), tc.count, tc.every)
		}
		if !s.Due(0).Equal(start) {
			t.Errorf("rate %g: first send at %s", tc.rate, s.Due(0))
		}
		// Due times never drift: send n is exactly n intervals (to the
		// nanosecond's rounding) after the start, and all fall within d
		// (or the first interval when d is shorter).
		last := s.Due(s.Count - 1).Sub(start)
		if want := time.Duration(float64(s.Count-1) * float64(time.Second) / tc.rate); last != want {
			t.Errorf("rate %g: last send at +%s, want +%s", tc.rate, last, want)
		}
		if s.Count > 1 && last >= tc.d {
			t.Errorf("rate %g: last send at +%s, not within %s", tc.rate, last, tc.d)
		}
	}
	s := NewSchedule(start, 3, time.Second)
	if got := s.Due(2).Sub(s.Due(1)); got < 333*time.Millisecond || got > 334*time.Millisecond {
		t.Errorf("rate 3: %s between sends", got)
	}
}

func TestWaID(t *testing.T) {
	mobile := regexp.MustCompile(`^55629\d{8}$`)
	seen := map[string]bool{}
	for i := range 500 {
		w := WaID(i)
		if !mobile.MatchString(w) || seen[w] {
			t.Fatalf("WaID(%d) = %s", i, w)
		}
		seen[w] = true
	}
}

// TestRun sends a short load to a fake webhook that checks what Meta would
// send and answers some with 503; it asserts counts, never timings.
func TestRun(t *testing.T) {
	var mu sync.Mutex
	wamids := map[string]int{}
	pairs := map[string]string{} // sender → phone_number_id
	var bad []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("X-Hub-Signature-256") != graphtest.Sign("s3", body) || r.Header.Get("Content-Type") != "application/json" {
			bad = append(bad, string(body))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var env struct {
			Entry []struct {
				Changes []struct {
					Value struct {
						Metadata struct {
							PhoneNumberID string `json:"phone_number_id"`
						} `json:"metadata"`
						Messages []struct {
							From string `json:"from"`
							ID   string `json:"id"`
						} `json:"messages"`
					} `json:"value"`
				} `json:"changes"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(body, &env); err != nil || len(env.Entry) != 1 || len(env.Entry[0].Changes[0].Value.Messages) != 1 {
			bad = append(bad, string(body))
			return
		}
		v := env.Entry[0].Changes[0].Value
		m := v.Messages[0]
		wamids[m.ID]++
		if prev, ok := pairs[m.From]; ok && prev != v.Metadata.PhoneNumberID {
			bad = append(bad, "sender "+m.From+" wrote to two numbers")
		}
		pairs[m.From] = v.Metadata.PhoneNumberID
		if strings.HasSuffix(m.ID, "3") {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	l := &Load{URL: srv.URL, Secret: "s3", Numbers: []string{"111", "222"}, Rate: 400, Duration: 100 * time.Millisecond,
		Contacts: 7, RunID: "t1", Workers: 4, Client: srv.Client()}
	res := l.Run(context.Background())
	if len(bad) > 0 {
		t.Fatalf("bad webhooks: %v", bad)
	}
	if res.Sent != 40 || len(wamids) != 40 || res.Errors != 0 {
		t.Fatalf("sent %d, %d distinct wamids received, %d errors", res.Sent, len(wamids), res.Errors)
	}
	for i := range 40 {
		if wamids[loadtest.Wamid("t1", i)] != 1 {
			t.Errorf("%s received %d times", loadtest.Wamid("t1", i), wamids[loadtest.Wamid("t1", i)])
		}
	}
	if res.NonOK["503"] != 4 || res.OK != 36 { // wamids ending in 3: 3, 13, 23, 33
		t.Errorf("ok %d, non-200 %v", res.OK, res.NonOK)
	}
	if len(pairs) != 7 {
		t.Errorf("%d senders, want 7", len(pairs))
	}
	if res.P50MS <= 0 || res.P50MS > res.P99MS || res.P99MS > res.MaxMS || res.AchievedRate <= 0 {
		t.Errorf("latencies %+v", res)
	}

	var out bytes.Buffer
	report(&out, res)
	if !strings.Contains(out.String(), "40 sent") || !strings.Contains(out.String(), "36 ok (200), 4 × 503, 0 errors") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestRunErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	l := &Load{URL: url, Secret: "s", Numbers: []string{"1"}, Rate: 100, Duration: 50 * time.Millisecond, Contacts: 1, RunID: "e", Workers: 2,
		Client: &http.Client{Timeout: time.Second}}
	res := l.Run(context.Background())
	if res.Sent != 5 || res.Errors != 5 || res.OK != 0 || len(res.ErrorSamples) != 1 {
		t.Errorf("%+v", res)
	}
}

func TestCountMessages(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "piloto.db")
	if _, err := loadtest.DatabaseURL(path); err == nil {
		t.Error("a missing SQLite file was accepted")
	}
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Writer().ExecContext(ctx, `CREATE TABLE messages (provider_message_id TEXT);
		INSERT INTO messages VALUES ('wamid.load-r_1-0'), ('wamid.load-r_1-1'), ('wamid.load-r_1-1'), ('wamid.load-rx1-2'), ('wamid.other'), (NULL)`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{path, "sqlite:" + path} {
		c, err := countMessages(ctx, u, "r_1", 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Total != 3 || c.Distinct != 2 || c.Lost != 1 || c.Duplicated != 1 {
			t.Errorf("%s: %+v", u, c)
		}
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--numbers", "1"},
		{"--secret", "s"},
		{"--secret", "s", "--numbers", "1", "--rate", "0"},
		{"--secret", "s", "--numbers", " , "},
	} {
		if err := run(context.Background(), args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// TestLate has one worker and a server slower than the rate: the sends
// after the first find it busy and count as late, yet every one is sent.
func TestLate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { time.Sleep(50 * time.Millisecond) }))
	defer srv.Close()
	l := &Load{URL: srv.URL, Secret: "s", Numbers: []string{"1"}, Rate: 1000, Duration: 5 * time.Millisecond, Contacts: 3, RunID: "l", Workers: 1,
		Client: srv.Client()}
	res := l.Run(context.Background())
	if res.Sent != 5 || res.OK != 5 || res.Late < 1 {
		t.Errorf("sent %d, ok %d, late %d", res.Sent, res.OK, res.Late)
	}
}
