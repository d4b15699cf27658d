package whatsapp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/keys"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/secrets"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/whatsapp"
	"github.com/pilotodevendas/piloto/internal/whatsapp/graphtest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// sending is a tenant with a conversation (the lead wrote) and a send
// worker on the server's database.
type sending struct {
	w      *world
	x      *tenant
	conv   string
	clock  *piloto.FakeClock
	inbox  *inbox.Service
	worker *whatsapp.SendWorker
	job    *river.Job[whatsapp.SendArgs]
}

func newSending(t *testing.T, w *world, number string) *sending {
	t.Helper()
	x := w.newTenant("Ana", number, true)
	if s, _ := w.post("/webhooks/whatsapp", appSecret, text(x, "5562999990"+number[len(number)-3:], "wamid.in-"+number, "Oi, quanto custa?")); s != 200 {
		t.Fatal(s)
	}
	var conv string
	if err := w.db.Reader().QueryRow(`SELECT conversation_id FROM messages WHERE provider_message_id = $1`, "wamid.in-"+number).Scan(&conv); err != nil {
		t.Fatal(err)
	}
	k, err := keys.New(w.srv.Main.Config.SecretKey, "")
	if err != nil {
		t.Fatal(err)
	}
	box, err := secrets.New(k.DeriveAll(secrets.Purpose))
	if err != nil {
		t.Fatal(err)
	}
	clock := piloto.NewFakeClock(time.Now())
	in := &inbox.Service{Store: w.db, Clock: clock}
	return &sending{w: w, x: x, conv: conv, clock: clock, inbox: in,
		worker: &whatsapp.SendWorker{Store: w.db, Notes: in, Graph: &whatsapp.Graph{BaseURL: w.graph.URL}, Box: box, Clock: clock,
			PartGap: 150 * time.Millisecond, PartTimeout: 3 * time.Second, RescueWait: 300 * time.Millisecond},
		job: &river.Job[whatsapp.SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 5},
			Args: whatsapp.SendArgs{OrganizationID: x.org, ConversationID: conv}}}
}

