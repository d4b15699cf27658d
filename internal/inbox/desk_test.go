package inbox_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// addMember makes a user named name and adds them to the organization as a
// member.
func addMember(t *testing.T, db *store.DB, clock piloto.Clock, orgID, name string) string {
	t.Helper()
	now := clock.Now()
	u := &auth.User{ID: piloto.NewID(), Email: piloto.NewID() + "@example.com", Name: name, CreatedAt: now}
	own := &org.Organization{ID: piloto.NewID(), Name: "De " + name, TimeZone: "America/Sao_Paulo", CreatedAt: now}
	if err := db.CreateAccount(context.Background(), u, own, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(context.Background(), `
		INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, 'member', $3)`,
		orgID, u.ID, now); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// say adds a message by author to a conversation.
func (f *fixture) say(t *testing.T, convID string, author inbox.Author, text string) *inbox.Message {
	t.Helper()
	m, err := f.svc.AddMessage(context.Background(), f.org, convID, inbox.Message{Author: author, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// ids lists the ids of a page.
func ids(list []inbox.Summary) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func (f *fixture) list(t *testing.T, userID string, flt inbox.Filter) []string {
	t.Helper()
	list, _, err := f.svc.List(context.Background(), f.org, userID, flt)
	if err != nil {
		t.Fatal(err)
	}
	return ids(list)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(a, b)
}

func TestInboxListViewsSearchAndUnread(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		bia := addMember(t, db, f.clock, f.org, "Bia")
		ana := inbox.Person{UserID: f.user, Name: "Ana"}
		start := func(c inbox.Contact) string {
			t.Helper()
			f.clock.Advance(time.Minute)
			return must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, c, f.agent)).ID
		}
		joao := start(inbox.Contact{WaID: "5562999990001", Phone: "+5562999990001", Name: "João Conceição"})
		f.say(t, joao, inbox.AuthorLead, "Quero a instalação de PAINÉIS solares")
		f.say(t, joao, inbox.AuthorAI, "Claro! Qual a sua cidade?")
		f.say(t, joao, inbox.AuthorLead, "Goiânia")
		maria := start(inbox.Contact{WaID: "5511988887777", Phone: "+5511988887777", Name: "Maria Silva"})
		f.say(t, maria, inbox.AuthorLead, "Qual o preço da bateria?")
		waiting := start(inbox.Contact{WaID: "5521977776666", Name: "Pedro"})
		f.say(t, waiting, inbox.AuthorLead, "Quero falar com uma pessoa")
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, waiting, inbox.StatusWaitingHuman, ""))
		closed := start(inbox.Contact{WaID: "5531966665555", Name: "Carla"})
		f.say(t, closed, inbox.AuthorLead, "Obrigada, era só isso")
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, closed, inbox.StatusClosed, f.user))
		taken := start(inbox.Contact{WaID: "5541955554444", Name: "Rafael"})
		f.say(t, taken, inbox.AuthorLead, "Oi")
		must[*inbox.Conversation](t)(f.svc.TakeOver(ctx, f.org, ana, taken))
		play := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.play.ID, inbox.Contact{Name: "Teste"}, f.agent)).ID
		f.say(t, play, inbox.AuthorLead, "Teste de painéis")

		// Views (newest activity first), WhatsApp only unless asked.
		for _, c := range []struct {
			flt  inbox.Filter
			want []string
		}{
			{inbox.Filter{}, []string{taken, waiting, maria, joao}},
			{inbox.Filter{View: inbox.ViewAll, IncludeTests: true}, []string{play, taken, waiting, maria, joao}},
			{inbox.Filter{ChannelID: f.play.ID}, []string{play}},
			{inbox.Filter{View: inbox.ViewMine}, []string{taken}},
			{inbox.Filter{View: inbox.ViewUnassigned}, []string{waiting, maria, joao}},
			{inbox.Filter{View: inbox.ViewWaiting}, []string{waiting}},
			{inbox.Filter{View: inbox.ViewAIActive}, []string{maria, joao}},
			{inbox.Filter{View: inbox.ViewClosed}, []string{closed}},
			{inbox.Filter{AgentID: f.agent, View: inbox.ViewAIActive}, []string{maria, joao}},
			{inbox.Filter{AgentID: piloto.NewID()}, []string{}},
			// Search: names and words without accents or case, phones, prefixes.
			{inbox.Filter{Query: "conceicao"}, []string{joao}},
			{inbox.Filter{Query: "JOÃO"}, []string{joao}},
			{inbox.Filter{Query: "silva"}, []string{maria}},
			{inbox.Filter{Query: "98888"}, []string{maria}},
			{inbox.Filter{Query: "paineis"}, []string{joao}},
			{inbox.Filter{Query: "Instalacao solar"}, []string{joao}},
			{inbox.Filter{Query: "instala"}, []string{joao}},
			{inbox.Filter{Query: "bateria"}, []string{maria}},
			{inbox.Filter{Query: "painéis", IncludeTests: true}, []string{play, joao}},
			{inbox.Filter{Query: "obrigada"}, []string{}},
			{inbox.Filter{Query: "obrigada", View: inbox.ViewClosed}, []string{closed}},
			{inbox.Filter{Query: "inexistente"}, []string{}},
			{inbox.Filter{Query: "100%_"}, []string{}},
		} {
			if got := f.list(t, f.user, c.flt); !slices.Equal(got, c.want) {
				t.Errorf("%+v: got %v, want %v", c.flt, got, c.want)
			}
		}

		// A name learnt later (WhatsApp's profile name) is found too.
		later := start(inbox.Contact{WaID: "5561944443333"})
		if got := f.list(t, f.user, inbox.Filter{Query: "brandao"}); len(got) != 0 {
			t.Fatalf("before the name: %v", got)
		}
		must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5561944443333", Name: "Zé Brandão"}, f.agent))
		if got := f.list(t, f.user, inbox.Filter{Query: "BRANDÃO"}); !slices.Equal(got, []string{later}) {
			t.Fatalf("after the name: %v", got)
		}

		// Summaries: contact, lead, last message, window, unread per member.
		list := must[[]inbox.Summary](t)(func() ([]inbox.Summary, error) {
			l, _, err := f.svc.List(ctx, f.org, f.user, inbox.Filter{Query: "conceicao"})
			return l, err
		}())
		s := list[0]
		if s.Contact.Name != "João Conceição" || s.Contact.WaID != "5562999990001" || s.Channel.Type != inbox.ChannelWhatsApp ||
			s.Lead == nil || s.Lead.Stage != inbox.StageNew || s.LastMessage == nil || s.LastMessage.Text != "Goiânia" ||
			s.Unread != 2 || s.WindowExpiresAt == nil || !s.WindowExpiresAt.Equal(s.LastMessage.CreatedAt.Add(24*time.Hour)) ||
			len(s.Labels) != 0 || s.AgentID != f.agent {
			t.Fatalf("summary: %+v", s)
		}
		if err := f.svc.MarkRead(ctx, f.org, f.user, joao, 0); err != nil {
			t.Fatal(err)
		}
		unread := func(user string) int {
			t.Helper()
			return must[*inbox.Conversation](t)(f.svc.ConversationFor(ctx, f.org, user, joao)).Unread
		}
		if unread(f.user) != 0 || unread(bia) != 2 {
			t.Fatalf("after reading: ana %d, bia %d", unread(f.user), unread(bia))
		}
		f.say(t, joao, inbox.AuthorLead, "Está aí?")
		f.say(t, joao, inbox.AuthorAI, "Sim!")
		if unread(f.user) != 1 || unread(bia) != 3 {
			t.Fatalf("after a new message: ana %d, bia %d", unread(f.user), unread(bia))
		}
		// Up to a seq only, and never backwards.
		if err := f.svc.MarkRead(ctx, f.org, bia, joao, 1); err != nil {
			t.Fatal(err)
		}
		if unread(bia) != 2 {
			t.Fatalf("bia read to 1: %d", unread(bia))
		}
		if err := f.svc.MarkRead(ctx, f.org, f.user, joao, 1); err != nil {
			t.Fatal(err)
		}
		if unread(f.user) != 1 {
			t.Fatalf("ana moved back: %d", unread(f.user))
		}
		wantCode(t, f.svc.MarkRead(ctx, f.org, f.user, piloto.NewID(), 0), piloto.ENOTFOUND)

		// Bad filters.
		for _, flt := range []inbox.Filter{{View: "nenhuma"}, {Limit: 101}, {Limit: -1}, {Cursor: "x"}, {Cursor: "eHl6"}} {
			_, _, err := f.svc.List(ctx, f.org, f.user, flt)
			wantCode(t, err, piloto.EINVALID)
		}
	})
}

