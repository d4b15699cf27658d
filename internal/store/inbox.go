package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
)

var (
	errChannelNotFound      = piloto.Errorf(piloto.ENOTFOUND, "Canal não encontrado.")
	errConversationNotFound = piloto.Errorf(piloto.ENOTFOUND, "Conversa não encontrada.")
	errLeadNotFound         = piloto.Errorf(piloto.ENOTFOUND, "Lead não encontrado.")
	errTraceNotFound        = piloto.Errorf(piloto.ENOTFOUND, "Registro da resposta não encontrado.")
	errMessageNotFound      = piloto.Errorf(piloto.ENOTFOUND, "Mensagem não encontrada.")
	errLeadStillOpen        = piloto.Errorf(piloto.ECONFLICT, "Este contato já tem outro lead em andamento.")
)

// nullTime is t for a nullable column: NULL when nil.
func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: *t, Valid: true}
}

// timePtr reads a nullable time column.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

const channelColumns = `id, organization_id, type, name, created_at`

func scanChannel(row interface{ Scan(...any) error }) (*inbox.Channel, error) {
	var ch inbox.Channel
	err := row.Scan(&ch.ID, &ch.OrganizationID, &ch.Type, &ch.Name, &ch.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errChannelNotFound
	}
	if err != nil {
		return nil, err
	}
	ch.CreatedAt = utc(ch.CreatedAt)
	return &ch, nil
}

// CreateChannel stores a channel.
func (db *DB) CreateChannel(ctx context.Context, orgID string, ch *inbox.Channel) error {
	_, err := db.write.ExecContext(ctx, `
		INSERT INTO channels (id, organization_id, type, name, created_at) VALUES ($1, $2, $3, $4, $5)`,
		ch.ID, orgID, ch.Type, ch.Name, ch.CreatedAt)
	return err
}

// PlaygroundChannel returns the organization's playground channel, storing
// ch as it when there is none yet.
func (db *DB) PlaygroundChannel(ctx context.Context, orgID string, ch *inbox.Channel) (*inbox.Channel, error) {
	if _, err := db.write.ExecContext(ctx, `
		INSERT INTO channels (id, organization_id, type, name, created_at) VALUES ($1, $2, 'playground', $3, $4)
		ON CONFLICT DO NOTHING`, ch.ID, orgID, ch.Name, ch.CreatedAt); err != nil {
		return nil, err
	}
	return scanChannel(db.write.QueryRowContext(ctx, `
		SELECT `+channelColumns+` FROM channels WHERE organization_id = $1 AND type = 'playground'`, orgID))
}

// Channel returns one of the organization's channels, or ENOTFOUND.
func (db *DB) Channel(ctx context.Context, orgID, id string) (*inbox.Channel, error) {
	return scanChannel(db.read.QueryRowContext(ctx, `
		SELECT `+channelColumns+` FROM channels WHERE organization_id = $1 AND id = $2`, orgID, id))
}

// StartConversation finds or makes the contact, its open lead and its
// conversation in one transaction (see inbox.Store) and returns the
// conversation's id. Two first messages of one contact at once may both
// try to make it: the loser of the unique index tries again and finds it.
func (db *DB) StartConversation(ctx context.Context, orgID string, s inbox.Start) (string, error) {
	var id string
	var err error
	for range 2 {
		id, err = db.startConversation(ctx, orgID, s)
		if !isUniqueViolation(err) {
			break
		}
	}
	return id, err
}

func (db *DB) startConversation(ctx context.Context, orgID string, s inbox.Start) (id string, err error) {
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		id, err = db.startConversationTx(ctx, tx, orgID, s)
		return err
	})
	return id, err
}

