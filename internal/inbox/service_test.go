package inbox_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/events"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
	"github.com/riverqueue/river"
)

type fixture struct {
	db    *store.DB
	svc   *inbox.Service
	clock *piloto.FakeClock
	org   string
	user  string
	agent string
	wa    *inbox.Channel // a WhatsApp channel
	play  *inbox.Channel // the playground
}

// newOrg makes a user, their organization and an agent.
func newOrg(t *testing.T, db *store.DB, clock piloto.Clock, name string) (orgID, userID, agentID string) {
	t.Helper()
	now := clock.Now()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: name, CreatedAt: now}
	o := &org.Organization{ID: piloto.NewID(), Name: "Loja de " + name, TimeZone: "America/Sao_Paulo", CreatedAt: now}
	if err := db.CreateAccount(context.Background(), u, o, nil, ""); err != nil {
		t.Fatal(err)
	}
	cfg := agent.Defaults("America/Sao_Paulo")
	cfg.Name = "Sol"
	a, err := (&agent.Service{Store: db, Clock: clock}).Create(context.Background(), o.ID, agent.Author{UserID: u.ID, Name: name}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID, u.ID, a.ID
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := piloto.NewFakeClock(time.Date(2026, 11, 24, 17, 5, 0, 0, time.UTC))
	f := &fixture{db: db, svc: &inbox.Service{Store: db, Clock: clock}, clock: clock}
	f.org, f.user, f.agent = newOrg(t, db, clock, "Ana")
	var err error
	if f.wa, err = f.svc.CreateChannel(ctx, f.org, inbox.ChannelWhatsApp, "Comercial"); err != nil {
		t.Fatal(err)
	}
	if f.play, err = f.svc.PlaygroundChannel(ctx, f.org); err != nil {
		t.Fatal(err)
	}
	return f
}

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if piloto.ErrorCode(err) != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