func TestInboxListPages(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		var want []string
		for i := range 7 {
			c := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID,
				inbox.Contact{WaID: "55629999900" + string(rune('0'+i)) + "0"}, f.agent))
			want = append(want, c.ID)
			if i%3 == 0 {
				f.clock.Advance(time.Second) // others share a time: the id breaks ties
			}
		}
		all := f.list(t, f.user, inbox.Filter{Limit: 100})
		var got []string
		cursor := ""
		for pages := 0; ; pages++ {
			list, next, err := f.svc.List(ctx, f.org, f.user, inbox.Filter{Limit: 3, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids(list)...)
			if next == "" {
				if pages != 2 {
					t.Fatalf("%d pages", pages+1)
				}
				break
			}
			cursor = next
		}
		if !slices.Equal(got, all) || !sameSet(got, want) || len(got) != 7 {
			t.Fatalf("pages %v, all %v", got, all)
		}
		for i := 1; i < len(got); i++ {
			a := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, got[i-1]))
			b := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, got[i]))
			if a.LastMessageAt.Before(b.LastMessageAt) || a.LastMessageAt.Equal(b.LastMessageAt) && a.ID < b.ID {
				t.Fatalf("order at %d", i)
			}
		}
	})
}

// systemTexts lists a conversation's system messages.
func (f *fixture) systemTexts(t *testing.T, id string) []string {
	t.Helper()
	msgs, _, err := f.svc.Messages(context.Background(), f.org, id, "", inbox.MaxPage)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, m := range msgs {
		if m.Author == inbox.AuthorSystem {
			out = append(out, m.Text)
		}
	}
	return out
}

