package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/whatsapp"
)

// WhatsAppTarget returns where a conversation's messages go: its WhatsApp
// channel, the contact's wa_id and the lead's last message (which opens
// the 24-hour window). ENOTFOUND when the conversation is not the
// organization's or not on WhatsApp.
func (db *DB) WhatsAppTarget(ctx context.Context, orgID, conversationID string) (*whatsapp.Target, error) {
	var (
		t       whatsapp.Target
		channel string
		waID    sql.NullString
	)
	err := db.read.QueryRowContext(ctx, `
		SELECT v.channel_id, p.wa_id FROM conversations v JOIN contacts p ON p.id = v.contact_id
		WHERE v.organization_id = $1 AND v.id = $2`, orgID, conversationID).Scan(&channel, &waID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errConversationNotFound
	}
	if err != nil {
		return nil, err
	}
	if t.Channel, err = db.WhatsAppChannel(ctx, orgID, channel); err != nil {
		return nil, err
	}
	t.WaID = waID.String
	var at sql.NullTime
	var wamid sql.NullString
	err = db.read.QueryRowContext(ctx, `
		SELECT created_at, provider_message_id FROM messages
		WHERE organization_id = $1 AND conversation_id = $2 AND direction = 'in'
		ORDER BY seq DESC LIMIT 1`, orgID, conversationID).Scan(&at, &wamid)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if at.Valid {
		t.LastInboundAt, t.LastInboundWamid = at.Time.UTC(), wamid.String
	}
	return &t, nil
}

func scanOutgoing(row interface{ Scan(...any) error }) (*whatsapp.Outgoing, error) {
	var (
		o        whatsapp.Outgoing
		provider sql.NullString
		sending  sql.NullTime
	)
	if err := row.Scan(&o.ID, &o.Seq, &o.Author, &o.Text, &o.Status, &provider, &sending); err != nil {
		return nil, err
	}
	o.ProviderMessageID, o.SendingAt = provider.String, timePtr(sending)
	return &o, nil
}

// PendingOutgoing lists a conversation's messages for the lead (the AI's
// and people's) not yet accepted by Meta, in order.
func (db *DB) PendingOutgoing(ctx context.Context, orgID, conversationID string) ([]whatsapp.Outgoing, error) {
	return listRows(ctx, db.read, scanOutgoing, `
		SELECT id, seq, author, text, status, provider_message_id, sending_at FROM messages
		WHERE organization_id = $1 AND conversation_id = $2 AND direction = 'out' AND status = 'pending'
		  AND author IN ('ai', 'human') AND provider_message_id IS NULL
		ORDER BY seq`, orgID, conversationID)
}

// Outgoing reads one message's sending state. ENOTFOUND.
func (db *DB) Outgoing(ctx context.Context, orgID, id string) (*whatsapp.Outgoing, error) {
	o, err := scanOutgoing(db.write.QueryRowContext(ctx, `
		SELECT id, seq, author, text, status, provider_message_id, sending_at FROM messages
		WHERE organization_id = $1 AND id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errMessageNotFound
	}
	return o, err
}

// MarkSending records that a message's call to the Graph API starts now
// (at nil: clears it, when the call is known to have been refused).
func (db *DB) MarkSending(ctx context.Context, orgID, id string, at *time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE messages SET sending_at = $3 WHERE organization_id = $1 AND id = $2`,
		orgID, id, nullTime(at))
	return mustAffect(res, err, errMessageNotFound)
}

// MarkAccepted stores the wamid Meta gave a message (unless a status
// webhook stored it first), with a conversation.message event.
func (db *DB) MarkAccepted(ctx context.Context, orgID, id, wamid string, at time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var convID string
		err := tx.QueryRowContext(ctx, `
			UPDATE messages SET provider_message_id = COALESCE(provider_message_id, $3)
			WHERE organization_id = $1 AND id = $2 RETURNING conversation_id`, orgID, id, wamid).Scan(&convID)
		if errors.Is(err, sql.ErrNoRows) {
			return errMessageNotFound
		}
		if err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "conversation.message", convID,
			map[string]string{"message_id": id, "status": "accepted"}, org.RoleMember, at)
	})
}