func TestStartConversationReusesContactAndLead(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		conv := must[*inbox.Conversation](t)

		// The playground channel is one per organization.
		if again := must[*inbox.Channel](t)(f.svc.PlaygroundChannel(ctx, f.org)); again.ID != f.play.ID || again.Type != inbox.ChannelPlayground {
			t.Fatalf("playground again: %+v, first %+v", again, f.play)
		}

		// A first message on WhatsApp: a new contact, a new lead, a new conversation.
		c1 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990000", Name: "João"}, f.agent))
		if c1.Contact.WaID != "5562999990000" || c1.Contact.Name != "João" || c1.Contact.Test || c1.Lead == nil ||
			c1.Lead.Stage != inbox.StageNew || c1.Lead.Origin != "whatsapp" || c1.Status != inbox.StatusOpen ||
			c1.AgentID != f.agent || c1.Channel.ID != f.wa.ID || c1.Channel.Type != inbox.ChannelWhatsApp || c1.AIPaused ||
			len(c1.Lead.Fields) != 0 || c1.ClosedAt != nil || !c1.LastMessageAt.Equal(f.clock.Now()) {
			t.Fatalf("first: %+v lead %+v", c1, c1.Lead)
		}
		if c1.Lead.Stage.Label() != "Novo" || inbox.StageWithSeller.Label() != "Com vendedor" || c1.Status.Label() != "Aberta" {
			t.Fatal("labels")
		}

		// The same wa_id while it is open: the same conversation.
		c2 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990000", Phone: "+5562999990000"}, f.agent))
		if c2.ID != c1.ID || c2.Contact.ID != c1.Contact.ID || c2.Contact.Phone != "+5562999990000" || c2.Contact.Name != "João" {
			t.Fatalf("again: %+v", c2)
		}

		// Closed: a new conversation of the same contact, on the same open lead.
		if err := f.svc.SetConversationStatus(ctx, f.org, c1.ID, inbox.StatusClosed, f.user); err != nil {
			t.Fatal(err)
		}
		closed := conv(f.svc.Conversation(ctx, f.org, c1.ID))
		if closed.Status != inbox.StatusClosed || closed.ClosedBy != inbox.ClosedByPerson || closed.ClosedByUserID != f.user || closed.ClosedAt == nil {
			t.Fatalf("closed: %+v", closed)
		}
		f.clock.Advance(time.Hour)
		c3 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990000"}, f.agent))
		if c3.ID == c1.ID || c3.Contact.ID != c1.Contact.ID || c3.Lead.ID != c1.Lead.ID {
			t.Fatalf("after close: %+v", c3)
		}
		// Reopening the first would make two open conversations.
		wantCode(t, f.svc.SetConversationStatus(ctx, f.org, c1.ID, inbox.StatusOpen, ""), piloto.ECONFLICT)

		// The lead is lost: the next conversation makes a new lead.
		if err := f.svc.SetLeadStage(ctx, f.org, c1.Lead.ID, inbox.StageLost); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetConversationStatus(ctx, f.org, c3.ID, inbox.StatusClosed, f.user); err != nil {
			t.Fatal(err)
		}
		c4 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990000"}, f.agent))
		if c4.Contact.ID != c1.Contact.ID || c4.Lead.ID == c1.Lead.ID || c4.Lead.Stage != inbox.StageNew {
			t.Fatalf("after lost: %+v", c4.Lead)
		}
		old := conv(f.svc.Conversation(ctx, f.org, c1.ID))
		if old.Lead.Stage != inbox.StageLost || old.Lead.ClosedAt == nil {
			t.Fatalf("lost lead: %+v", old.Lead)
		}
		// The lost lead cannot come back while the new one is open.
		wantCode(t, f.svc.SetLeadStage(ctx, f.org, c1.Lead.ID, inbox.StageQualifying), piloto.ECONFLICT)

		// Won too.
		if err := f.svc.SetLeadStage(ctx, f.org, c4.Lead.ID, inbox.StageWon); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetConversationStatus(ctx, f.org, c4.ID, inbox.StatusClosed, ""); err != nil {
			t.Fatal(err)
		}
		c5 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990000"}, f.agent))
		if c5.Lead.ID == c4.Lead.ID || c5.Lead.ID == c1.Lead.ID {
			t.Fatalf("after won: %+v", c5.Lead)
		}

		// By phone: a contact known by number gets its wa_id.
		p1 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{Phone: "+5511988887777", Name: "Maria"}, ""))
		p2 := conv(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5511988887777", Phone: "+5511988887777"}, f.agent))
		if p2.ID != p1.ID || p2.Contact.WaID != "5511988887777" || p1.AgentID != "" {
			t.Fatalf("by phone: %+v / %+v", p1, p2)
		}

		// The playground: a fresh test contact and lead every time.
		t1 := conv(f.svc.StartConversation(ctx, f.org, f.play.ID, inbox.Contact{Name: "Teste"}, f.agent))
		t2 := conv(f.svc.StartConversation(ctx, f.org, f.play.ID, inbox.Contact{Name: "Teste"}, f.agent))
		if t1.ID == t2.ID || t1.Contact.ID == t2.Contact.ID || t1.Lead.ID == t2.Lead.ID || !t1.Contact.Test || !t1.Lead.Test ||
			t1.Lead.Origin != "playground" || t1.Channel.Type != inbox.ChannelPlayground {
			t.Fatalf("playground: %+v / %+v", t1, t2)
		}

		// Refused: WhatsApp without a key; another organization's agent; an unknown channel.
		_, err := f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{Name: "Sem número"}, f.agent)
		wantCode(t, err, piloto.EINVALID)
		_, _, otherAgent := newOrg(t, db, f.clock, "Bia")
		_, err = f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5500000000001"}, otherAgent)
		wantCode(t, err, piloto.ENOTFOUND)
		_, err = f.svc.StartConversation(ctx, f.org, piloto.NewID(), inbox.Contact{WaID: "5500000000001"}, f.agent)
		wantCode(t, err, piloto.ENOTFOUND)
	})
}

