package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
)

// SeedOrganization returns the id of the organization named name whose
// owner's email is ownerEmail (piloto seed's), "" when there is none.
func (db *DB) SeedOrganization(ctx context.Context, name, ownerEmail string) (string, error) {
	var id string
	err := db.read.QueryRowContext(ctx, `
		SELECT o.id FROM organizations o
		JOIN memberships m ON m.organization_id = o.id AND m.role = 'owner'
		JOIN users u ON u.id = m.user_id
		WHERE o.name = $1 AND u.email = $2
		ORDER BY o.created_at LIMIT 1`, name, ownerEmail).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// SeedMember stores user u, unless a user has its email, and makes them a
// member of the organization with role, unless they are one; it returns
// the user's id.
func (db *DB) SeedMember(ctx context.Context, orgID string, u *auth.User, role org.Role) (string, error) {
	var id string
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, u.Email).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id = u.ID
			_, err = tx.ExecContext(ctx, `
				INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, u.ID, u.Email, u.Name, u.PasswordHash, u.EmailVerifiedAt, u.CreatedAt)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, orgID, id, role, u.CreatedAt)
		return err
	})
	return id, err
}

// InsertInboxBatch stores a batch of ready-made rows of the organization in
// one transaction with multi-row INSERTs (see inbox.Batch). It records no
// events: it is for seeding, not for live conversations.
func (db *DB) InsertInboxBatch(ctx context.Context, orgID string, b *inbox.Batch) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var rows [][]any
		for _, c := range b.Contacts {
			rows = append(rows, []any{c.ID, orgID, nullString(c.WaID), c.Phone, c.Name, inbox.Fold(c.Name), c.Test, c.CreatedAt, c.UpdatedAt})
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO contacts (id, organization_id, wa_id, phone, name, name_folded, test,
			created_at, updated_at) VALUES `, "", rows); err != nil {
			return err
		}
		rows = rows[:0]
		var fields [][]any
		for _, l := range b.Leads {
			rows = append(rows, []any{l.ID, orgID, l.ContactID, string(l.Stage), l.Origin, nullString(l.AssigneeID), l.Test,
				l.CreatedAt, l.UpdatedAt, nullTime(l.ClosedAt)})
			for _, f := range l.Fields {
				fields = append(fields, []any{orgID, l.ID, f.Key, f.Value, f.Evidence, f.Confidence, f.UpdatedAt})
			}
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO leads (id, organization_id, contact_id, stage, origin, assignee_id, test,
			created_at, updated_at, closed_at) VALUES `, "", rows); err != nil {
			return err
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO lead_fields (organization_id, lead_id, key, value, evidence, confidence,
			updated_at) VALUES `, "", fields); err != nil {
			return err
		}
		rows = rows[:0]
		var labels [][]any
		for _, c := range b.Conversations {
			leadID := ""
			if c.Lead != nil {
				leadID = c.Lead.ID
			}
			rows = append(rows, []any{c.ID, orgID, c.Channel.ID, c.Contact.ID, nullString(leadID), nullString(c.AgentID),
				string(c.Status), c.AIPaused, c.ClosedBy, nullString(c.ClosedByUserID), nullTime(c.ClosedAt), c.Seq,
				c.LastMessageAt, nullTime(c.LastInboundAt), c.CreatedAt, c.UpdatedAt})
			for _, l := range c.Labels {
				labels = append(labels, []any{orgID, c.ID, l})
			}
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO conversations (id, organization_id, channel_id, contact_id, lead_id, agent_id,
			status, ai_paused, closed_by, closed_by_user_id, closed_at, seq, last_message_at, last_inbound_at, created_at,
			updated_at) VALUES `, "", rows); err != nil {
			return err
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO conversation_labels (organization_id, conversation_id, label) VALUES `, "", labels); err != nil {
			return err
		}
		rows = rows[:0]
		for _, m := range b.Messages {
			rows = append(rows, []any{m.ID, orgID, m.ConversationID, m.Seq, string(m.Direction), string(m.Author),
				nullString(m.AuthorUserID), m.Text, nullString(m.ProviderMessageID), string(m.Status), m.CreatedAt,
				nullTime(m.SentAt), nullTime(m.DeliveredAt), nullTime(m.ReadAt)})
		}
		if err := db.insertRows(ctx, tx, `INSERT INTO messages (id, organization_id, conversation_id, seq, direction, author,
			author_user_id, text, provider_message_id, status, created_at, sent_at, delivered_at, read_at) VALUES `, "", rows); err != nil {
			return err
		}
		// Each conversation's search document, as addMessageTx builds it.
		docs := map[string][]string{}
		for _, m := range b.Messages {
			docs[m.ConversationID] = append(docs[m.ConversationID], m.Text)
		}
		set := `UPDATE conversations_fts SET text = $3
			WHERE rowid = (SELECT rowid FROM conversations WHERE organization_id = $1 AND id = $2)`
		if db.Dialect == Postgres {
			set = `UPDATE conversations SET search = strip(to_tsvector('simple', translate(lower(CAST($3 AS TEXT)), '` +
				inbox.FoldFrom + `', '` + inbox.FoldTo + `'))) WHERE organization_id = $1 AND id = $2`
		}
		for _, c := range b.Conversations {
			if _, err := tx.ExecContext(ctx, set, orgID, c.ID, strings.Join(docs[c.ID], " ")); err != nil {
				return err
			}
		}
		rows = rows[:0]
		for _, t := range b.Traces {
			detail, err := json.Marshal(t.Detail)
			if err != nil {
				return err
			}
			rows = append(rows, []any{t.ID, orgID, t.ConversationID, nullString(t.MessageID), nullString(t.AgentID), t.AgentVersion,
				t.InputTokens, t.OutputTokens, t.CostMicroBRL, t.LatencyMS, t.Error, string(detail), t.CreatedAt})
		}
		return db.insertRows(ctx, tx, `INSERT INTO traces (id, organization_id, conversation_id, message_id, agent_id, agent_version,
			input_tokens, output_tokens, cost_micro_brl, latency_ms, error, detail, created_at) VALUES `, "", rows)
	})
}
