package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/app/apptest"
	"github.com/pilotodevendas/piloto/internal/config"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/store"
)

// sseEvent is one Server-Sent Event of a playground reply.
type sseEvent struct {
	Event string
	Data  json.RawMessage
}

// readSSE splits a finished stream into its events.
func readSSE(t *testing.T, body []byte) []sseEvent {
	t.Helper()
	var out []sseEvent
	for _, block := range strings.Split(strings.TrimSpace(string(body)), "\n\n") {
		var e sseEvent
		for _, line := range strings.Split(block, "\n") {
			switch {
			case strings.HasPrefix(line, "event: "):
				e.Event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.Data = json.RawMessage(strings.TrimPrefix(line, "data: "))
			}
		}
		if !json.Valid(e.Data) {
			t.Fatalf("event %q carries no JSON: %q", e.Event, block)
		}
		out = append(out, e)
	}
	return out
}

func eventsOf(evs []sseEvent, kind string) []sseEvent {
	var out []sseEvent
	for _, e := range evs {
		if e.Event == kind {
			out = append(out, e)
		}
	}
	return out
}

// playgroundAgent makes an agent answering at any hour that searches a
// knowledge base with one FAQ.
func playgroundAgent(t *testing.T, c *apptest.Client) string {
	t.Helper()
	base := createBase(t, c, "Base")
	r := c.Do("POST", "/api/v1/knowledge-bases/"+base+"/faqs", map[string]string{
		"question": "Qual o horário de atendimento da loja?", "answer": "Atendemos de segunda a sábado, das 8h às 18h."})
	mustStatus(t, r, 201)
	var src struct{ ID string }
	r.JSON(&src)
	waitReady(t, c, src.ID)
	a := createAgent(t, c, "Sol")
	r = c.Do("GET", "/api/v1/agents/"+a.ID, nil)
	var full struct {
		BusinessHours map[string]any `json:"business_hours"`
	}
	r.JSON(&full)
	full.BusinessHours["enabled"] = false
	patchAgent(t, c, a.ID, a.Version, map[string]any{"knowledge_base_ids": []string{base}, "business_hours": full.BusinessHours})
	return a.ID
}

func startPlayground(t *testing.T, c *apptest.Client, agentID string) string {
	t.Helper()
	r := c.Do("POST", "/api/v1/playground/conversations", map[string]string{"agent_id": agentID})
	mustStatus(t, r, 201)
	var conv struct {
		ID      string
		Status  string
		Channel struct{ Type string }
		Contact struct {
			Name string
			Test bool
		}
	}
	r.JSON(&conv)
	if conv.Status != "open" || conv.Channel.Type != "playground" || !conv.Contact.Test || conv.Contact.Name != "Lead de teste" {
		t.Fatalf("new playground conversation: %s", r.Body)
	}
	return conv.ID
}

