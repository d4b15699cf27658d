package api

import (
	"net/http"
	"strconv"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
)

// getConversation returns a conversation with its channel, contact, lead,
// labels, WhatsApp window and the caller's unread count.
func (a *API) getConversation(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	c, err := a.Inbox.ConversationFor(r.Context(), id.Organization.ID, id.User.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, c)
	return nil
}

// getConversationMessages reads a conversation backwards a page at a time:
// without before, its newest messages; with before (the next_cursor of the
// page read last), the ones before them. Each page is oldest to newest.
func (a *API) getConversationMessages(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit := inbox.DefaultPage
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > inbox.MaxPage {
			return piloto.Invalid("Limite inválido.", map[string]string{"limit": "deve ser de 1 a " + strconv.Itoa(inbox.MaxPage)})
		}
		limit = n
	}
	list, next, err := a.Inbox.Messages(r.Context(), identityOf(r).Organization.ID, r.PathValue("id"), q.Get("before"), limit)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[inbox.Message]{Items: list, NextCursor: next})
	return nil
}