func TestMessagesDedupAndPages(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		c := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562911112222"}, f.agent))
		msg := must[*inbox.Message](t)

		// A redelivered webhook: the same provider id stores one message.
		f.clock.Advance(time.Minute)
		m1 := msg(f.svc.AddMessage(ctx, f.org, c.ID, inbox.Message{Author: inbox.AuthorLead, Text: "Oi, quanto custa?", ProviderMessageID: "wamid.1"}))
		if m1.Direction != inbox.DirectionIn || m1.Status != inbox.MessageReceived || m1.TraceID != nil || !m1.CreatedAt.Equal(f.clock.Now()) {
			t.Fatalf("first: %+v", m1)
		}
		f.clock.Advance(time.Minute)
		dup := msg(f.svc.AddMessage(ctx, f.org, c.ID, inbox.Message{Author: inbox.AuthorLead, Text: "Oi, quanto custa?", ProviderMessageID: "wamid.1"}))
		if dup.ID != m1.ID || !dup.CreatedAt.Equal(m1.CreatedAt) {
			t.Fatalf("duplicate: %+v, first %+v", dup, m1)
		}
		// The same provider id in another organization is another message.
		otherOrg, _, _ := newOrg(t, db, f.clock, "Bia")
		other := &inbox.Service{Store: db, Clock: f.clock}
		oc := must[*inbox.Channel](t)(other.PlaygroundChannel(ctx, otherOrg))
		ocv := must[*inbox.Conversation](t)(other.StartConversation(ctx, otherOrg, oc.ID, inbox.Contact{}, ""))
		om := msg(other.AddMessage(ctx, otherOrg, ocv.ID, inbox.Message{Author: inbox.AuthorLead, Text: "Oi", ProviderMessageID: "wamid.1"}))
		if om.ID == m1.ID {
			t.Fatal("dedup crossed organizations")
		}
		// Another organization's conversation is not found.
		_, err := f.svc.AddMessage(ctx, f.org, ocv.ID, inbox.Message{Author: inbox.AuthorAI, Text: "Intruso"})
		wantCode(t, err, piloto.ENOTFOUND)
		_, _, err = f.svc.Messages(ctx, f.org, ocv.ID, "", 10)
		wantCode(t, err, piloto.ENOTFOUND)
		_, err = f.svc.AddMessage(ctx, f.org, c.ID, inbox.Message{Author: "robot", Text: "?"})
		wantCode(t, err, piloto.EINVALID)

		// 120 messages in all, read back 50 at a time from the newest.
		for i := 2; i <= 120; i++ {
			author := inbox.AuthorAI
			if i%2 == 1 {
				author = inbox.AuthorLead
			}
			m := msg(f.svc.AddMessage(ctx, f.org, c.ID, inbox.Message{Author: author, Text: "mensagem " + strconv.Itoa(i)}))
			if m.Direction != author.Direction() {
				t.Fatalf("direction of %+v", m)
			}
		}
		conv := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, c.ID))
		if !conv.LastMessageAt.Equal(f.clock.Now()) {
			t.Fatalf("last message at %v, want %v", conv.LastMessageAt, f.clock.Now())
		}
		var pages [][]inbox.Message
		cursor := ""
		for range 10 {
			page, next, err := f.svc.Messages(ctx, f.org, c.ID, cursor, 50)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, page)
			if cursor = next; cursor == "" {
				break
			}
		}
		if len(pages) != 3 || len(pages[0]) != 50 || len(pages[1]) != 50 || len(pages[2]) != 20 {
			t.Fatalf("%d pages", len(pages))
		}
		var all []inbox.Message
		for i := len(pages) - 1; i >= 0; i-- {
			all = append(all, pages[i]...)
		}
		if all[0].ID != m1.ID {
			t.Fatalf("oldest is %+v", all[0])
		}
		for i, m := range all[1:] {
			if m.Text != "mensagem "+strconv.Itoa(i+2) {
				t.Fatalf("message %d is %q", i+1, m.Text)
			}
		}
		_, _, err = f.svc.Messages(ctx, f.org, c.ID, "abc", 50)
		wantCode(t, err, piloto.EINVALID)
	})
}