// reply stores AI messages to send.
func (s *sending) reply(t *testing.T, texts ...string) []string {
	t.Helper()
	var ids []string
	for _, text := range texts {
		m, err := s.inbox.AddMessage(context.Background(), s.x.org, s.conv, inbox.Message{Author: inbox.AuthorAI, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

func (s *sending) status(t *testing.T, id string) (status, wamid, why string) {
	t.Helper()
	var provider *string
	if err := s.w.db.Reader().QueryRow(`SELECT status, provider_message_id, error FROM messages WHERE id = $1`, id).Scan(&status, &provider, &why); err != nil {
		t.Fatal(err)
	}
	if provider != nil {
		wamid = *provider
	}
	return status, wamid, why
}

// TestSendsPartsInOrder: a three-part reply goes out after the read
// receipt and typing indicator, each part after the previous one's sent
// status and at least PartGap apart, tagged with its id.
func TestSendsPartsInOrder(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		s := newSending(t, w, "1101")
		w.graph.ReportStatuses(&graphtest.Statuses{URL: w.srv.URL + "/webhooks/whatsapp", Secret: appSecret, Delay: 100 * time.Millisecond})
		ids := s.reply(t, "Parte um.", "Parte dois.", "Parte três.")
		if err := s.worker.Work(context.Background(), s.job); err != nil {
			t.Fatal(err)
		}
		reads := w.graph.Reads()
		if len(reads) != 1 || reads[0].MessageID != "wamid.in-1101" || !reads[0].Typing {
			t.Errorf("mark as read: %+v", reads)
		}
		sends := w.graph.Sends()
		if len(sends) != 3 {
			t.Fatalf("%d sends", len(sends))
		}
		for i, send := range sends {
			if send.Text != []string{"Parte um.", "Parte dois.", "Parte três."}[i] || send.CallbackData != ids[i] || send.To != "+5562999990101" {
				t.Errorf("send %d: %+v", i, send)
			}
			if i > 0 && send.At.Sub(sends[i-1].At) < 150*time.Millisecond {
				t.Errorf("part %d came %s after the one before", i, send.At.Sub(sends[i-1].At))
			}
			if i > 0 && send.At.Sub(sends[i-1].At) < 100*time.Millisecond+150*time.Millisecond {
				t.Errorf("part %d did not wait for the previous part's status", i)
			}
		}
		// Their statuses come back by webhook.
		deadline := time.Now().Add(10 * time.Second)
		for _, id := range ids {
			for {
				st, wamid, _ := s.status(t, id)
				if st == "delivered" && wamid != "" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: %s %q", id, st, wamid)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		// Nothing left to send.
		if err := s.worker.Work(context.Background(), s.job); err != nil || len(w.graph.Sends()) != 3 {
			t.Fatalf("again: %v, %d sends", err, len(w.graph.Sends()))
		}
	})
}

// TestSendBackoff: Meta's rate-limit codes wait 4^X s (the number's
// limit, or the recipient's on 131056), shared through the database; the
// message is not failed, and a success clears the count.
func TestSendBackoff(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		s := newSending(t, w, "1201")
		ids := s.reply(t, "Olá!")
		snooze := func() time.Duration {
			t.Helper()
			err := s.worker.Work(context.Background(), s.job)
			var sn *rivertype.JobSnoozeError
			if !errors.As(err, &sn) {
				t.Fatalf("want a snooze, got %v", err)
			}
			return sn.Duration
		}
		w.graph.FailSends(graphtest.SendError{Code: 130429}, graphtest.SendError{Code: 130429})
		if d := snooze(); d != time.Second {
			t.Errorf("first 130429: %s", d)
		}
		s.clock.Advance(time.Second)
		if d := snooze(); d != 4*time.Second {
			t.Errorf("second 130429: %s", d)
		}
		if st, _, _ := s.status(t, ids[0]); st != "pending" {
			t.Errorf("status while rate limited: %s", st)
		}
		// The next run waits out the rest of the backoff (here 2 s, short
		// enough to wait in the job) before calling Meta, then sends.
		s.clock.Advance(time.Second)
		start := time.Now()
		if err := s.worker.Work(context.Background(), s.job); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited < 1500*time.Millisecond || len(w.graph.Sends()) != 1 {
			t.Errorf("after the backoff: waited %s, %d sends", waited, len(w.graph.Sends()))
		}
		if n := w.count(`SELECT COUNT(*) FROM whatsapp_rate_limits WHERE strikes > 0`); n != 0 {
			t.Errorf("strikes left after a send: %d", n)
		}
		ids = s.reply(t, "De novo!")
		s.clock.Advance(10 * time.Second)
		w.graph.FailSends(graphtest.SendError{Code: 131056}, graphtest.SendError{Code: 131056})
		if d := snooze(); d != time.Second {
			t.Errorf("first 131056: %s", d)
		}
		s.clock.Advance(time.Second)
		if d := snooze(); d != 4*time.Second {
			t.Errorf("second 131056: %s", d)
		}
		if n := w.count(`SELECT COUNT(*) FROM whatsapp_rate_limits WHERE strikes > 0 AND key LIKE 'pair:%'`); n != 1 {
			t.Errorf("131056 counted for the recipient: %d", n)
		}
		if st, _, _ := s.status(t, ids[0]); st != "pending" {
			t.Errorf("status while rate limited: %s", st)
		}
		s.clock.Advance(4 * time.Second)
		if err := s.worker.Work(context.Background(), s.job); err != nil {
			t.Fatal(err)
		}
		if len(w.graph.Sends()) != 2 || w.count(`SELECT COUNT(*) FROM whatsapp_rate_limits WHERE strikes > 0`) != 0 {
			t.Errorf("after: %d sends, strikes left %d", len(w.graph.Sends()), w.count(`SELECT COUNT(*) FROM whatsapp_rate_limits WHERE strikes > 0`))
		}
	})
}

// TestSendWindow: 23 h 59 m after the lead's last message a reply goes;
// 24 h 01 m after, it is refused before any call, and the conversation
// says why.
func TestSendWindow(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		s := newSending(t, w, "1301")
		var last time.Time
		if err := w.db.Reader().QueryRow(`SELECT created_at FROM messages WHERE provider_message_id = 'wamid.in-1301'`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		s.clock.Set(last.Add(23*time.Hour + 59*time.Minute))
		s.reply(t, "Ainda dá tempo.")
		if err := s.worker.Work(context.Background(), s.job); err != nil || len(w.graph.Sends()) != 1 {
			t.Fatalf("at 23 h 59 m: %v, %d sends", err, len(w.graph.Sends()))
		}
		s.clock.Set(last.Add(24*time.Hour + time.Minute))
		late := s.reply(t, "Tarde demais.")
		if err := s.worker.Work(context.Background(), s.job); err != nil {
			t.Fatal(err)
		}
		if n := len(w.graph.Sends()); n != 1 {
			t.Fatalf("at 24 h 01 m: %d sends", n)
		}
		if st, _, why := s.status(t, late[0]); st != "failed" || !strings.Contains(why, "24 horas") {
			t.Errorf("late message: %s %q", st, why)
		}
		if n := w.count(`SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND author = 'system' AND text LIKE '%24 horas%'`, s.conv); n != 1 {
			t.Errorf("%d notes in the conversation", n)
		}
	})
}

// TestSendTokenInvalid: Meta's 190 marks the channel broken and stops:
// one call, no retries.
func TestSendTokenInvalid(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		s := newSending(t, w, "1401")
		ids := s.reply(t, "Um.", "Dois.")
		w.graph.ExpireToken(s.x.token)
		err := s.worker.Work(context.Background(), s.job)
		var cancel *rivertype.JobCancelError
		if !errors.As(err, &cancel) {
			t.Fatalf("want the job cancelled, got %v", err)
		}
		for _, id := range ids {
			if st, _, why := s.status(t, id); st != "failed" || !strings.Contains(why, "token") {
				t.Errorf("%s: %s %q", id, st, why)
			}
		}
		r := s.x.owner.Do("GET", "/api/v1/channels/"+s.x.channel, nil)
		if !strings.Contains(string(r.Body), `"token_error":"A Meta recusou`) {
			t.Errorf("channel: %s", r.Body)
		}
		calls := len(w.graph.Requests())
		s.reply(t, "Três.")
		if err := s.worker.Work(context.Background(), s.job); !errors.As(err, &cancel) || len(w.graph.Requests()) != calls {
			t.Errorf("with the token broken: %v, %d more calls", err, len(w.graph.Requests())-calls)
		}
	})
}

