package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/pilotodevendas/piloto/internal/events"
	"github.com/pilotodevendas/piloto/internal/org"
)

// EventsChannel is the PostgreSQL NOTIFY channel that wakes streams on
// every instance; the payload is the organization id.
const EventsChannel = "piloto_events"

// recordEvent adds an event to the outbox inside tx. On PostgreSQL it also
// NOTIFYs (delivered to every instance at commit); on either database the
// DB's OnEvents function is called after the commit.
func (db *DB) recordEvent(ctx context.Context, tx *sql.Tx, orgID, kind, subjectID string, payload any, minRole org.Role, now time.Time) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	if payload == nil {
		body = []byte("{}")
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO events (organization_id, kind, subject_id, payload, min_role, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		orgID, kind, subjectID, string(body), minRole, now); err != nil {
		return err
	}
	if db.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, EventsChannel, orgID); err != nil {
			return err
		}
	}
	db.eventsMu.Lock()
	if db.pending == nil {
		db.pending = map[*sql.Tx][]string{}
	}
	db.pending[tx] = append(db.pending[tx], orgID)
	db.eventsMu.Unlock()
	return nil
}

// RecordEvent records one event in its own transaction.
func (db *DB) RecordEvent(ctx context.Context, orgID, kind, subjectID string, payload any, minRole org.Role, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		return db.recordEvent(ctx, tx, orgID, kind, subjectID, payload, minRole, now)
	})
}

// EventsAfter returns up to limit events of the organization with ids above
// after, in id order.
func (db *DB) EventsAfter(ctx context.Context, orgID string, after int64, limit int) ([]events.Event, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, organization_id, kind, subject_id, payload, min_role, created_at FROM events
		WHERE organization_id = $1 AND id > $2 ORDER BY id LIMIT $3`, orgID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []events.Event
	for rows.Next() {
		var (
			e       events.Event
			payload string
		)
		if err := rows.Scan(&e.ID, &e.OrganizationID, &e.Kind, &e.SubjectID, &payload, &e.MinRole, &e.CreatedAt); err != nil {
			return nil, err
		}
		e.Payload, e.CreatedAt = json.RawMessage(payload), utc(e.CreatedAt)
		out = append(out, e)
	}
	return out, rows.Err()
}

// LatestEventID returns the organization's highest event id, 0 for none.
func (db *DB) LatestEventID(ctx context.Context, orgID string) (int64, error) {
	var id sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT MAX(id) FROM events WHERE organization_id = $1`, orgID).Scan(&id)
	return id.Int64, err
}

// DeleteEventsBefore removes events older than cutoff.
func (db *DB) DeleteEventsBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return db.execCount(ctx, `DELETE FROM events WHERE created_at < $1`, cutoff)
}

// ListenEvents calls poke with the organization of every event committed on
// any instance, until ctx ends (PostgreSQL LISTEN on a dedicated
// connection). After a lost connection it reconnects and calls poke with ""
// — "everything may have changed" — since notifications sent meanwhile are
// gone; readers catch up from the table. On SQLite it returns at once: the
// only writer is this process, and OnEvents covers it.
func (db *DB) ListenEvents(ctx context.Context, poke func(orgID string)) {
	if db.Dialect != Postgres {
		return
	}
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, poke)
		if ctx.Err() != nil {
			return
		}
		_ = err // the connection broke: wait a moment and listen again
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		poke("")
	}
}

func (db *DB) listenOnce(ctx context.Context, poke func(string)) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+EventsChannel); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "UNLISTEN "+EventsChannel)
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		poke(n.Payload)
	}
}