func TestLeadFieldsTracesFollowups(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		c := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562933334444"}, f.agent))

		// Lead fields: upsert by key, with evidence and confidence.
		if err := f.svc.SetLeadField(ctx, f.org, c.Lead.ID, "valor_conta", "450", "minha conta vem uns 450", 0.7); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetLeadField(ctx, f.org, c.Lead.ID, "cidade", "Goiânia", "moro em Goiânia", 0.95); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		if err := f.svc.SetLeadField(ctx, f.org, c.Lead.ID, "valor_conta", "480", "na verdade é 480", 0.9); err != nil {
			t.Fatal(err)
		}
		got := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, c.ID))
		fs := got.Lead.Fields
		if len(fs) != 2 || fs[0].Key != "cidade" || fs[1].Key != "valor_conta" || fs[1].Value != "480" ||
			fs[1].Evidence != "na verdade é 480" || fs[1].Confidence != 0.9 || !fs[1].UpdatedAt.Equal(f.clock.Now()) || fs[0].Confidence != 0.95 {
			t.Fatalf("fields: %+v", fs)
		}
		wantCode(t, f.svc.SetLeadField(ctx, f.org, c.Lead.ID, "x", "1", "", 1.5), piloto.EINVALID)
		otherOrg, _, _ := newOrg(t, db, f.clock, "Bia")
		wantCode(t, f.svc.SetLeadField(ctx, otherOrg, c.Lead.ID, "x", "1", "", 0.5), piloto.ENOTFOUND)
		wantCode(t, f.svc.SetLeadStage(ctx, otherOrg, c.Lead.ID, inbox.StageWon), piloto.ENOTFOUND)

		// A trace, linked from its message.
		reply := must[*inbox.Message](t)(f.svc.AddMessage(ctx, f.org, c.ID, inbox.Message{Author: inbox.AuthorAI, Text: "Para 480 reais, uns 6 painéis."}))
		if reply.Status != inbox.MessagePending || reply.Direction != inbox.DirectionOut {
			t.Fatalf("reply: %+v", reply)
		}
		tr := &inbox.Trace{ConversationID: c.ID, MessageID: reply.ID, AgentID: f.agent, AgentVersion: 1, InputTokens: 1200,
			OutputTokens: 80, CostMicroBRL: 3456, LatencyMS: 900, Detail: inbox.TraceDetail{Provider: "openai", Model: "gpt-4o-mini",
				PromptChars: 5000, ToolCalls: []inbox.ToolCall{{Name: "search_knowledge", Args: json.RawMessage(`{"query":"painéis"}`),
					Result: json.RawMessage(`{"hits":2}`)}}, Passages: []inbox.Passage{{ChunkID: "c1", SourceID: "s1", Score: 3.2}}}}
		if err := f.svc.SaveTrace(ctx, f.org, tr); err != nil {
			t.Fatal(err)
		}
		page, _, err := f.svc.Messages(ctx, f.org, c.ID, "", 0)
		if err != nil || len(page) != 1 || page[0].TraceID == nil || *page[0].TraceID != tr.ID {
			t.Fatalf("messages: %+v, %v", page, err)
		}
		back := must[*inbox.Trace](t)(f.svc.Trace(ctx, f.org, tr.ID))
		if back.MessageID != reply.ID || back.CostMicroBRL != 3456 || back.Detail.ToolCalls[0].Name != "search_knowledge" ||
			string(back.Detail.ToolCalls[0].Args) != `{"query":"painéis"}` || back.Detail.Passages[0].Score != 3.2 || back.AgentVersion != 1 {
			t.Fatalf("trace: %+v", back)
		}
		// A second trace for the same message, or one in another organization, is refused.
		wantCode(t, f.svc.SaveTrace(ctx, f.org, &inbox.Trace{ConversationID: c.ID, MessageID: reply.ID}), piloto.ECONFLICT)
		wantCode(t, f.svc.SaveTrace(ctx, otherOrg, &inbox.Trace{ConversationID: c.ID}), piloto.ENOTFOUND)
		_, err = f.svc.Trace(ctx, otherOrg, tr.ID)
		wantCode(t, err, piloto.ENOTFOUND)
		// A failed reply has a trace without a message.
		if err := f.svc.SaveTrace(ctx, f.org, &inbox.Trace{ConversationID: c.ID, AgentID: f.agent, Error: "timeout"}); err != nil {
			t.Fatal(err)
		}

		// Follow-ups.
		_, err = f.svc.AddFollowup(ctx, f.org, c.ID, f.clock.Now().Add(-time.Minute), "tarde demais")
		wantCode(t, err, piloto.EINVALID)
		_, err = f.svc.AddFollowup(ctx, otherOrg, c.ID, f.clock.Now().Add(time.Hour), "intruso")
		wantCode(t, err, piloto.ENOTFOUND)
		fu := must[*inbox.Followup](t)(f.svc.AddFollowup(ctx, f.org, c.ID, f.clock.Now().Add(20*time.Hour), "perguntar se viu a proposta"))
		list := must[[]inbox.Followup](t)(f.svc.Followups(ctx, f.org, c.ID))
		if len(list) != 1 || list[0].ID != fu.ID || list[0].Status != inbox.FollowupPending || !list[0].DueAt.Equal(fu.DueAt) {
			t.Fatalf("follow-ups: %+v", list)
		}

		// Pausing the AI; statuses; another organization changes nothing.
		if err := f.svc.SetAIPaused(ctx, f.org, c.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetConversationStatus(ctx, f.org, c.ID, inbox.StatusWaitingHuman, ""); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.svc.SetAIPaused(ctx, otherOrg, c.ID, false), piloto.ENOTFOUND)
		wantCode(t, f.svc.SetConversationStatus(ctx, otherOrg, c.ID, inbox.StatusClosed, ""), piloto.ENOTFOUND)
		_, err = f.svc.Conversation(ctx, otherOrg, c.ID)
		wantCode(t, err, piloto.ENOTFOUND)
		got = must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, c.ID))
		if !got.AIPaused || got.Status != inbox.StatusWaitingHuman {
			t.Fatalf("paused: %+v", got)
		}
	})
}