// TestSendAfterCrash: a job killed before the call sends once; one killed
// after the call whose status came in does not send again; one whose status
// never comes sends after RescueWait.
func TestSendAfterCrash(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		s := newSending(t, w, "1501")

		// Killed before the call: nothing marked; sent once.
		before := s.reply(t, "Antes da chamada.")
		if err := s.worker.Work(ctx, s.job); err != nil || len(w.graph.Sends()) != 1 {
			t.Fatalf("before the call: %v, %d sends", err, len(w.graph.Sends()))
		}
		if _, wamid, _ := s.status(t, before[0]); wamid == "" {
			t.Fatal("no wamid stored")
		}

		// Killed after the call: marked sending, no wamid stored; Meta's
		// status for it (tagged with its id) came in.
		after := s.reply(t, "Depois da chamada.")
		at := s.clock.Now()
		if err := w.db.MarkSending(ctx, s.x.org, after[0], &at); err != nil {
			t.Fatal(err)
		}
		body := graphtest.Envelope(graphtest.Entry{Changes: []graphtest.Change{{PhoneNumberID: s.x.number, Statuses: []graphtest.Status{{
			ID: "wamid.accepted-before-crash", Status: "sent", Timestamp: time.Now(), RecipientID: "5562999990501", CallbackData: after[0]}}}}})
		if st, _ := w.post("/webhooks/whatsapp", appSecret, body); st != 200 {
			t.Fatal(st)
		}
		if err := s.worker.Work(ctx, s.job); err != nil || len(w.graph.Sends()) != 1 {
			t.Fatalf("after the call: %v, %d sends", err, len(w.graph.Sends()))
		}
		if st, wamid, _ := s.status(t, after[0]); st != "sent" || wamid != "wamid.accepted-before-crash" {
			t.Errorf("after the call: %s %q", st, wamid)
		}

		// Killed during the call, no status ever: sent after the wait.
		lost := s.reply(t, "Sem notícia.")
		if err := w.db.MarkSending(ctx, s.x.org, lost[0], &at); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := s.worker.Work(ctx, s.job); err != nil || len(w.graph.Sends()) != 2 {
			t.Fatalf("no status: %v, %d sends", err, len(w.graph.Sends()))
		}
		if time.Since(start) < 300*time.Millisecond {
			t.Errorf("sent again without waiting for a status")
		}
	})
}

