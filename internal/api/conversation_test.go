package api_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/inbox"
)

// startConversation makes a playground conversation of the client's
// organization with n messages, straight in the store (no route makes one
// yet), and returns its id and the trace of its last message.
func startConversation(t *testing.T, srv *apptest.Server, orgID, agentID string, n int) (id, traceID string) {
	t.Helper()
	ctx := context.Background()
	svc := &inbox.Service{Store: mustStoreOf(t, srv), Clock: piloto.SystemClock{}}
	ch, err := svc.PlaygroundChannel(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.StartConversation(ctx, orgID, ch.ID, inbox.Contact{Name: "Teste"}, agentID)
	if err != nil {
		t.Fatal(err)
	}
	var last *inbox.Message
	for i := 1; i <= n; i++ {
		author := inbox.AuthorLead
		if i%2 == 0 {
			author = inbox.AuthorAI
		}
		if last, err = svc.AddMessage(ctx, orgID, c.ID, inbox.Message{Author: author, Text: "mensagem " + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.SetLeadField(ctx, orgID, c.Lead.ID, "cidade", "Goiânia", "moro em Goiânia", 0.9); err != nil {
		t.Fatal(err)
	}
	if last != nil {
		tr := &inbox.Trace{ConversationID: c.ID, MessageID: last.ID, AgentID: agentID, AgentVersion: 1}
		if err := svc.SaveTrace(ctx, orgID, tr); err != nil {
			t.Fatal(err)
		}
		traceID = tr.ID
	}
	return c.ID, traceID
}

type messagePage struct {
	Items []struct {
		ID, Text, Author, Direction string
		TraceID                     *string `json:"trace_id"`
	}
	NextCursor string `json:"next_cursor"`
}

func TestConversationRoutes(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		ana, sess := signup(t, srv, "Ana", "ana@example.com", "Loja Solar")
		agentID := createAgent(t, ana, "Sol").ID
		id, traceID := startConversation(t, srv, sess.Organization.ID, agentID, 120)

		r := ana.Do("GET", "/api/v1/conversations/"+id, nil)
		mustStatus(t, r, 200)
		var c struct {
			ID, Status  string
			AgentIDJSON string `json:"agent_id"`
			AIPaused    bool   `json:"ai_paused"`
			Channel     struct{ Type string }
			Contact     struct {
				Name string
				Test bool
			}
			Lead struct {
				Stage  string
				Fields []struct {
					Key, Value, Evidence string
					Confidence           float64
				}
			}
		}
		r.JSON(&c)
		if c.ID != id || c.Status != "open" || c.AgentIDJSON != agentID || c.Channel.Type != "playground" || !c.Contact.Test ||
			c.Lead.Stage != "new" || len(c.Lead.Fields) != 1 || c.Lead.Fields[0].Evidence != "moro em Goiânia" || c.Lead.Fields[0].Confidence != 0.9 {
			t.Fatalf("conversation: %s", r.Body)
		}

		// 120 messages, 50 a page from the newest, each page oldest first.
		var seen []string
		cursor, pages := "", 0
		for {
			path := "/api/v1/conversations/" + id + "/messages?limit=50"
			if cursor != "" {
				path += "&before=" + cursor
			}
			r := ana.Do("GET", path, nil)
			mustStatus(t, r, 200)
			var p messagePage
			r.JSON(&p)
			if pages == 0 {
				last := p.Items[len(p.Items)-1]
				if last.Text != "mensagem 120" || last.TraceID == nil || *last.TraceID != traceID || p.Items[0].TraceID != nil {
					t.Fatalf("first page: %s", r.Body)
				}
			}
			pages++
			texts := []string{}
			for _, m := range p.Items {
				texts = append(texts, m.Text)
			}
			seen = append(texts, seen...)
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		if pages != 3 || len(seen) != 120 {
			t.Fatalf("%d pages, %d messages", pages, len(seen))
		}
		for i, text := range seen {
			if text != "mensagem "+strconv.Itoa(i+1) {
				t.Fatalf("message %d is %q", i, text)
			}
		}
		// The default page is 50.
		var p messagePage
		r = ana.Do("GET", "/api/v1/conversations/"+id+"/messages", nil)
		mustStatus(t, r, 200)
		if r.JSON(&p); len(p.Items) != 50 || p.NextCursor == "" {
			t.Fatalf("default page: %d, %q", len(p.Items), p.NextCursor)
		}

		for _, q := range []string{"limit=0", "limit=201", "limit=x", "before=x"} {
			r := ana.Do("GET", "/api/v1/conversations/"+id+"/messages?"+q, nil)
			mustStatus(t, r, 400)
		}
		mustStatus(t, ana.Do("GET", "/api/v1/conversations/"+piloto.NewID(), nil), 404)
		mustStatus(t, ana.Do("GET", "/api/v1/conversations/"+piloto.NewID()+"/messages", nil), 404)
		mustStatus(t, srv.NewClient(t).Do("GET", "/api/v1/conversations/"+id, nil), 401)

		// An empty conversation: an empty page.
		empty, _ := startConversation(t, srv, sess.Organization.ID, agentID, 0)
		r = ana.Do("GET", "/api/v1/conversations/"+empty+"/messages", nil)
		mustStatus(t, r, 200)
		if string(r.Body) != `{"items":[],"next_cursor":""}`+"\n" {
			t.Fatalf("empty: %s", r.Body)
		}
	})
}
