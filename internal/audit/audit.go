// Package audit is the organization's security log: sign-ins, failed
// sign-ins, stolen-token alarms, sessions ended — later role and key
// changes. Events never hold passwords, tokens or keys. Owners read it.
package audit

import (
	"context"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/org"
)

// Actions.
const (
	ActionSignup        = "signup"
	ActionLoginOK       = "login.succeeded"
	ActionLoginFailed   = "login.failed"
	ActionLoginGoogle   = "login.google"
	ActionRefreshReused = "session.token_reused" // a used refresh token came back: the session was ended
	ActionLogout        = "logout"
	ActionLogoutAll     = "logout.all_devices"
)

// Event is one entry of the log.
type Event struct {
	ID             string            `json:"id"`
	OrganizationID string            `json:"-"`
	UserID         string            `json:"user_id,omitempty"`
	UserName       string            `json:"user_name,omitempty"`
	UserEmail      string            `json:"user_email,omitempty"`
	Action         string            `json:"action"`
	IP             string            `json:"ip"`
	UserAgent      string            `json:"user_agent"`
	Details        map[string]string `json:"details"`
	CreatedAt      time.Time         `json:"created_at"`
}

// Store reads the log.
type Store interface {
	// AuditEvents returns up to limit events of the organization with ids
	// below before ("" for the newest), newest first.
	AuditEvents(ctx context.Context, orgID, before string, limit int) ([]Event, error)
}

// PageSize is how many events a page holds.
const PageSize = 50

// List returns a page of the organization's log, newest first, and the
// cursor of the next page ("" on the last). Only owners may read it:
// EFORBIDDEN for other roles; EINVALID for a malformed cursor.
func List(ctx context.Context, s Store, orgID string, role org.Role, cursor string) ([]Event, string, error) {
	if role != org.RoleOwner {
		return nil, "", piloto.Errorf(piloto.EFORBIDDEN, "Só quem é dono da organização vê o registro de segurança.")
	}
	if cursor != "" && !piloto.ValidID(cursor) {
		return nil, "", piloto.Invalid("Cursor inválido.", map[string]string{"cursor": "cursor inválido"})
	}
	events, err := s.AuditEvents(ctx, orgID, cursor, PageSize+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(events) > PageSize {
		events = events[:PageSize]
		next = events[PageSize-1].ID
	}
	return events, next, nil
}