func TestTakeOverAndHandBack(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ana := inbox.Person{UserID: f.user, Name: "Ana"}
		bia := inbox.Person{UserID: addMember(t, db, f.clock, f.org, "Bia"), Name: "Bia"}
		id := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990001"}, f.agent)).ID
		f.say(t, id, inbox.AuthorLead, "Oi")

		c := must[*inbox.Conversation](t)(f.svc.TakeOver(ctx, f.org, ana, id))
		if !c.AIPaused || c.Status != inbox.StatusOpen || c.Lead.AssigneeID != f.user || c.Assignee != f.user {
			t.Fatalf("taken over: %+v", c)
		}
		// Again, by another: nothing changes (the assignee stays).
		c = must[*inbox.Conversation](t)(f.svc.TakeOver(ctx, f.org, bia, id))
		if c.Lead.AssigneeID != f.user || !slices.Equal(f.systemTexts(t, id), []string{"Ana assumiu a conversa"}) {
			t.Fatalf("again: %+v %v", c, f.systemTexts(t, id))
		}
		// A person replies: stored pending, by them; the AI stays paused.
		m := must[*inbox.Message](t)(f.svc.Reply(ctx, f.org, bia, id, "  Olá, aqui é a Bia!  "))
		if m.Author != inbox.AuthorHuman || m.AuthorUserID != bia.UserID || m.Status != inbox.MessagePending || m.Text != "Olá, aqui é a Bia!" {
			t.Fatalf("reply: %+v", m)
		}
		_, err := f.svc.Reply(ctx, f.org, bia, id, "  ")
		wantCode(t, err, piloto.EINVALID)
		_, err = f.svc.Reply(ctx, f.org, bia, id, strings.Repeat("a", 4097))
		wantCode(t, err, piloto.EINVALID)

		// Hand back from waiting_human: open, not paused, the assignee kept.
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, id, inbox.StatusWaitingHuman, ""))
		c = must[*inbox.Conversation](t)(f.svc.HandBack(ctx, f.org, bia, id))
		if c.AIPaused || c.Status != inbox.StatusOpen || c.Lead.AssigneeID != f.user {
			t.Fatalf("handed back: %+v", c)
		}
		if got := f.systemTexts(t, id); !slices.Equal(got, []string{"Ana assumiu a conversa", "Bia devolveu a conversa para a IA"}) {
			t.Fatalf("system messages: %v", got)
		}
		// Handing back what the AI has: nothing.
		must[*inbox.Conversation](t)(f.svc.HandBack(ctx, f.org, bia, id))
		if n := len(f.systemTexts(t, id)); n != 2 {
			t.Fatalf("%d system messages", n)
		}

		// Closed: neither takeover, handback nor reply.
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, id, inbox.StatusClosed, f.user))
		_, err = f.svc.TakeOver(ctx, f.org, ana, id)
		wantCode(t, err, piloto.ECONFLICT)
		_, err = f.svc.HandBack(ctx, f.org, ana, id)
		wantCode(t, err, piloto.ECONFLICT)
		_, err = f.svc.Reply(ctx, f.org, ana, id, "Oi")
		wantCode(t, err, piloto.ECONFLICT)
	})
}

