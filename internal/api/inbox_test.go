package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/inbox"
)

// whatsAppConversation makes a WhatsApp conversation of the organization
// with contact name and the lead's messages, straight in the store (the
// webhook is the WhatsApp tests'), and returns it.
func whatsAppConversation(t *testing.T, srv *apptest.Server, orgID, agentID, waID, name string, texts ...string) *inbox.Conversation {
	t.Helper()
	ctx := context.Background()
	svc := &inbox.Service{Store: mustStoreOf(t, srv), Clock: piloto.SystemClock{}}
	ch, err := svc.CreateChannel(ctx, orgID, inbox.ChannelWhatsApp, "Comercial "+waID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.StartConversation(ctx, orgID, ch.ID, inbox.Contact{WaID: waID, Phone: "+" + waID, Name: name}, agentID)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range texts {
		if _, err := svc.AddMessage(ctx, orgID, c.ID, inbox.Message{Author: inbox.AuthorLead, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

type summaryPage struct {
	Items []struct {
		ID       string
		Status   string
		AIPaused bool `json:"ai_paused"`
		Unread   int
		Labels   []string
		Contact  struct{ Name string }
		Lead     *struct {
			ID         string
			Stage      string
			AssigneeID string `json:"assignee_id"`
		}
		LastMessage *struct{ Text, Author string } `json:"last_message"`
		Window      *string                        `json:"window_expires_at"`
	}
	NextCursor string `json:"next_cursor"`
}

type conversationBody struct {
	ID       string
	Status   string
	AIPaused bool `json:"ai_paused"`
	Unread   int
	Labels   []string
	Assignee string
	Lead     struct {
		ID, Stage  string
		AssigneeID string `json:"assignee_id"`
	}
	Window *string `json:"window_expires_at"`
}

func listOf(t *testing.T, c *apptest.Client, query string) summaryPage {
	t.Helper()
	r := c.Do("GET", "/api/v1/conversations?"+query, nil)
	mustStatus(t, r, 200)
	var p summaryPage
	r.JSON(&p)
	return p
}

func TestInboxScenario(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		ana, sess := signup(t, srv, "Ana", "ana@example.com", "Loja Solar")
		orgID := sess.Organization.ID
		agentID := createAgent(t, ana, "Sol").ID
		bia := join(t, srv, ana, "bia@example.com", "member")
		biaID := s(t, bia).User.ID
		joao := whatsAppConversation(t, srv, orgID, agentID, "5562999990001", "João Conceição", "Quero instalação de painéis", "Em Goiânia")
		maria := whatsAppConversation(t, srv, orgID, agentID, "5511988887777", "Maria", "Qual o preço da bateria?")
		startConversation(t, srv, orgID, agentID, 2) // the playground: left out

		// The list: newest first, WhatsApp only, with unread and the window.
		p := listOf(t, bia, "")
		if len(p.Items) != 2 || p.Items[0].ID != maria.ID || p.Items[1].ID != joao.ID || p.Items[1].Unread != 2 ||
			p.Items[1].Window == nil || p.Items[1].LastMessage == nil || p.Items[1].LastMessage.Text != "Em Goiânia" ||
			p.Items[1].Lead == nil || p.Items[1].Labels == nil || p.NextCursor != "" {
			t.Fatalf("list: %+v", p)
		}
		if p := listOf(t, bia, "limit=1"); len(p.Items) != 1 || p.NextCursor == "" {
			t.Fatalf("page 1: %+v", p)
		} else if p2 := listOf(t, bia, "limit=1&cursor="+p.NextCursor); len(p2.Items) != 1 || p2.Items[0].ID != joao.ID || p2.NextCursor != "" {
			t.Fatalf("page 2: %+v", p2)
		}
		if p := listOf(t, bia, "include_tests=true"); len(p.Items) != 3 {
			t.Fatalf("with tests: %d", len(p.Items))
		}
		for q, want := range map[string]string{"q=conceicao": joao.ID, "q=PAINEIS": joao.ID, "q=98888": maria.ID, "q=bateria": maria.ID} {
			if p := listOf(t, bia, q); len(p.Items) != 1 || p.Items[0].ID != want {
				t.Errorf("%s: %+v", q, p)
			}
		}
		// Another organization lists none of them, even searching.
		ze, _ := signup(t, srv, "Zé", "ze@example.com", "Outra Loja")
		if p := listOf(t, ze, "include_tests=true&q=conceicao"); len(p.Items) != 0 {
			t.Fatalf("another organization: %+v", p)
		}
		if p := listOf(t, ze, "include_tests=true"); len(p.Items) != 0 {
			t.Fatalf("another organization: %+v", p)
		}
		for _, q := range []string{"view=nenhuma", "limit=0", "limit=101", "cursor=x"} {
			mustStatus(t, bia.Do("GET", "/api/v1/conversations?"+q, nil), 400)
		}

		// Read marks are per member.
		mustStatus(t, bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/read", nil), 204)
		var c conversationBody
		r := bia.Do("GET", "/api/v1/conversations/"+joao.ID, nil)
		mustStatus(t, r, 200)
		if r.JSON(&c); c.Unread != 0 || c.Window == nil || c.Labels == nil {
			t.Fatalf("bia after reading: %s", r.Body)
		}
		if listOf(t, ana, "q=conceicao").Items[0].Unread != 2 {
			t.Fatal("ana's unread moved with bia's read mark")
		}
		mustStatus(t, ana.Do("POST", "/api/v1/conversations/"+joao.ID+"/read", map[string]int{"seq": 1}), 204)
		if listOf(t, ana, "q=conceicao").Items[0].Unread != 1 {
			t.Fatal("ana read to seq 1")
		}

		// Bia takes over: the AI pauses, the lead is hers, a system message.
		r = bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/takeover", nil)
		mustStatus(t, r, 200)
		if r.JSON(&c); !c.AIPaused || c.Assignee != biaID || c.Lead.AssigneeID != biaID {
			t.Fatalf("takeover: %s", r.Body)
		}
		if p := listOf(t, bia, "view=mine"); len(p.Items) != 1 || p.Items[0].ID != joao.ID {
			t.Fatalf("mine: %+v", p)
		}
		if p := listOf(t, bia, "view=ai_active"); len(p.Items) != 1 || p.Items[0].ID != maria.ID {
			t.Fatalf("ai_active: %+v", p)
		}
		if p := listOf(t, bia, "view=unassigned"); len(p.Items) != 1 || p.Items[0].ID != maria.ID {
			t.Fatalf("unassigned: %+v", p)
		}
		// Her reply: a human message by her, pending until the outbound path sends it.
		r = bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/messages", map[string]string{"text": "Oi João, aqui é a Bia!"})
		mustStatus(t, r, 201)
		var m struct {
			Author, Status, Text string
			AuthorUserID         string `json:"author_user_id"`
		}
		if r.JSON(&m); m.Author != "human" || m.AuthorUserID != biaID || m.Status != "pending" {
			t.Fatalf("reply: %s", r.Body)
		}
		mustStatus(t, bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/messages", map[string]string{"text": ""}), 400)
		r = bia.Do("GET", "/api/v1/conversations/"+joao.ID+"/messages", nil)
		if !strings.Contains(string(r.Body), `"text":"Pessoa member assumiu a conversa","media_ref"`) {
			t.Fatalf("messages: %s", r.Body)
		}

		// Labels, assignment (members only), notes.
		r = ana.Do("PATCH", "/api/v1/conversations/"+joao.ID, map[string]any{"labels": []string{"vip", "orçamento"}, "assignee_id": sess.User.ID})
		mustStatus(t, r, 200)
		if r.JSON(&c); strings.Join(c.Labels, ",") != "orçamento,vip" || c.Assignee != sess.User.ID {
			t.Fatalf("patch: %s", r.Body)
		}
		if p := listOf(t, bia, "label=vip"); len(p.Items) != 1 || p.Items[0].ID != joao.ID {
			t.Fatalf("label: %+v", p)
		}
		if f := fieldsOf(t, ana.Do("PATCH", "/api/v1/conversations/"+joao.ID, map[string]any{"assignee_id": piloto.NewID()})); f["assignee_id"] == "" {
			t.Fatalf("fields %v", f)
		}
		if f := fieldsOf(t, ana.Do("PATCH", "/api/v1/conversations/"+joao.ID, map[string]any{"labels": []string{strings.Repeat("x", 33)}})); f["labels"] == "" {
			t.Fatalf("fields %v", f)
		}
		r = bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/notes", map[string]string{"text": "Ligar amanhã às 10h"})
		mustStatus(t, r, 201)
		r = ana.Do("GET", "/api/v1/conversations/"+joao.ID+"/notes", nil)
		mustStatus(t, r, 200)
		if !strings.Contains(string(r.Body), `"user_name":"Pessoa member","text":"Ligar amanhã às 10h"`) || !strings.Contains(string(r.Body), `"next_cursor":""`) {
			t.Fatalf("notes: %s", r.Body)
		}
		mustStatus(t, bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/notes", map[string]string{"text": strings.Repeat("a", 2001)}), 400)

		// Hand back; the lead's stage; close and reopen.
		r = bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/handback", nil)
		mustStatus(t, r, 200)
		if r.JSON(&c); c.AIPaused || c.Status != "open" {
			t.Fatalf("handback: %s", r.Body)
		}
		r = bia.Do("PATCH", "/api/v1/leads/"+c.Lead.ID, map[string]string{"stage": "qualified"})
		mustStatus(t, r, 200)
		if !strings.Contains(string(r.Body), `"stage":"qualified"`) {
			t.Fatalf("lead: %s", r.Body)
		}
		mustStatus(t, bia.Do("PATCH", "/api/v1/leads/"+c.Lead.ID, map[string]string{"stage": "talvez"}), 400)
		mustStatus(t, bia.Do("PATCH", "/api/v1/leads/"+piloto.NewID(), map[string]string{"stage": "won"}), 404)
		r = bia.Do("PATCH", "/api/v1/conversations/"+joao.ID, map[string]string{"status": "closed"})
		mustStatus(t, r, 200)
		if p := listOf(t, bia, "view=closed"); len(p.Items) != 1 || p.Items[0].ID != joao.ID {
			t.Fatalf("closed: %+v", p)
		}
		mustStatus(t, bia.Do("POST", "/api/v1/conversations/"+joao.ID+"/takeover", nil), 409)
		mustStatus(t, bia.Do("PATCH", "/api/v1/conversations/"+joao.ID, map[string]string{"status": "open"}), 200)
		r = bia.Do("GET", "/api/v1/conversations/"+joao.ID+"/messages", nil)
		for _, want := range []string{"Pessoa member devolveu a conversa para a IA", "Etapa alterada para Qualificado por Pessoa member",
			"Encerrada por Pessoa member", "Reaberta por Pessoa member", "Atribuída a Ana"} {
			if !strings.Contains(string(r.Body), want) {
				t.Errorf("no %q in %s", want, r.Body)
			}
		}

		// Availability and round-robin: members choose theirs; the setting is admins'.
		mustStatus(t, bia.Do("PUT", "/api/v1/account/availability", map[string]bool{"available": false}), 204)
		mustStatus(t, bia.Do("PUT", "/api/v1/account/availability", map[string]any{}), 400)
		r = ana.Do("GET", "/api/v1/members", nil)
		if !strings.Contains(string(r.Body), `"name":"Pessoa member","email":"bia@example.com","role":"member","joined_at"`) ||
			strings.Count(string(r.Body), `"available":false`) != 1 || strings.Count(string(r.Body), `"available":true`) != 1 {
			t.Fatalf("members: %s", r.Body)
		}
		mustStatus(t, bia.Do("PATCH", "/api/v1/organization", map[string]bool{"round_robin": true}), 403)
		mustStatus(t, ana.Do("PATCH", "/api/v1/organization", map[string]bool{"round_robin": true}), 200)
		if r := bia.Do("GET", "/api/v1/organization", nil); !strings.Contains(string(r.Body), `"round_robin":true`) {
			t.Fatalf("organization: %s", r.Body)
		}
		// A handoff goes to the one available member: Ana.
		ctx := context.Background()
		svc := &inbox.Service{Store: mustStoreOf(t, srv), Clock: piloto.SystemClock{}}
		if err := svc.SetConversationStatus(ctx, orgID, maria.ID, inbox.StatusWaitingHuman, ""); err != nil {
			t.Fatal(err)
		}
		if p := listOf(t, ana, "view=waiting"); len(p.Items) != 1 || p.Items[0].Lead.AssigneeID != sess.User.ID {
			t.Fatalf("waiting: %+v", p)
		}
		if p := listOf(t, ana, "view=mine"); len(p.Items) != 2 {
			t.Fatalf("ana's: %+v", p)
		}
	})
}
