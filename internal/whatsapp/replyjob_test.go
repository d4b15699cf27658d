package whatsapp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/jobs"
	"github.com/pilotodevendas/piloto/internal/knowledge"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/whatsapp"
	"github.com/riverqueue/river"
)

func TestDue(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	at := func(secs ...int) []inbox.Message {
		var out []inbox.Message
		for _, s := range secs {
			out = append(out, inbox.Message{Direction: inbox.DirectionIn, CreatedAt: t0.Add(time.Duration(s) * time.Second)})
		}
		return out
	}
	d := 4 * time.Second
	for _, c := range []struct {
		burst []inbox.Message
		now   int
		want  time.Duration
	}{
		{at(0), 1, 3 * time.Second},
		{at(0), 4, 0},
		{at(0, 2, 3), 5, 2 * time.Second},    // quiet for 2 s of 4
		{at(0, 2, 3), 7, 0},                  // quiet for 4 s
		{at(0, 10, 20, 28), 29, time.Second}, // the cap: 30 s after the first
		{at(0, 10, 20, 28, 30), 30, 0},       // the cap reached
		{nil, 0, 0},                          // nothing to answer
	} {
		if got := whatsapp.Due(c.burst, t0.Add(time.Duration(c.now)*time.Second), d); got != c.want {
			t.Errorf("burst %v at %d s: %s, want %s", len(c.burst), c.now, got, c.want)
		}
	}
	history := append(at(0), inbox.Message{Direction: inbox.DirectionOut}, at(5, 6)[0], at(5, 6)[1])
	if b := whatsapp.Burst(history); len(b) != 2 {
		t.Errorf("burst after the last answer: %d", len(b))
	}
}

// TestReplyJobMergesABurst: "oi" / "tudo bem?" / "quanto custa?" make one
// job, which waits for the lead to be quiet (test clock) and then answers
// the three in one model call.
func TestReplyJobMergesABurst(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		x := w.newTenant("Ana", "8001", true)
		// The agent answers at any hour.
		var ag struct {
			ID            string
			Version       int
			BusinessHours map[string]any `json:"business_hours"`
		}
		r := x.owner.Do("GET", "/api/v1/agents", nil)
		var list struct{ Items []struct{ ID string } }
		r.JSON(&list)
		x.owner.Do("GET", "/api/v1/agents/"+list.Items[0].ID, nil).JSON(&ag)
		ag.BusinessHours["enabled"] = false
		mustStatus(t, x.owner.Do("PATCH", "/api/v1/agents/"+ag.ID, map[string]any{"version": ag.Version, "business_hours": ag.BusinessHours}), 200)

		for i, msg := range []string{"oi", "tudo bem?", "quanto custa?"} {
			if s, _ := w.post("/webhooks/whatsapp", appSecret, text(x, "5562999990008", "wamid.burst"+string(rune('a'+i)), msg)); s != 200 {
				t.Fatal(s)
			}
		}
		if n := w.replyJobs(x.org); n != 1 {
			t.Fatalf("%d reply jobs for the burst", n)
		}
		var convID string
		if err := w.db.Reader().QueryRow(`SELECT conversation_id FROM messages WHERE provider_message_id = 'wamid.bursta'`).Scan(&convID); err != nil {
			t.Fatal(err)
		}

		fake := llmtest.NewOpenAIServer(t, llmtest.Reply{Text: []string{"Tudo ótimo! A instalação custa a partir de R$ 1.500."}})
		clock := piloto.NewFakeClock(time.Now())
		in := &inbox.Service{Store: w.db, Clock: clock}
		replies := &reply.Service{Agents: &agent.Service{Store: w.db, Clock: clock}, Inbox: in,
			LLM:       &llm.Service{Store: w.db, Config: llm.Config{OpenAIAPIKey: "sk-teste", OpenAIBaseURL: fake.URL, USDBRL: 5.4}, Clock: clock},
			Knowledge: &knowledge.Service{Store: w.db, Clock: clock}, Clock: clock}
		cfg := jobs.DefaultConfig()
		cfg.Work = false // enqueues only: the send job is looked at, not run
		workers := river.NewWorkers()
		river.AddWorker(workers, &whatsapp.SendWorker{})
		jc, err := jobs.New(w.db, workers, nil, cfg)
		if err != nil {
			t.Fatal(err)
		}
		worker := &whatsapp.ReplyWorker{Inbox: in, Replies: replies, Jobs: jc, Clock: clock, Debounce: 4 * time.Second}
		job := &river.Job[whatsapp.ReplyArgs]{Args: whatsapp.ReplyArgs{OrganizationID: x.org, ConversationID: convID}}

		// One second after the last message: the job waits (on the test
		// clock) until the lead has been quiet for the debounce.
		var waits []time.Duration
		worker.Sleep = func(_ context.Context, d time.Duration) error {
			if len(fake.Requests()) != 0 {
				t.Errorf("the model was called before the wait")
			}
			waits = append(waits, d)
			clock.Advance(d)
			return nil
		}
		clock.Advance(time.Second)
		if err := worker.Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		if len(waits) != 1 || waits[0] <= 0 || waits[0] > 3*time.Second {
			t.Fatalf("waits: %v", waits)
		}
		reqs := fake.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%d model calls", len(reqs))
		}
		for _, msg := range []string{"oi", "tudo bem?", "quanto custa?"} {
			if !strings.Contains(string(reqs[0].Body), `"`+msg+`"`) {
				t.Errorf("the model was not given %q", msg)
			}
		}
		if n := w.count(`SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND author = 'ai'`, convID); n != 1 {
			t.Errorf("%d AI messages", n)
		}
		// The answer goes out through the conversation's send job.
		if n := w.count(`SELECT COUNT(*) FROM river_job WHERE kind = 'whatsapp_send' AND CAST(args AS TEXT) LIKE $1`, "%"+convID+"%"); n != 1 {
			t.Errorf("%d send jobs", n)
		}
		// Nothing new: the job ends without a call.
		if err := worker.Work(ctx, job); err != nil || len(fake.Requests()) != 1 {
			t.Errorf("again: %v, %d calls", err, len(fake.Requests()))
		}
	})
}
