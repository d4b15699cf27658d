package api

import (
	"net/http"
	"strconv"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
)

// The inbox (UI: Conversas): the list of conversations, takeover and hand
// back, a person's replies, assignment, labels, notes, read marks and
// members' availability. Every route is any member's; the organization is
// the session's, and another organization's ids are not found.

// personOf is the caller as the inbox names them in system messages.
func personOf(r *http.Request) inbox.Person {
	id := identityOf(r)
	return inbox.Person{UserID: id.User.ID, Name: id.User.Name}
}

// getConversations lists the organization's conversations for the caller
// (their unread counts), newest activity first: view, agent_id,
// channel_id, label, q, include_tests, cursor and limit (see
// inbox.Service.List).
func (a *API) getConversations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := inbox.Filter{View: inbox.View(q.Get("view")), AgentID: q.Get("agent_id"), ChannelID: q.Get("channel_id"),
		Label: q.Get("label"), Query: q.Get("q"), IncludeTests: q.Get("include_tests") == "true", Cursor: q.Get("cursor")}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > inbox.MaxList {
			return piloto.Invalid("Limite inválido.", map[string]string{"limit": "deve ser de 1 a " + strconv.Itoa(inbox.MaxList)})
		}
		f.Limit = n
	}
	id := identityOf(r)
	list, next, err := a.Inbox.List(r.Context(), id.Organization.ID, id.User.ID, f)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[inbox.Summary]{Items: list, NextCursor: next})
	return nil
}

type readRequest struct {
	Seq int64 `json:"seq"`
}

// postConversationRead marks the conversation read by the caller up to seq,
// or its latest message without a body or seq. Read marks are the
// caller's own and send no live event.
func (a *API) postConversationRead(w http.ResponseWriter, r *http.Request) error {
	var req readRequest
	if r.ContentLength != 0 {
		if err := DecodeJSON(r, &req); err != nil {
			return err
		}
	}
	id := identityOf(r)
	if err := a.Inbox.MarkRead(r.Context(), id.Organization.ID, id.User.ID, r.PathValue("id"), req.Seq); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) postConversationTakeover(w http.ResponseWriter, r *http.Request) error {
	c, err := a.Inbox.TakeOver(r.Context(), identityOf(r).Organization.ID, personOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, c)
	return nil
}

func (a *API) postConversationHandback(w http.ResponseWriter, r *http.Request) error {
	c, err := a.Inbox.HandBack(r.Context(), identityOf(r).Organization.ID, personOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, c)
	return nil
}

type textRequest struct {
	Text string `json:"text"`
}

// postConversationMessage stores a person's reply (see
// inbox.Service.Reply: it does not pause the AI; the inbox takes the
// conversation over first). WhatsApp replies go out through the outbound
// path, which sends pending human messages.
func (a *API) postConversationMessage(w http.ResponseWriter, r *http.Request) error {
	var req textRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	orgID := identityOf(r).Organization.ID
	m, err := a.Inbox.Reply(r.Context(), orgID, personOf(r), r.PathValue("id"), req.Text)
	if err != nil {
		return err
	}
	// A WhatsApp conversation's reply goes out on the agent's path (the
	// send job); elsewhere there is nothing to send. The message is stored
	// either way: a failure to enqueue leaves it pending, shown so.
	if a.Outbound != nil {
		if err := a.Outbound(r.Context(), orgID, m.ConversationID); err != nil {
			a.Logger.ErrorContext(r.Context(), "enqueueing a person's reply failed", "conversation_id", m.ConversationID,
				"request_id", piloto.RequestID(r.Context()), "err", err)
		}
	}
	WriteJSON(w, http.StatusCreated, m)
	return nil
}

func (a *API) patchConversation(w http.ResponseWriter, r *http.Request) error {
	var req inbox.ConversationUpdate
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	c, err := a.Inbox.Update(r.Context(), identityOf(r).Organization.ID, personOf(r), r.PathValue("id"), req)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, c)
	return nil
}

func (a *API) patchLead(w http.ResponseWriter, r *http.Request) error {
	var req inbox.LeadUpdate
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	l, err := a.Inbox.UpdateLead(r.Context(), identityOf(r).Organization.ID, personOf(r), r.PathValue("id"), req)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, l)
	return nil
}

// getConversationNotes lists the conversation's internal notes, oldest
// first, in one page (the latest inbox.MaxNotesShown).
func (a *API) getConversationNotes(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Inbox.Notes(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[inbox.Note]{Items: list})
	return nil
}

func (a *API) postConversationNote(w http.ResponseWriter, r *http.Request) error {
	var req textRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	n, err := a.Inbox.AddNote(r.Context(), identityOf(r).Organization.ID, personOf(r), r.PathValue("id"), req.Text)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, n)
	return nil
}

type availabilityRequest struct {
	Available *bool `json:"available"`
}

// putAvailability says whether the caller takes conversations in the
// session's organization ("Disponível para atendimento").
func (a *API) putAvailability(w http.ResponseWriter, r *http.Request) error {
	var req availabilityRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Available == nil {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"available": "obrigatório"})
	}
	id := identityOf(r)
	if err := a.Inbox.SetAvailable(r.Context(), id.Organization.ID, id.User.ID, *req.Available); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
