package api

import (
	"net/http"

	"github.com/pilotodevendas/piloto/internal/audit"
)

// getAuditEvents lists the organization's security log, newest first; owners
// only.
func (a *API) getAuditEvents(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	events, next, err := audit.List(r.Context(), a.Audit, id.Organization.ID, id.Role, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, List[audit.Event]{Items: events, NextCursor: next})
	return nil
}