func TestAssignmentAndRoundRobin(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ana := inbox.Person{UserID: f.user, Name: "Ana"}
		members := map[string]string{f.user: "Ana"}
		for _, n := range []string{"Bia", "Caio", "Duda"} {
			members[addMember(t, db, f.clock, f.org, n)] = n
		}
		var order []string // available members by id
		var duda string
		for id, n := range members {
			if n == "Duda" {
				duda = id
				continue
			}
			order = append(order, id)
		}
		sort.Strings(order)
		must[struct{}](t)(struct{}{}, f.svc.SetAvailable(ctx, f.org, duda, false))
		wantCode(t, f.svc.SetAvailable(ctx, f.org, piloto.NewID(), true), piloto.ENOTFOUND)
		n := 0
		start := func() string {
			t.Helper()
			n++
			return must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID,
				inbox.Contact{WaID: "55629999900" + string(rune('a'+n))}, f.agent)).ID
		}

		// Off: a handoff assigns nobody.
		first := start()
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, first, inbox.StatusWaitingHuman, ""))
		if c := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, first)); c.Lead.AssigneeID != "" {
			t.Fatalf("round-robin off assigned %s", c.Lead.AssigneeID)
		}

		// On: available members in turn, by id, then from the first again.
		if err := db.UpdateOrganization(ctx, f.org, "Loja de Ana", "America/Sao_Paulo", true, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		var got []string
		for range 4 {
			id := start()
			must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, id, inbox.StatusWaitingHuman, ""))
			c := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, id))
			got = append(got, c.Lead.AssigneeID)
			if texts := f.systemTexts(t, id); !slices.Equal(texts, []string{"Atribuída a " + members[c.Lead.AssigneeID] + " (rodízio)"}) {
				t.Fatalf("system messages %v", texts)
			}
		}
		if want := append(slices.Clone(order), order[0]); !slices.Equal(got, want) {
			t.Fatalf("round-robin %v, want %v", got, want)
		}
		// A lead with an assignee keeps it; a second handoff takes no turn.
		assigned := start()
		must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, assigned, inbox.ConversationUpdate{AssigneeID: &duda}))
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, assigned, inbox.StatusWaitingHuman, ""))
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, assigned, inbox.StatusWaitingHuman, ""))
		if c := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, assigned)); c.Lead.AssigneeID != duda {
			t.Fatalf("assigned lead moved to %s", c.Lead.AssigneeID)
		}
		next := start()
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, next, inbox.StatusWaitingHuman, ""))
		if c := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, next)); c.Lead.AssigneeID != order[1] {
			t.Fatalf("next turn %s, want %s", c.Lead.AssigneeID, order[1])
		}
		// Nobody available: nobody assigned.
		for id := range members {
			must[struct{}](t)(struct{}{}, f.svc.SetAvailable(ctx, f.org, id, false))
		}
		none := start()
		must[struct{}](t)(struct{}{}, f.svc.SetConversationStatus(ctx, f.org, none, inbox.StatusWaitingHuman, ""))
		if c := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, none)); c.Lead.AssigneeID != "" {
			t.Fatalf("assigned to %s with nobody available", c.Lead.AssigneeID)
		}

		// Assignment by hand: members only, with system messages.
		_, stranger, _ := newOrg(t, db, f.clock, "Zé") // a user of another organization
		_, err := f.svc.Update(ctx, f.org, ana, none, inbox.ConversationUpdate{AssigneeID: &stranger})
		wantCode(t, err, piloto.EINVALID)
		c := must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, none, inbox.ConversationUpdate{AssigneeID: &order[0]}))
		if c.Lead.AssigneeID != order[0] {
			t.Fatalf("assigned: %+v", c.Lead)
		}
		empty := ""
		c = must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, none, inbox.ConversationUpdate{AssigneeID: &empty}))
		if c.Lead.AssigneeID != "" || c.Assignee != "" {
			t.Fatalf("unassigned: %+v", c.Lead)
		}
		if texts := f.systemTexts(t, none); !slices.Equal(texts, []string{"Atribuída a " + members[order[0]], "Atribuição removida por Ana"}) {
			t.Fatalf("system messages %v", texts)
		}
	})
}