// FailOutgoing marks a message failed with why, shown under it.
func (db *DB) FailOutgoing(ctx context.Context, orgID, id, why string, at time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var convID string
		err := tx.QueryRowContext(ctx, `
			UPDATE messages SET status = 'failed', error = $3
			WHERE organization_id = $1 AND id = $2 AND status = 'pending' RETURNING conversation_id`, orgID, id, why).Scan(&convID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // moved on meanwhile (a status came)
		}
		if err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "conversation.message", convID,
			map[string]string{"message_id": id, "status": "failed"}, org.RoleMember, at)
	})
}

// ReserveRate takes the next slot of a rate limit shared by every
// instance (a generic cell rate algorithm: one message per interval, with
// bursts of up to burst) and says how long to wait before using it: 0 when
// it is free now. The slot is taken even when the caller must wait.
func (db *DB) ReserveRate(ctx context.Context, key string, now time.Time, interval time.Duration, burst int) (time.Duration, error) {
	var wait time.Duration
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		_, tat, err := db.lockRate(ctx, tx, key, now)
		if err != nil {
			return err
		}
		if tat.Before(now) {
			tat = now
		}
		allowAt := tat.Add(-time.Duration(max(burst-1, 0)) * interval)
		if allowAt.After(now) {
			wait = allowAt.Sub(now)
		}
		_, err = tx.ExecContext(ctx, `UPDATE whatsapp_rate_limits SET tat = $2 WHERE key = $1`, key, tat.Add(interval))
		return err
	})
	return wait, err
}

// lockRate reads a rate limit's row inside tx, made (free at now) when
// missing, and holds it until tx ends (PostgreSQL locks the row; SQLite has
// one writer).
func (db *DB) lockRate(ctx context.Context, tx *sql.Tx, key string, now time.Time) (strikes int, tat time.Time, err error) {
	lock := ""
	if db.Dialect == Postgres {
		lock = " FOR UPDATE"
	}
	read := func() error {
		return tx.QueryRowContext(ctx, `SELECT strikes, tat FROM whatsapp_rate_limits WHERE key = $1`+lock, key).Scan(&strikes, &tat)
	}
	if err = read(); !errors.Is(err, sql.ErrNoRows) {
		return strikes, tat, err
	}
	// The first use of the key; another instance may make it meanwhile.
	if _, err := tx.ExecContext(ctx, `INSERT INTO whatsapp_rate_limits (key, tat) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		key, now); err != nil {
		return 0, time.Time{}, err
	}
	return strikes, tat, read()
}

// PenalizeRate records one of Meta's rate-limit refusals for key: the
// next slot moves to 4^X seconds from now (X the refusals in a row before
// this one, capped at maxWait), and the wait is returned.
func (db *DB) PenalizeRate(ctx context.Context, key string, now time.Time, maxWait time.Duration) (time.Duration, error) {
	var wait time.Duration
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		strikes, tat, err := db.lockRate(ctx, tx, key, now)
		if err != nil {
			return err
		}
		wait = maxWait
		if strikes < 8 {
			wait = min(time.Duration(1<<(2*strikes))*time.Second, maxWait)
		}
		next := now.Add(wait)
		if tat.After(next) {
			next = tat
		}
		_, err = tx.ExecContext(ctx, `UPDATE whatsapp_rate_limits SET strikes = strikes + 1, tat = $2 WHERE key = $1`, key, next)
		return err
	})
	return wait, err
}

// ClearRateStrikes forgets key's rate-limit refusals after a send went
// through.
func (db *DB) ClearRateStrikes(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE whatsapp_rate_limits SET strikes = 0 WHERE key = $1 AND strikes > 0`, key)
	return err
}