// TestPlaygroundStreamsAReply sends a lead's message in the playground:
// the stream carries the lead's message, the model's draft, the tool calls
// with the passages found, the lead field saved, the AI's message and done
// with the trace, which the trace route then shows. Each message is a live
// event.
func TestPlaygroundStreamsAReply(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fake := llmtest.NewOpenAIServer(t)
			srv := apptest.MustRunWith(t, d, apptest.Options{Config: func(c *config.Config) {
				c.OpenAIAPIKey, c.OpenAIBaseURL = "sk-plataforma", fake.URL
			}})
			ana, sess := signup(t, srv, "Ana", "ana@example.com", "Loja Solar")
			agentID := playgroundAgent(t, ana)
			id := startPlayground(t, ana, agentID)

			// The model searches and records the lead's name, then answers
			// citing the passage it was given.
			fake.Push(llmtest.Reply{ToolCalls: []llmtest.ToolCall{
				{Name: "search_knowledge", Arguments: `{"query":"horário de atendimento"}`},
				{Name: "update_lead", Arguments: `{"fields":{"nome":{"value":"Carla","evidence":"sou a Carla","confidence":0.9}}}`},
			}})
			fake.Default = func(r llmtest.Request) llmtest.Reply {
				// The passage id is in the tool result of the request.
				var body struct {
					Messages []struct{ Role, Content string }
				}
				_ = json.Unmarshal(r.Body, &body)
				var result struct{ Passages []struct{ ID string } }
				for _, m := range body.Messages {
					if m.Role == "tool" && strings.Contains(m.Content, "passages") {
						_ = json.Unmarshal([]byte(m.Content), &result)
					}
				}
				if len(result.Passages) == 0 {
					return llmtest.Reply{Text: []string{"Não encontrei."}}
				}
				return llmtest.Reply{Text: []string{"Atendemos ", "das 8h às 18h, ", "Carla. [p:" + result.Passages[0].ID + "]"}}
			}

			r := ana.Do("POST", "/api/v1/playground/conversations/"+id+"/messages",
				map[string]string{"text": "Oi, sou a Carla. Qual o horário de vocês?"})
			mustStatus(t, r, 200)
			if ct := r.Header.Get("Content-Type"); ct != "text/event-stream" {
				t.Fatalf("Content-Type %q", ct)
			}
			evs := readSSE(t, r.Body)
			var first struct{ Author, Text string }
			json.Unmarshal(evs[0].Data, &first)
			if evs[0].Event != "message" || first.Author != "lead" || !strings.Contains(first.Text, "Carla") {
				t.Fatalf("first event: %s %s", evs[0].Event, evs[0].Data)
			}
			calls := eventsOf(evs, "tool_call")
			results := eventsOf(evs, "tool_result")
			if len(calls) != 2 || len(results) != 2 || !strings.Contains(string(calls[0].Data), `"tool":"search_knowledge"`) {
				t.Fatalf("tool events: %v %v", calls, results)
			}
			var search struct {
				Passages []struct {
					ID, Source, Text string
					Score            float64
				}
			}
			json.Unmarshal(results[0].Data, &search)
			if len(search.Passages) == 0 || !strings.Contains(search.Passages[0].Text, "8h às 18h") || search.Passages[0].Score <= 0 {
				t.Fatalf("search result: %s", results[0].Data)
			}
			fields := eventsOf(evs, "lead_field")
			if len(fields) != 1 || !strings.Contains(string(fields[0].Data), `"value":"Carla"`) ||
				!strings.Contains(string(fields[0].Data), `"evidence":"sou a Carla"`) {
				t.Fatalf("lead_field: %v", fields)
			}
			var draft strings.Builder
			for _, e := range eventsOf(evs, "draft") {
				var p struct{ Text string }
				json.Unmarshal(e.Data, &p)
				draft.WriteString(p.Text)
			}
			if !strings.HasPrefix(draft.String(), "Atendemos das 8h às 18h, Carla.") {
				t.Fatalf("draft %q", draft.String())
			}
			msgs := eventsOf(evs, "message")
			var ai struct{ Author, Text string }
			json.Unmarshal(msgs[len(msgs)-1].Data, &ai)
			if len(msgs) != 2 || ai.Author != "ai" || ai.Text != "Atendemos das 8h às 18h, Carla." {
				t.Fatalf("messages: %v", msgs)
			}
			last := evs[len(evs)-1]
			var done struct {
				Outcome      string
				TraceID      string `json:"trace_id"`
				Conversation struct {
					Lead struct{ Fields []struct{ Key, Value string } }
				}
			}
			json.Unmarshal(last.Data, &done)
			if last.Event != "done" || done.Outcome != "reply" || done.TraceID == "" ||
				len(done.Conversation.Lead.Fields) != 1 || done.Conversation.Lead.Fields[0].Value != "Carla" {
				t.Fatalf("last event: %s %s", last.Event, last.Data)
			}

			// The trace, and the AI message pointing at it.
			r = ana.Do("GET", "/api/v1/traces/"+done.TraceID, nil)
			mustStatus(t, r, 200)
			var tr struct {
				ConversationID string `json:"conversation_id"`
				InputTokens    int64  `json:"input_tokens"`
				Detail         struct {
					Model     string
					ToolCalls []struct{ Name string } `json:"tool_calls"`
					Passages  []struct {
						ChunkID string `json:"chunk_id"`
					}
				}
			}
			r.JSON(&tr)
			if tr.ConversationID != id || tr.InputTokens == 0 || len(tr.Detail.ToolCalls) != 2 ||
				tr.Detail.ToolCalls[1].Name != "update_lead" || len(tr.Detail.Passages) != 1 ||
				tr.Detail.Passages[0].ChunkID != search.Passages[0].ID {
				t.Fatalf("trace: %s", r.Body)
			}
			r = ana.Do("GET", "/api/v1/conversations/"+id+"/messages", nil)
			var page messagePage
			r.JSON(&page)
			if len(page.Items) != 2 || page.Items[1].TraceID == nil || *page.Items[1].TraceID != done.TraceID {
				t.Fatalf("messages: %s", r.Body)
			}

			// Each message is a live event of the organization.
			evts, err := mustStoreOf(t, srv).EventsAfter(context.Background(), sess.Organization.ID, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range evts {
				if e.Kind == "conversation.message" && e.SubjectID == id {
					n++
				}
			}
			if n != 2 {
				t.Fatalf("%d conversation.message events, want 2", n)
			}

			// A member reads the conversation and the trace but does not test.
			bia := join(t, srv, ana, "bia@example.com", "member")
			mustStatus(t, bia.Do("GET", "/api/v1/traces/"+done.TraceID, nil), 200)
			mustStatus(t, bia.Do("POST", "/api/v1/playground/conversations", map[string]string{"agent_id": agentID}), 403)
			mustStatus(t, bia.Do("POST", "/api/v1/playground/conversations/"+id+"/messages", map[string]string{"text": "oi"}), 403)
		})
	}
}