func TestLabelsNotesCloseReopenAndStage(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ana := inbox.Person{UserID: f.user, Name: "Ana"}
		id := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990001"}, f.agent)).ID
		other := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990002"}, f.agent)).ID

		// Labels replace, trimmed and without duplicates.
		labels := []string{" vip ", "orçamento", "vip"}
		c := must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Labels: &labels}))
		if !slices.Equal(c.Labels, []string{"orçamento", "vip"}) {
			t.Fatalf("labels %v", c.Labels)
		}
		if got := f.list(t, f.user, inbox.Filter{Label: "vip"}); !slices.Equal(got, []string{id}) {
			t.Fatalf("label filter %v", got)
		}
		labels = []string{"urgente"}
		c = must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Labels: &labels}))
		if !slices.Equal(c.Labels, []string{"urgente"}) || len(f.list(t, f.user, inbox.Filter{Label: "vip"})) != 0 {
			t.Fatalf("labels %v", c.Labels)
		}
		for _, bad := range [][]string{{""}, {strings.Repeat("x", 33)}, {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}} {
			_, err := f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Labels: &bad})
			wantCode(t, err, piloto.EINVALID)
		}
		bad := inbox.StatusWaitingHuman
		_, err := f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Status: &bad})
		wantCode(t, err, piloto.EINVALID)

		// Notes: kept apart from messages, oldest first, with their authors.
		must[*inbox.Note](t)(f.svc.AddNote(ctx, f.org, ana, id, "Cliente prefere ligação à tarde"))
		f.clock.Advance(time.Second)
		must[*inbox.Note](t)(f.svc.AddNote(ctx, f.org, ana, id, "Enviar proposta"))
		notes := must[[]inbox.Note](t)(f.svc.Notes(ctx, f.org, id))
		if len(notes) != 2 || notes[0].Text != "Cliente prefere ligação à tarde" || notes[1].UserName != "Ana" || notes[1].UserID != f.user {
			t.Fatalf("notes %+v", notes)
		}
		if n := len(must[[]inbox.Note](t)(f.svc.Notes(ctx, f.org, other))); n != 0 {
			t.Fatalf("other's notes: %d", n)
		}
		_, err = f.svc.AddNote(ctx, f.org, ana, id, strings.Repeat("a", 2001))
		wantCode(t, err, piloto.EINVALID)
		_, err = f.svc.AddNote(ctx, f.org, ana, piloto.NewID(), "Oi")
		wantCode(t, err, piloto.ENOTFOUND)

		// Close, then reopen.
		closed, open := inbox.StatusClosed, inbox.StatusOpen
		c = must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Status: &closed}))
		if c.Status != inbox.StatusClosed || c.ClosedByUserID != f.user {
			t.Fatalf("closed: %+v", c)
		}
		c = must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Status: &open}))
		if c.Status != inbox.StatusOpen || c.ClosedAt != nil {
			t.Fatalf("reopened: %+v", c)
		}
		if got := f.systemTexts(t, id); !slices.Equal(got, []string{"Encerrada por Ana", "Reaberta por Ana"}) {
			t.Fatalf("system messages %v", got)
		}
		// Reopening while the contact has another open conversation there: a conflict, nothing changed.
		must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Status: &closed}))
		again := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990001"}, f.agent))
		if again.ID == id {
			t.Fatal("same conversation after closing")
		}
		_, err = f.svc.Update(ctx, f.org, ana, id, inbox.ConversationUpdate{Status: &open, Labels: &[]string{"x"}})
		wantCode(t, err, piloto.ECONFLICT)
		if c := must[*inbox.Conversation](t)(f.svc.Conversation(ctx, f.org, id)); c.Status != inbox.StatusClosed || !slices.Equal(c.Labels, []string{"urgente"}) {
			t.Fatalf("after conflict: %+v", c)
		}

		// The lead's stage, with a message in its open conversations only.
		qualified := inbox.StageQualified
		l := must[*inbox.Lead](t)(f.svc.UpdateLead(ctx, f.org, ana, again.Lead.ID, inbox.LeadUpdate{Stage: &qualified}))
		if l.Stage != inbox.StageQualified {
			t.Fatalf("stage %s", l.Stage)
		}
		if got := f.systemTexts(t, again.ID); !slices.Equal(got, []string{"Etapa alterada para Qualificado por Ana"}) {
			t.Fatalf("open conversation's messages %v", got)
		}
		if got := f.systemTexts(t, id); len(got) != 3 {
			t.Fatalf("closed conversation's messages %v", got)
		}
		unknown := inbox.Stage("talvez")
		_, err = f.svc.UpdateLead(ctx, f.org, ana, again.Lead.ID, inbox.LeadUpdate{Stage: &unknown})
		wantCode(t, err, piloto.EINVALID)
		stranger := piloto.NewID()
		_, err = f.svc.UpdateLead(ctx, f.org, ana, again.Lead.ID, inbox.LeadUpdate{AssigneeID: &stranger})
		wantCode(t, err, piloto.EINVALID)
		l = must[*inbox.Lead](t)(f.svc.UpdateLead(ctx, f.org, ana, again.Lead.ID, inbox.LeadUpdate{AssigneeID: &f.user}))
		if l.AssigneeID != f.user || !slices.Equal(f.list(t, f.user, inbox.Filter{View: inbox.ViewMine}), []string{again.ID}) {
			t.Fatalf("lead assignee %+v", l)
		}
		_, err = f.svc.UpdateLead(ctx, f.org, ana, piloto.NewID(), inbox.LeadUpdate{Stage: &qualified})
		wantCode(t, err, piloto.ENOTFOUND)
	})
}