// startConversationTx is StartConversation inside tx.
func (db *DB) startConversationTx(ctx context.Context, tx *sql.Tx, orgID string, s inbox.Start) (id string, err error) {
	err = func() error {
		if s.AgentID != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agents WHERE organization_id = $1 AND id = $2`,
				orgID, s.AgentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errAgentNotFound
			}
		}
		contactID, err := db.matchContact(ctx, tx, orgID, s)
		if err != nil {
			return err
		}
		if contactID == "" {
			c := s.Contact
			contactID = c.ID
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO contacts (id, organization_id, wa_id, phone, name, name_folded, test, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
				c.ID, orgID, nullString(c.WaID), c.Phone, c.Name, inbox.Fold(c.Name), c.Test, s.Now); err != nil {
				return err
			}
		} else if s.Match {
			err := tx.QueryRowContext(ctx, `
				SELECT id FROM conversations
				WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3 AND status <> 'closed'`,
				orgID, s.Channel.ID, contactID).Scan(&id)
			if err == nil {
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		var leadID string
		err = tx.QueryRowContext(ctx, `
			SELECT id FROM leads WHERE organization_id = $1 AND contact_id = $2 AND stage NOT IN ('won', 'lost')`,
			orgID, contactID).Scan(&leadID)
		if errors.Is(err, sql.ErrNoRows) {
			leadID = s.LeadID
			_, err = tx.ExecContext(ctx, `
				INSERT INTO leads (id, organization_id, contact_id, stage, origin, test, created_at, updated_at)
				VALUES ($1, $2, $3, 'new', $4, $5, $6, $6)`,
				leadID, orgID, contactID, string(s.Channel.Type), s.Contact.Test, s.Now)
		}
		if err != nil {
			return err
		}
		id = s.ConversationID
		_, err = tx.ExecContext(ctx, `
			INSERT INTO conversations (id, organization_id, channel_id, contact_id, lead_id, agent_id, status,
			                           last_message_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7, $7)`,
			id, orgID, s.Channel.ID, contactID, leadID, nullString(s.AgentID), s.Now)
		return err
	}()
	return id, err
}

// matchContact returns the id of the organization's contact with s's
// wa_id, else its phone, filling in what it lacks; "" when s does not
// match (the playground) or no contact does.
func (db *DB) matchContact(ctx context.Context, tx *sql.Tx, orgID string, s inbox.Start) (string, error) {
	if !s.Match {
		return "", nil
	}
	c := s.Contact
	var id string
	err := sql.ErrNoRows
	if c.WaID != "" {
		err = tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE organization_id = $1 AND wa_id = $2`, orgID, c.WaID).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) && c.Phone != "" {
		// By phone, only a contact whose WhatsApp id is unknown or the same.
		err = tx.QueryRowContext(ctx, `
			SELECT id FROM contacts WHERE organization_id = $1 AND phone = $2 AND (wa_id IS NULL OR $3 = '')
			ORDER BY created_at, id LIMIT 1`, orgID, c.Phone, c.WaID).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `
		UPDATE contacts SET wa_id = COALESCE(wa_id, $3),
		                    phone = CASE WHEN phone = '' THEN $4 ELSE phone END,
		                    name = CASE WHEN $5 = '' THEN name ELSE $5 END,
		                    name_folded = CASE WHEN $5 = '' THEN name_folded ELSE $7 END,
		                    updated_at = $6
		WHERE organization_id = $1 AND id = $2`, orgID, id, nullString(c.WaID), c.Phone, c.Name, s.Now, inbox.Fold(c.Name))
	return id, err
}