// TestPlaygroundRefusals covers what is refused before a stream starts, and
// a reply that fails once it has (no provider configured).
func TestPlaygroundRefusals(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *apptest.Server) {
		ana, sess := signup(t, srv, "Ana", "ana@example.com", "Loja Solar")
		agentID := playgroundAgent(t, ana)
		id := startPlayground(t, ana, agentID)
		path := "/api/v1/playground/conversations/" + id + "/messages"

		for _, c := range []struct {
			name   string
			path   string
			body   any
			status int
		}{
			{"no agent", "/api/v1/playground/conversations", map[string]string{"agent_id": ""}, 400},
			{"unknown agent", "/api/v1/playground/conversations", map[string]string{"agent_id": piloto.NewID()}, 404},
			{"unknown field", "/api/v1/playground/conversations", map[string]string{"agent": agentID}, 400},
			{"empty text", path, map[string]string{"text": "  \n "}, 400},
			{"long text", path, map[string]string{"text": strings.Repeat("á", 4097)}, 400},
			{"unknown conversation", "/api/v1/playground/conversations/" + piloto.NewID() + "/messages", map[string]string{"text": "oi"}, 404},
		} {
			if r := ana.Do("POST", c.path, c.body); r.StatusCode != c.status || !strings.Contains(string(r.Body), `"error"`) {
				t.Errorf("%s: %d %s, want %d", c.name, r.StatusCode, r.Body, c.status)
			}
		}

		// Without any provider, the lead's message is stored and the stream
		// says so plainly.
		r := ana.Do("POST", path, map[string]string{"text": "Qual o horário?"})
		mustStatus(t, r, 200)
		evs := readSSE(t, r.Body)
		last := evs[len(evs)-1]
		var e struct {
			Error struct{ Code, Message string }
		}
		json.Unmarshal(last.Data, &e)
		if evs[0].Event != "message" || last.Event != "error" || e.Error.Code != "unavailable" || !strings.Contains(e.Error.Message, "Nenhuma chave") {
			t.Fatalf("events: %v", evs)
		}
		var page messagePage
		ana.Do("GET", "/api/v1/conversations/"+id+"/messages", nil).JSON(&page)
		if len(page.Items) != 1 || page.Items[0].Text != "Qual o horário?" {
			t.Fatalf("messages: %+v", page.Items)
		}

		// A WhatsApp conversation is not the playground's; a closed one is
		// over.
		ctx := context.Background()
		svc := &inbox.Service{Store: mustStoreOf(t, srv), Clock: piloto.SystemClock{}}
		ch, err := svc.CreateChannel(ctx, sess.Organization.ID, inbox.ChannelWhatsApp, "Vendas")
		if err != nil {
			t.Fatal(err)
		}
		wa, err := svc.StartConversation(ctx, sess.Organization.ID, ch.ID, inbox.Contact{WaID: "5562999990000"}, agentID)
		if err != nil {
			t.Fatal(err)
		}
		mustStatus(t, ana.Do("POST", "/api/v1/playground/conversations/"+wa.ID+"/messages", map[string]string{"text": "oi"}), 400)
		if err := svc.SetConversationStatus(ctx, sess.Organization.ID, id, inbox.StatusClosed, sess.User.ID); err != nil {
			t.Fatal(err)
		}
		mustStatus(t, ana.Do("POST", path, map[string]string{"text": "oi"}), 409)

		// Another organization's agent is not found.
		other, _ := signup(t, srv, "Bia", "bia@example.com", "Loja B")
		mustStatus(t, other.Do("POST", "/api/v1/playground/conversations", map[string]string{"agent_id": agentID}), 404)
	})
}