// TestDeskIsolation: another organization's conversations and leads are not
// found by any desk method, and are left as they were.
func TestDeskIsolation(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		id := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990001"}, f.agent))
		f.say(t, id.ID, inbox.AuthorLead, "Oi")
		otherOrg, otherUser, _ := newOrg(t, db, f.clock, "Zé")
		ze := inbox.Person{UserID: otherUser, Name: "Zé"}
		closed, stage, labels := inbox.StatusClosed, inbox.StageWon, []string{"intrusa"}
		for name, err := range map[string]error{
			"takeover": func() error { _, err := f.svc.TakeOver(ctx, otherOrg, ze, id.ID); return err }(),
			"handback": func() error { _, err := f.svc.HandBack(ctx, otherOrg, ze, id.ID); return err }(),
			"reply":    func() error { _, err := f.svc.Reply(ctx, otherOrg, ze, id.ID, "Oi"); return err }(),
			"update": func() error {
				_, err := f.svc.Update(ctx, otherOrg, ze, id.ID, inbox.ConversationUpdate{Status: &closed, Labels: &labels})
				return err
			}(),
			"lead": func() error {
				_, err := f.svc.UpdateLead(ctx, otherOrg, ze, id.Lead.ID, inbox.LeadUpdate{Stage: &stage})
				return err
			}(),
			"note":  func() error { _, err := f.svc.AddNote(ctx, otherOrg, ze, id.ID, "Oi"); return err }(),
			"notes": func() error { _, err := f.svc.Notes(ctx, otherOrg, id.ID); return err }(),
			"read":  f.svc.MarkRead(ctx, otherOrg, otherUser, id.ID, 0),
			"get":   func() error { _, err := f.svc.ConversationFor(ctx, otherOrg, otherUser, id.ID); return err }(),
		} {
			if piloto.ErrorCode(err) != piloto.ENOTFOUND {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		if list, _, err := f.svc.List(ctx, otherOrg, otherUser, inbox.Filter{IncludeTests: true}); err != nil || len(list) != 0 {
			t.Fatalf("listed in the wrong organization: %v %v", list, err)
		}
		_, _, err := db.Member(ctx, f.org, otherUser)
		wantCode(t, err, piloto.ENOTFOUND)
		c := must[*inbox.Conversation](t)(f.svc.ConversationFor(ctx, f.org, f.user, id.ID))
		if c.Status != inbox.StatusOpen || c.AIPaused || len(c.Labels) != 0 || c.Lead.Stage != inbox.StageNew || c.Unread != 1 ||
			len(f.systemTexts(t, id.ID)) != 0 || len(must[[]inbox.Note](t)(f.svc.Notes(ctx, f.org, id.ID))) != 0 {
			t.Fatalf("changed: %+v", c)
		}
	})
}