// TestEndToEnd: a signed webhook with a lead's question; after the
// debounce and the local model's answer, the local Graph API receives the
// reply citing the knowledge base, and the conversation shows both
// messages with their statuses.
func TestEndToEnd(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			model := llmtest.NewOpenAIServer(t)
			model.Default = llmtest.Agent
			w := newWorldWith(t, d, func(c *config.Config) {
				c.WhatsAppDebounce = 300 * time.Millisecond
				c.OpenAIAPIKey, c.OpenAIBaseURL = "sk-teste", model.URL
			})
			w.graph.ReportStatuses(&graphtest.Statuses{URL: w.srv.URL + "/webhooks/whatsapp", Secret: appSecret})
			x := w.newTenant("Ana", "1601", true)
			c := x.owner
			// A knowledge base with the answer, on the agent, at any hour.
			r := c.Do("POST", "/api/v1/knowledge-bases", map[string]string{"name": "Base"})
			mustStatus(t, r, 201)
			var base struct{ ID string }
			r.JSON(&base)
			r = c.Do("POST", "/api/v1/knowledge-bases/"+base.ID+"/faqs", map[string]string{
				"question": "Qual o prazo de instalação?", "answer": "A instalação é feita em até 15 dias úteis após a vistoria."})
			mustStatus(t, r, 201)
			var list struct{ Items []struct{ ID string } }
			c.Do("GET", "/api/v1/agents", nil).JSON(&list)
			var ag struct {
				ID            string
				Version       int
				BusinessHours map[string]any `json:"business_hours"`
			}
			c.Do("GET", "/api/v1/agents/"+list.Items[0].ID, nil).JSON(&ag)
			ag.BusinessHours["enabled"] = false
			mustStatus(t, c.Do("PATCH", "/api/v1/agents/"+ag.ID, map[string]any{"version": ag.Version,
				"business_hours": ag.BusinessHours, "knowledge_base_ids": []string{base.ID}}), 200)
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				var src struct{ Items []struct{ Status string } }
				c.Do("GET", "/api/v1/knowledge-bases/"+base.ID+"/sources", nil).JSON(&src)
				if len(src.Items) == 1 && src.Items[0].Status == "ready" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the FAQ was not ingested")
				}
			}

			if s, _ := w.post("/webhooks/whatsapp", appSecret, text(x, "5562999991601", "wamid.question", "Qual o prazo de instalação?")); s != 200 {
				t.Fatal(s)
			}
			var sends []graphtest.Send
			for deadline := time.Now().Add(30 * time.Second); len(sends) == 0; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("no reply reached the Graph API")
				}
				sends = w.graph.Sends()
			}
			if !strings.Contains(sends[0].Text, "15 dias úteis") || strings.Contains(sends[0].Text, "[p:") || sends[0].To != "+5562999991601" {
				t.Fatalf("reply: %+v", sends[0])
			}
			var conv string
			if err := w.db.Reader().QueryRow(`SELECT conversation_id FROM messages WHERE provider_message_id = 'wamid.question'`).Scan(&conv); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				var page struct {
					Items []struct {
						Author, Status, Text string
						TraceID              *string `json:"trace_id"`
					}
				}
				c.Do("GET", "/api/v1/conversations/"+conv+"/messages", nil).JSON(&page)
				if len(page.Items) == 2 && page.Items[0].Author == "lead" && page.Items[0].Status == "received" &&
					page.Items[1].Author == "ai" && page.Items[1].Status == "delivered" && page.Items[1].TraceID != nil &&
					page.Items[1].Text == sends[0].Text {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("messages: %+v", page.Items)
				}
			}
		})
	}
}

// TestHumanReplyGoesOut: a person's reply from the inbox takes the agent's
// path to WhatsApp.
func TestHumanReplyGoesOut(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		x := w.newTenant("Ana", "1701", true)
		if s, _ := w.post("/webhooks/whatsapp", appSecret, text(x, "5562999991701", "wamid.human", "Quero falar com alguém")); s != 200 {
			t.Fatal(s)
		}
		var conv string
		if err := w.db.Reader().QueryRow(`SELECT conversation_id FROM messages WHERE provider_message_id = 'wamid.human'`).Scan(&conv); err != nil {
			t.Fatal(err)
		}
		mustStatus(t, x.owner.Do("POST", "/api/v1/conversations/"+conv+"/takeover", nil), 200)
		mustStatus(t, x.owner.Do("POST", "/api/v1/conversations/"+conv+"/messages", map[string]string{"text": "Oi! Aqui é a Ana, da loja."}), 201)
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if sends := w.graph.Sends(); len(sends) == 1 {
				if sends[0].Text != "Oi! Aqui é a Ana, da loja." || sends[0].To != "+5562999991701" {
					t.Fatalf("send: %+v", sends[0])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the reply did not go out: %d sends", len(w.graph.Sends()))
			}
		}
	})
}