func TestCloseQuiet(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		start := func(svc *inbox.Service, orgID, channelID, waID string) *inbox.Conversation {
			return must[*inbox.Conversation](t)(svc.StartConversation(ctx, orgID, channelID, inbox.Contact{WaID: waID}, ""))
		}
		say := func(svc *inbox.Service, orgID, id string) {
			must[*inbox.Message](t)(svc.AddMessage(ctx, orgID, id, inbox.Message{Author: inbox.AuthorLead, Text: "oi"}))
		}
		// Another organization's conversations close by the same job.
		otherOrg, _, _ := newOrg(t, db, f.clock, "Bia")
		other := &inbox.Service{Store: db, Clock: f.clock}
		oc := must[*inbox.Channel](t)(other.PlaygroundChannel(ctx, otherOrg))

		quiet := start(f.svc, f.org, f.wa.ID, "1")
		say(f.svc, f.org, quiet.ID)
		otherQuiet := must[*inbox.Conversation](t)(other.StartConversation(ctx, otherOrg, oc.ID, inbox.Contact{}, ""))
		f.clock.Advance(10 * time.Hour)
		waiting := start(f.svc, f.org, f.wa.ID, "2")
		if err := f.svc.SetConversationStatus(ctx, f.org, waiting.ID, inbox.StatusWaitingHuman, ""); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(10 * time.Hour)
		recent := start(f.svc, f.org, f.wa.ID, "3")
		f.clock.Advance(4*time.Hour + time.Second) // quiet: 24 h 1 s; waiting: 14 h; recent: 4 h

		n, err := f.svc.CloseQuiet(ctx, f.clock.Now(), 0)
		if err != nil || n != 2 {
			t.Fatalf("closed %d, %v", n, err)
		}
		for _, x := range []struct {
			svc    *inbox.Service
			org    string
			id     string
			closed bool
		}{{f.svc, f.org, quiet.ID, true}, {other, otherOrg, otherQuiet.ID, true}, {f.svc, f.org, waiting.ID, false}, {f.svc, f.org, recent.ID, false}} {
			c := must[*inbox.Conversation](t)(x.svc.Conversation(ctx, x.org, x.id))
			if x.closed != (c.Status == inbox.StatusClosed) || x.closed && (c.ClosedBy != inbox.ClosedByQuiet || !c.ClosedAt.Equal(f.clock.Now())) {
				t.Fatalf("%s: %+v", x.id, c)
			}
		}
		// Again: nothing more; a shorter quiet period closes the waiting one.
		if n, err := f.svc.CloseQuiet(ctx, f.clock.Now(), inbox.DefaultQuiet); err != nil || n != 0 {
			t.Fatalf("again: %d, %v", n, err)
		}
		if n, err := f.svc.CloseQuiet(ctx, f.clock.Now(), 12*time.Hour); err != nil || n != 1 {
			t.Fatalf("12 h: %d, %v", n, err)
		}
		// A quiet-closed contact writing again starts a new conversation.
		again := start(f.svc, f.org, f.wa.ID, "1")
		if again.ID == quiet.ID || again.Contact.ID != quiet.Contact.ID || again.Lead.ID != quiet.Lead.ID {
			t.Fatalf("after quiet: %+v", again)
		}
	})
}