// TestDeskEvents: every change of the desk records its live events in its
// transaction; read marks record none.
func TestDeskEvents(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ana := inbox.Person{UserID: f.user, Name: "Ana"}
		c := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990001"}, f.agent))
		f.say(t, c.ID, inbox.AuthorLead, "Oi")
		latest, err := db.LatestEventID(ctx, f.org)
		if err != nil {
			t.Fatal(err)
		}
		kinds := func() []string {
			t.Helper()
			evs, err := db.EventsAfter(ctx, f.org, latest, 100)
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, e := range evs {
				out = append(out, e.Kind)
				latest = e.ID
			}
			sort.Strings(out)
			return out
		}
		must[struct{}](t)(struct{}{}, f.svc.MarkRead(ctx, f.org, f.user, c.ID, 0))
		if k := kinds(); len(k) != 0 {
			t.Fatalf("read mark: %v", k)
		}
		must[*inbox.Conversation](t)(f.svc.TakeOver(ctx, f.org, ana, c.ID))
		if k := kinds(); !slices.Equal(k, []string{"conversation.message", "conversation.updated", "lead.updated"}) {
			t.Fatalf("takeover: %v", k)
		}
		labels := []string{"vip"}
		must[*inbox.Conversation](t)(f.svc.Update(ctx, f.org, ana, c.ID, inbox.ConversationUpdate{Labels: &labels}))
		if k := kinds(); !slices.Equal(k, []string{"conversation.updated"}) {
			t.Fatalf("labels: %v", k)
		}
		must[*inbox.Note](t)(f.svc.AddNote(ctx, f.org, ana, c.ID, "Nota"))
		if k := kinds(); !slices.Equal(k, []string{"conversation.note"}) {
			t.Fatalf("note: %v", k)
		}
		won := inbox.StageWon
		must[*inbox.Lead](t)(f.svc.UpdateLead(ctx, f.org, ana, c.Lead.ID, inbox.LeadUpdate{Stage: &won}))
		if k := kinds(); !slices.Equal(k, []string{"conversation.message", "conversation.updated", "lead.updated"}) {
			t.Fatalf("stage: %v", k)
		}
		must[*inbox.Conversation](t)(f.svc.HandBack(ctx, f.org, ana, c.ID))
		if k := kinds(); !slices.Equal(k, []string{"conversation.message", "conversation.updated"}) {
			t.Fatalf("handback: %v", k)
		}
		must[struct{}](t)(struct{}{}, f.svc.SetAvailable(ctx, f.org, f.user, false))
		if k := kinds(); !slices.Equal(k, []string{"members.changed"}) {
			t.Fatalf("availability: %v", k)
		}
	})
}
