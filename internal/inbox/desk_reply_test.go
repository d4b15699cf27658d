package inbox_test

import (
	"context"
	"testing"

	"github.com/pilotodevendas/piloto/internal/agent"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/llm"
	"github.com/pilotodevendas/piloto/internal/llm/llmtest"
	"github.com/pilotodevendas/piloto/internal/store"
	"github.com/pilotodevendas/piloto/internal/store/storetest"
)

// TestAIStaysSilentWhileTakenOver: the runtime skips a conversation a
// person took over ("ai_paused") without calling the model, and answers
// again once it is handed back.
func TestAIStaysSilentWhileTakenOver(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		srv := llmtest.NewOpenAIServer(t, llmtest.Reply{Text: []string{"Olá! Como posso ajudar?"}})
		runtime := &reply.Service{Agents: &agent.Service{Store: db, Clock: f.clock}, Inbox: f.svc,
			LLM:   &llm.Service{Store: db, Config: llm.Config{OpenAIAPIKey: "sk-plataforma", OpenAIBaseURL: srv.URL, USDBRL: 5.40}, Clock: f.clock},
			Clock: f.clock}
		id := must[*inbox.Conversation](t)(f.svc.StartConversation(ctx, f.org, f.wa.ID, inbox.Contact{WaID: "5562999990001"}, f.agent)).ID
		must[*inbox.Conversation](t)(f.svc.TakeOver(ctx, f.org, inbox.Person{UserID: f.user, Name: "Ana"}, id))
		f.say(t, id, inbox.AuthorLead, "Oi, alguém aí?")
		res, err := runtime.Reply(ctx, f.org, id)
		if err != nil || res.Skipped != reply.SkipAIPaused || len(srv.Requests()) != 0 {
			t.Fatalf("taken over: %+v %v, %d model calls", res, err, len(srv.Requests()))
		}
		must[*inbox.Conversation](t)(f.svc.HandBack(ctx, f.org, inbox.Person{UserID: f.user, Name: "Ana"}, id))
		res, err = runtime.Reply(ctx, f.org, id)
		if err != nil || res.Skipped != "" || len(srv.Requests()) == 0 {
			t.Fatalf("handed back: %+v %v", res, err)
		}
	})
}