// AddMessage appends m with the conversation's next seq and moves the
// conversation's last activity. A provider id stored already adds nothing:
// the stored message is returned. ENOTFOUND.
func (db *DB) AddMessage(ctx context.Context, orgID string, m *inbox.Message) (*inbox.Message, error) {
	if m.ProviderMessageID != "" {
		if got, err := db.messageByProviderID(ctx, db.read, orgID, m.ProviderMessageID); !errors.Is(err, errMessageNotFound) {
			return got, err
		}
	}
	err := db.InTx(ctx, func(tx *sql.Tx) error { return db.addMessageTx(ctx, tx, orgID, m) })
	if errors.Is(err, errDuplicateMessage) {
		// Stored by another delivery meanwhile: this one rolled back.
		return db.messageByProviderID(ctx, db.write, orgID, m.ProviderMessageID)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// errDuplicateMessage is a provider id stored already.
var errDuplicateMessage = errors.New("duplicate provider id")

// addMessageTx appends m inside tx: the conversation's next seq, its last
// activity, the message and its conversation.message event.
// errDuplicateMessage when its provider id is stored (the caller rolls
// back, or keeps the gap in seq it leaves).
func (db *DB) addMessageTx(ctx context.Context, tx *sql.Tx, orgID string, m *inbox.Message) error {
	// The conversation's search document gets the message's words (see
	// migration 0017): a column on PostgreSQL, an FTS5 row on SQLite.
	search, rowid := "", "rowid"
	args := []any{orgID, m.ConversationID, m.CreatedAt, string(m.Direction)}
	if db.Dialect == Postgres {
		search = `, search = search || strip(to_tsvector('simple', translate(lower(CAST($5 AS TEXT)), '` +
			inbox.FoldFrom + `', '` + inbox.FoldTo + `')))`
		rowid = "0"
		args = append(args, m.Text)
	}
	var rowID int64
	err := tx.QueryRowContext(ctx, `
		UPDATE conversations SET seq = seq + 1, last_message_at = $3, updated_at = $3,
		                         last_inbound_at = CASE WHEN $4 = 'in' THEN $3 ELSE last_inbound_at END`+search+`
		WHERE organization_id = $1 AND id = $2
		RETURNING seq, `+rowid, args...).Scan(&m.Seq, &rowID)
	if errors.Is(err, sql.ErrNoRows) {
		return errConversationNotFound
	}
	if err != nil {
		return err
	}
	if db.Dialect == SQLite && m.Text != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE conversations_fts SET text = text || ' ' || $2 WHERE rowid = $1`,
			rowID, m.Text); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO messages (id, organization_id, conversation_id, seq, direction, author, author_user_id, text,
		                      media_ref, media_type, unsupported, provider_message_id, status, error, created_at,
		                      sent_at, delivered_at, read_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT DO NOTHING`,
		m.ID, orgID, m.ConversationID, m.Seq, m.Direction, m.Author, nullString(m.AuthorUserID), m.Text,
		m.MediaRef, m.MediaType, m.Unsupported, nullString(m.ProviderMessageID), m.Status, m.Error, m.CreatedAt,
		nullTime(m.SentAt), nullTime(m.DeliveredAt), nullTime(m.ReadAt))
	if err := mustAffect(res, err, errDuplicateMessage); err != nil {
		return err
	}
	return db.recordEvent(ctx, tx, orgID, "conversation.message", m.ConversationID,
		map[string]string{"message_id": m.ID, "author": string(m.Author)}, org.RoleMember, m.CreatedAt)
}

const messageColumns = `m.id, m.organization_id, m.conversation_id, m.seq, m.direction, m.author, COALESCE(m.author_user_id, ''),
	m.text, m.media_ref, m.media_type, m.unsupported, COALESCE(m.provider_message_id, ''), m.status, m.error, t.id,
	m.created_at, m.sent_at, m.delivered_at, m.read_at`

// messageFrom joins each message to the trace of the reply it is.
const messageFrom = ` FROM messages m LEFT JOIN traces t ON t.message_id = m.id`

func scanMessage(row interface{ Scan(...any) error }) (*inbox.Message, error) {
	var (
		m                         inbox.Message
		traceID                   sql.NullString
		sent, delivered, readTime sql.NullTime
	)
	err := row.Scan(&m.ID, &m.OrganizationID, &m.ConversationID, &m.Seq, &m.Direction, &m.Author, &m.AuthorUserID,
		&m.Text, &m.MediaRef, &m.MediaType, &m.Unsupported, &m.ProviderMessageID, &m.Status, &m.Error, &traceID,
		&m.CreatedAt, &sent, &delivered, &readTime)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errMessageNotFound
	}
	if err != nil {
		return nil, err
	}
	if traceID.Valid {
		m.TraceID = &traceID.String
	}
	m.CreatedAt = utc(m.CreatedAt)
	m.SentAt, m.DeliveredAt, m.ReadAt = timePtr(sent), timePtr(delivered), timePtr(readTime)
	return &m, nil
}

