package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/pilotodevendas/piloto/internal/audit"
)

// RecordAuditEvent appends an event to the log. An event without an
// organization (a failed login of an unknown email) is kept for operators
// but shown to no organization.
func (db *DB) RecordAuditEvent(ctx context.Context, e audit.Event) error {
	return recordAuditEvent(ctx, db.write, e)
}

// recordAuditEvent appends an event on q: in a change's transaction, the
// change and its event commit together.
func recordAuditEvent(ctx context.Context, q Querier, e audit.Event) error {
	details, err := json.Marshal(e.Details)
	if err != nil {
		return err
	}
	if e.Details == nil {
		details = []byte("{}")
	}
	_, err = q.ExecContext(ctx, `
		INSERT INTO audit_events (id, organization_id, user_id, action, ip, user_agent, details, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.ID, nullString(e.OrganizationID), nullString(e.UserID), e.Action, e.IP, e.UserAgent, string(details), e.CreatedAt)
	return err
}

// AuditEvents returns up to limit events of the organization with ids below
// before ("" for the newest), newest first, with the user's name and email.
func (db *DB) AuditEvents(ctx context.Context, orgID, before string, limit int) ([]audit.Event, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT e.id, e.organization_id, COALESCE(e.user_id, ''), COALESCE(u.name, ''), COALESCE(u.email, ''),
		       e.action, e.ip, e.user_agent, e.details, e.created_at
		FROM audit_events e
		LEFT JOIN users u ON u.id = e.user_id
		WHERE e.organization_id = $1 AND ($2 = '' OR e.id < $2)
		ORDER BY e.id DESC
		LIMIT $3`, orgID, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []audit.Event{}
	for rows.Next() {
		var (
			e       audit.Event
			details string
		)
		if err := rows.Scan(&e.ID, &e.OrganizationID, &e.UserID, &e.UserName, &e.UserEmail,
			&e.Action, &e.IP, &e.UserAgent, &details, &e.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			return nil, err
		}
		e.CreatedAt = utc(e.CreatedAt)
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
