package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/inbox"
)

// MaxPlaygroundText is the longest message a lead may send in the
// playground, in characters (WhatsApp's own limit is 4096).
const MaxPlaygroundText = 4096

// PlaygroundContactName names the test contact of a playground conversation.
const PlaygroundContactName = "Lead de teste"

// postPlaygroundConversation starts a test conversation with an agent on
// the organization's playground channel, with a new test contact and lead.
func (a *API) postPlaygroundConversation(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		AgentID string `json:"agent_id"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	if strings.TrimSpace(body.AgentID) == "" {
		return piloto.Invalid("Escolha o agente a testar.", map[string]string{"agent_id": "obrigatório"})
	}
	ctx, orgID := r.Context(), identityOf(r).Organization.ID
	ag, err := a.Agents.Get(ctx, orgID, body.AgentID)
	if err != nil {
		return err
	}
	ch, err := a.Inbox.PlaygroundChannel(ctx, orgID)
	if err != nil {
		return err
	}
	conv, err := a.Inbox.StartConversation(ctx, orgID, ch.ID, inbox.Contact{Name: PlaygroundContactName}, ag.ID)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, conv)
	return nil
}

// playgroundDone is the last event of a playground reply.
type playgroundDone struct {
	Outcome      string              `json:"outcome"`
	Skipped      string              `json:"skipped"`
	TraceID      string              `json:"trace_id"`
	Conversation *inbox.Conversation `json:"conversation"`
}

// postPlaygroundMessage stores a lead's message in a playground
// conversation and answers it from the request, as Server-Sent Events: the
// lead's message, then the reply's steps (reply.Step: draft text, tool
// calls and results, lead fields, handoff, stored messages), then done with
// the outcome, the trace id and the conversation as it is now — or error
// with the JSON error body when the reply failed (the lead's message stays
// stored).
//
// Mistakes found before the stream starts are plain JSON errors: EINVALID
// for an empty or long text or a conversation that is not the playground's,
// ENOTFOUND, ECONFLICT for a closed conversation. A client that goes away
// cancels the reply.
func (a *API) postPlaygroundMessage(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Text string `json:"text"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	text := strings.TrimSpace(body.Text)
	switch {
	case text == "":
		return piloto.Invalid("Escreva uma mensagem.", map[string]string{"text": "obrigatório"})
	case utf8.RuneCountInString(text) > MaxPlaygroundText:
		return piloto.Invalid(fmt.Sprintf("A mensagem passa de %d caracteres.", MaxPlaygroundText),
			map[string]string{"text": fmt.Sprintf("no máximo %d caracteres", MaxPlaygroundText)})
	}
	ctx, orgID, id := r.Context(), identityOf(r).Organization.ID, r.PathValue("id")
	conv, err := a.Inbox.Conversation(ctx, orgID, id)
	if err != nil {
		return err
	}
	if conv.Channel.Type != inbox.ChannelPlayground {
		return piloto.Invalid("Esta conversa não é do playground.", nil)
	}
	if conv.Status == inbox.StatusClosed {
		return piloto.Errorf(piloto.ECONFLICT, "Esta conversa foi encerrada. Reinicie para começar outra.")
	}
	msg, err := a.Inbox.AddMessage(ctx, orgID, id, inbox.Message{Author: inbox.AuthorLead, Text: text})
	if err != nil {
		return err
	}

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	gone := false
	send := func(event string, data any) {
		if gone {
			return
		}
		b, err := json.Marshal(data)
		if err == nil {
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
		}
		if err == nil {
			err = rc.Flush()
		}
		gone = err != nil // the client went away; the reply goes on until ctx ends
	}
	send(reply.StepMessage, msg)

	res, err := a.Replies.Stream(ctx, orgID, id, func(s reply.Step) { send(s.Type, s.Data()) })
	if err != nil {
		if ctx.Err() == nil {
			_, body, _ := errorBody(r, a.Logger, err)
			send("error", body)
		}
		return nil
	}
	done := playgroundDone{Outcome: res.Outcome, Skipped: res.Skipped}
	if res.Trace != nil {
		done.TraceID = res.Trace.ID
	}
	if done.Conversation, err = a.Inbox.Conversation(ctx, orgID, id); err != nil {
		_, body, _ := errorBody(r, a.Logger, err)
		send("error", body)
		return nil
	}
	send("done", done)
	return nil
}

// getTrace returns what the agent did for one reply ("Por que a IA
// respondeu isso?").
func (a *API) getTrace(w http.ResponseWriter, r *http.Request) error {
	t, err := a.Inbox.Trace(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, t)
	return nil
}