func (db *DB) messageByProviderID(ctx context.Context, q Querier, orgID, providerID string) (*inbox.Message, error) {
	return scanMessage(q.QueryRowContext(ctx, `SELECT `+messageColumns+messageFrom+`
		WHERE m.organization_id = $1 AND m.provider_message_id = $2`, orgID, providerID))
}

// Messages returns up to limit messages of a conversation with seq below
// beforeSeq (0: from the newest), newest first. ENOTFOUND.
func (db *DB) Messages(ctx context.Context, orgID, conversationID string, beforeSeq int64, limit int) ([]inbox.Message, error) {
	list, err := listRows(ctx, db.read, scanMessage, `SELECT `+messageColumns+messageFrom+`
		WHERE m.organization_id = $1 AND m.conversation_id = $2 AND ($3 = 0 OR m.seq < $3)
		ORDER BY m.seq DESC
		LIMIT $4`, orgID, conversationID, beforeSeq, limit)
	if err != nil || len(list) > 0 {
		return list, err
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations WHERE organization_id = $1 AND id = $2`,
		orgID, conversationID).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errConversationNotFound
	}
	return list, nil
}

// SetLeadField records or replaces one qualification value of a lead.
// ENOTFOUND.
func (db *DB) SetLeadField(ctx context.Context, orgID, leadID string, f inbox.LeadField) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE leads SET updated_at = $3 WHERE organization_id = $1 AND id = $2`,
			orgID, leadID, f.UpdatedAt)
		if err := mustAffect(res, err, errLeadNotFound); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO lead_fields (organization_id, lead_id, key, value, evidence, confidence, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (lead_id, key) DO UPDATE
			SET value = excluded.value, evidence = excluded.evidence, confidence = excluded.confidence,
			    updated_at = excluded.updated_at`,
			orgID, leadID, f.Key, f.Value, f.Evidence, f.Confidence, f.UpdatedAt)
		if err != nil {
			return err
		}
		return db.leadChanged(ctx, tx, orgID, leadID, f.UpdatedAt)
	})
}

// leadChanged records conversation.updated for each conversation of a lead
// that is not closed.
func (db *DB) leadChanged(ctx context.Context, tx *sql.Tx, orgID, leadID string, now time.Time) error {
	ids, err := listRows(ctx, tx, func(row interface{ Scan(...any) error }) (*string, error) {
		var id string
		return &id, row.Scan(&id)
	}, `
		SELECT id FROM conversations WHERE organization_id = $1 AND lead_id = $2 AND status <> 'closed'`, orgID, leadID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := db.conversationChanged(ctx, tx, orgID, id, now); err != nil {
			return err
		}
	}
	return nil
}

// conversationChanged records conversation.updated: its status, AI pause or
// lead changed.
func (db *DB) conversationChanged(ctx context.Context, tx *sql.Tx, orgID, id string, now time.Time) error {
	return db.recordEvent(ctx, tx, orgID, "conversation.updated", id, nil, org.RoleMember, now)
}

// SetLeadStage moves a lead to stage; won or lost sets its closed time,
// another stage clears it. ENOTFOUND; ECONFLICT when reopening it would
// make a second open lead of its contact.
func (db *DB) SetLeadStage(ctx context.Context, orgID, leadID string, stage inbox.Stage, now time.Time) error {
	var closedAt *time.Time
	if stage.Closed() {
		closedAt = &now
	}
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE leads SET stage = $3, closed_at = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2`,
			orgID, leadID, stage, nullTime(closedAt), now)
		if isUniqueViolation(err) {
			return errLeadStillOpen
		}
		if err := mustAffect(res, err, errLeadNotFound); err != nil {
			return err
		}
		return db.leadChanged(ctx, tx, orgID, leadID, now)
	})
}