// TestCloseQuietWorker runs the periodic job: it closes the quiet
// conversations, each with a live event.
func TestCloseQuietWorker(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		c := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "1"}, ""))
		recent := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "2"}, ""))
		f.clock.Advance(time.Hour)
		must[*inbox.Message](t)(f.svc.AddMessage(ctx, f.org, recent.ID, inbox.Message{Author: inbox.AuthorLead, Text: "oi"}))
		f.clock.Advance(30 * time.Minute)
		before := must[int64](t)(db.LatestEventID(ctx, f.org))

		w := &inbox.CloseQuietWorker{Service: f.svc, Quiet: 80 * time.Minute, Clock: f.clock}
		if err := w.Work(ctx, &river.Job[inbox.CloseQuietArgs]{}); err != nil {
			t.Fatal(err)
		}
		if got := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, c.ID)); got.Status != inbox.StatusClosed || got.ClosedBy != inbox.ClosedByQuiet {
			t.Fatalf("quiet one: %+v", got)
		}
		if got := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, recent.ID)); got.Status != inbox.StatusOpen {
			t.Fatalf("recent one: %+v", got)
		}
		evs := must[[]events.Event](t)(db.EventsAfter(ctx, f.org, before, 100))
		if len(evs) != 1 || evs[0].Kind != "conversation.updated" || evs[0].SubjectID != c.ID {
			t.Fatalf("events: %+v", evs)
		}
	})
}

// TestBeginReply: one reply at a time holds a conversation; the next gets
// it when the first ends, or when its lease ran out.
func TestBeginReply(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		c := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "1"}, ""))
		other := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "2"}, ""))

		end, ok, err := f.svc.BeginReply(ctx, f.org, c.ID)
		if err != nil || !ok {
			t.Fatalf("first: %v %v", ok, err)
		}
		if _, ok, err := f.svc.BeginReply(ctx, f.org, c.ID); err != nil || ok {
			t.Fatalf("second while the first holds it: %v %v", ok, err)
		}
		endOther, ok, err := f.svc.BeginReply(ctx, f.org, other.ID)
		if err != nil || !ok {
			t.Fatalf("another conversation: %v %v", ok, err)
		}
		endOther()
		end()
		end2, ok, err := f.svc.BeginReply(ctx, f.org, c.ID)
		if err != nil || !ok {
			t.Fatalf("after the first ended: %v %v", ok, err)
		}
		// A reply that never ends (a crash) holds it for ReplyLease.
		f.clock.Advance(inbox.ReplyLease - time.Second)
		if _, ok, _ := f.svc.BeginReply(ctx, f.org, c.ID); ok {
			t.Fatal("taken before the lease ran out")
		}
		f.clock.Advance(time.Second)
		end3, ok, err := f.svc.BeginReply(ctx, f.org, c.ID)
		if err != nil || !ok {
			t.Fatalf("after the lease ran out: %v %v", ok, err)
		}
		end2() // the crashed reply's end does not free the new lease
		if _, ok, _ := f.svc.BeginReply(ctx, f.org, c.ID); ok {
			t.Fatal("an old reply's end freed a newer lease")
		}
		end3()

		// Another organization's conversation is not found.
		otherOrg, _, _ := newOrg(t, db, f.clock, "Bia")
		if _, _, err := f.svc.BeginReply(ctx, otherOrg, c.ID); piloto.ErrorCode(err) != piloto.ENOTFOUND {
			t.Fatalf("other organization: %v", err)
		}
	})
}