// SetConversationStatus sets a conversation's status: closed by byUserID
// (a person), or reopened or handed off, clearing who closed it. Handed off
// (waiting_human), its lead without an assignee goes to the next available
// member when the organization has round-robin on (roundRobinTx), in the
// same transaction. ENOTFOUND; ECONFLICT when reopening it would make a
// second conversation of its contact on the channel that is not closed.
func (db *DB) SetConversationStatus(ctx context.Context, orgID, id string, status inbox.Status, byUserID string, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if err := db.setStatusTx(ctx, tx, orgID, id, status, byUserID, now); err != nil {
			return err
		}
		if status == inbox.StatusWaitingHuman {
			if err := db.roundRobinTx(ctx, tx, orgID, id, now); err != nil {
				return err
			}
		}
		return db.conversationChanged(ctx, tx, orgID, id, now)
	})
}

// SetAIPaused pauses or resumes the agent in a conversation. ENOTFOUND.
func (db *DB) SetAIPaused(ctx context.Context, orgID, id string, paused bool, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE conversations SET ai_paused = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2`,
			orgID, id, paused, now)
		if err := mustAffect(res, err, errConversationNotFound); err != nil {
			return err
		}
		return db.conversationChanged(ctx, tx, orgID, id, now)
	})
}

// LeaseReply takes a conversation for a reply until until, unless another
// reply holds it (its lease not yet over at now): it reports whether it got
// it. ENOTFOUND.
func (db *DB) LeaseReply(ctx context.Context, orgID, id string, now, until time.Time) (bool, error) {
	n, err := db.execCount(ctx, `
		UPDATE conversations SET reply_lease_until = $4
		WHERE organization_id = $1 AND id = $2 AND (reply_lease_until IS NULL OR reply_lease_until <= $3)`,
		orgID, id, now, until)
	if err != nil || n > 0 {
		return n > 0, err
	}
	if _, err := db.Conversation(ctx, orgID, id); err != nil {
		return false, err
	}
	return false, nil
}

// EndReply gives back the conversation a reply leased until until (a lease
// taken over since, after this one ran out, is left alone).
func (db *DB) EndReply(ctx context.Context, orgID, id string, until time.Time) error {
	_, err := db.write.ExecContext(ctx, `
		UPDATE conversations SET reply_lease_until = NULL
		WHERE organization_id = $1 AND id = $2 AND reply_lease_until = $3`, orgID, id, until)
	return err
}

// CloseQuiet closes, in every organization, the conversations not closed
// whose last activity is before before, and says how many.
//
// Each closed conversation gets its conversation.updated event in the same
// transaction; a run closes at most closeQuietBatch of them (the oldest
// first), so a caller loops while the count is that.
func (db *DB) CloseQuiet(ctx context.Context, now, before time.Time) (int, error) {
	n := 0
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		type closed struct{ org, id string }
		rows, err := listRows(ctx, tx, func(row interface{ Scan(...any) error }) (*closed, error) {
			var c closed
			return &c, row.Scan(&c.org, &c.id)
		}, `
			UPDATE conversations SET status = 'closed', closed_by = 'quiet', closed_by_user_id = NULL, closed_at = $1, updated_at = $1
			WHERE id IN (SELECT id FROM conversations WHERE status <> 'closed' AND last_message_at < $2
			             ORDER BY last_message_at LIMIT $3)
			RETURNING organization_id, id`, now, before, closeQuietBatch)
		if err != nil {
			return err
		}
		for _, c := range rows {
			if err := db.conversationChanged(ctx, tx, c.org, c.id, now); err != nil {
				return err
			}
		}
		n = len(rows)
		return nil
	})
	return n, err
}

// closeQuietBatch bounds one CloseQuiet transaction.
const closeQuietBatch = 500

// SaveTrace stores a trace. ENOTFOUND when its conversation, or its
// message, is not the organization's (the message must be of the
// conversation).
func (db *DB) SaveTrace(ctx context.Context, orgID string, t *inbox.Trace) error {
	detail, err := json.Marshal(t.Detail)
	if err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations WHERE organization_id = $1 AND id = $2`,
			orgID, t.ConversationID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errConversationNotFound
		}
		if t.MessageID != "" {
			if err := tx.QueryRowContext(ctx, `
				SELECT COUNT(*) FROM messages WHERE organization_id = $1 AND conversation_id = $2 AND id = $3`,
				orgID, t.ConversationID, t.MessageID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errMessageNotFound
			}
		}
		if t.AgentID != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agents WHERE organization_id = $1 AND id = $2`,
				orgID, t.AgentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errAgentNotFound
			}
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO traces (id, organization_id, conversation_id, message_id, agent_id, agent_version, input_tokens,
			                    output_tokens, cost_micro_brl, latency_ms, error, detail, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			t.ID, orgID, t.ConversationID, nullString(t.MessageID), nullString(t.AgentID), t.AgentVersion, t.InputTokens,
			t.OutputTokens, t.CostMicroBRL, t.LatencyMS, t.Error, string(detail), t.CreatedAt)
		if isUniqueViolation(err) {
			return piloto.Errorf(piloto.ECONFLICT, "Esta mensagem já tem o registro da resposta.")
		}
		return err
	})
}

// Trace returns one of the organization's traces, or ENOTFOUND.
func (db *DB) Trace(ctx context.Context, orgID, id string) (*inbox.Trace, error) {
	var (
		t                  inbox.Trace
		messageID, agentID sql.NullString
		detail             string
	)
	err := db.read.QueryRowContext(ctx, `
		SELECT id, organization_id, conversation_id, message_id, agent_id, agent_version, input_tokens, output_tokens,
		       cost_micro_brl, latency_ms, error, detail, created_at
		FROM traces WHERE organization_id = $1 AND id = $2`, orgID, id).Scan(
		&t.ID, &t.OrganizationID, &t.ConversationID, &messageID, &agentID, &t.AgentVersion, &t.InputTokens, &t.OutputTokens,
		&t.CostMicroBRL, &t.LatencyMS, &t.Error, &detail, &t.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTraceNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(detail), &t.Detail); err != nil {
		return nil, err
	}
	t.MessageID, t.AgentID, t.CreatedAt = messageID.String, agentID.String, utc(t.CreatedAt)
	return &t, nil
}

// AddFollowup stores a follow-up. ENOTFOUND when the conversation is not
// the organization's.
func (db *DB) AddFollowup(ctx context.Context, orgID string, f *inbox.Followup) error {
	res, err := db.write.ExecContext(ctx, `
		INSERT INTO followups (id, organization_id, conversation_id, due_at, note, status, created_at)
		SELECT $1, $2, $3, $4, $5, $6, $7 FROM conversations WHERE organization_id = $2 AND id = $3`,
		f.ID, orgID, f.ConversationID, f.DueAt, f.Note, f.Status, f.CreatedAt)
	return mustAffect(res, err, errConversationNotFound)
}

// Followups lists a conversation's follow-ups, soonest first.
func (db *DB) Followups(ctx context.Context, orgID, conversationID string) ([]inbox.Followup, error) {
	return listRows(ctx, db.read, func(row interface{ Scan(...any) error }) (*inbox.Followup, error) {
		var f inbox.Followup
		if err := row.Scan(&f.ID, &f.OrganizationID, &f.ConversationID, &f.DueAt, &f.Note, &f.Status, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.DueAt, f.CreatedAt = utc(f.DueAt), utc(f.CreatedAt)
		return &f, nil
	}, `
		SELECT id, organization_id, conversation_id, due_at, note, status, created_at
		FROM followups WHERE organization_id = $1 AND conversation_id = $2 ORDER BY due_at, id`, orgID, conversationID)
}

// Conversation returns one of the organization's conversations with its
// channel, contact and lead (with its qualification values), or ENOTFOUND.
func (db *DB) Conversation(ctx context.Context, orgID, id string) (*inbox.Conversation, error) {
	var (
		c                                  inbox.Conversation
		agentID, closedByUser, waID        sql.NullString
		leadID, leadStage, leadOrigin      sql.NullString
		leadAssignee                       sql.NullString
		leadTest                           sql.NullBool
		closedAt, leadCreated, leadUpdated sql.NullTime
		leadClosed, lastInbound            sql.NullTime
	)
	err := db.read.QueryRowContext(ctx, `
		SELECT c.id, c.organization_id, c.agent_id, c.status, c.ai_paused, c.closed_by, c.closed_by_user_id, c.closed_at,
		       c.last_message_at, c.created_at, c.updated_at,
		       ch.id, ch.organization_id, ch.type, ch.name, ch.created_at,
		       p.id, p.organization_id, p.wa_id, p.phone, p.name, p.test, p.created_at, p.updated_at,
		       l.id, l.stage, l.origin, l.assignee_id, l.test, l.created_at, l.updated_at, l.closed_at, c.last_inbound_at
		FROM conversations c
		JOIN channels ch ON ch.id = c.channel_id
		JOIN contacts p ON p.id = c.contact_id
		LEFT JOIN leads l ON l.id = c.lead_id
		WHERE c.organization_id = $1 AND c.id = $2`, orgID, id).Scan(
		&c.ID, &c.OrganizationID, &agentID, &c.Status, &c.AIPaused, &c.ClosedBy, &closedByUser, &closedAt,
		&c.LastMessageAt, &c.CreatedAt, &c.UpdatedAt,
		&c.Channel.ID, &c.Channel.OrganizationID, &c.Channel.Type, &c.Channel.Name, &c.Channel.CreatedAt,
		&c.Contact.ID, &c.Contact.OrganizationID, &waID, &c.Contact.Phone, &c.Contact.Name, &c.Contact.Test,
		&c.Contact.CreatedAt, &c.Contact.UpdatedAt,
		&leadID, &leadStage, &leadOrigin, &leadAssignee, &leadTest, &leadCreated, &leadUpdated, &leadClosed, &lastInbound)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errConversationNotFound
	}
	if err != nil {
		return nil, err
	}
	c.AgentID, c.ClosedByUserID, c.ClosedAt = agentID.String, closedByUser.String, timePtr(closedAt)
	c.LastMessageAt, c.CreatedAt, c.UpdatedAt = utc(c.LastMessageAt), utc(c.CreatedAt), utc(c.UpdatedAt)
	c.Channel.CreatedAt = utc(c.Channel.CreatedAt)
	c.Contact.WaID, c.Contact.CreatedAt, c.Contact.UpdatedAt = waID.String, utc(c.Contact.CreatedAt), utc(c.Contact.UpdatedAt)
	if leadID.Valid {
		l := &inbox.Lead{ID: leadID.String, OrganizationID: orgID, ContactID: c.Contact.ID, Stage: inbox.Stage(leadStage.String),
			Origin: leadOrigin.String, AssigneeID: leadAssignee.String, Test: leadTest.Bool,
			CreatedAt: leadCreated.Time.UTC(), UpdatedAt: leadUpdated.Time.UTC(), ClosedAt: timePtr(leadClosed)}
		if l.Fields, err = db.leadFields(ctx, orgID, l.ID); err != nil {
			return nil, err
		}
		c.Lead, c.Assignee = l, l.AssigneeID
	}
	c.WindowExpiresAt = windowOf(c.Channel.Type, lastInbound)
	if c.Labels, err = db.conversationLabels(ctx, orgID, c.ID); err != nil {
		return nil, err
	}
	return &c, nil
}

// leadFields lists a lead's qualification values by key.
func (db *DB) leadFields(ctx context.Context, orgID, leadID string) ([]inbox.LeadField, error) {
	return listRows(ctx, db.read, func(row interface{ Scan(...any) error }) (*inbox.LeadField, error) {
		var f inbox.LeadField
		if err := row.Scan(&f.Key, &f.Value, &f.Evidence, &f.Confidence, &f.UpdatedAt); err != nil {
			return nil, err
		}
		f.UpdatedAt = utc(f.UpdatedAt)
		return &f, nil
	}, `
		SELECT key, value, evidence, confidence, updated_at
		FROM lead_fields WHERE organization_id = $1 AND lead_id = $2 ORDER BY key`, orgID, leadID)
}
