package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
	"modernc.org/sqlite"
)

// The inbox's desk: the conversation list and its search, read marks,
// takeover and assignment, labels, notes, members' availability and
// round-robin assignment (inbox.DeskStore).

func init() {
	// fold(text) is inbox.Fold in SQLite, which has no translate():
	// migration 0017 fills contacts.name_folded with it.
	sqlite.MustRegisterDeterministicScalarFunction("fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return inbox.Fold(v), nil
		case []byte:
			return inbox.Fold(string(v)), nil
		}
		return args[0], nil
	})
}

// windowOf is when WhatsApp's window after the lead's last message closes,
// nil on other channels or before the lead wrote.
func windowOf(typ inbox.ChannelType, lastInbound sql.NullTime) *time.Time {
	if typ != inbox.ChannelWhatsApp || !lastInbound.Valid {
		return nil
	}
	t := lastInbound.Time.UTC().Add(inbox.WhatsAppWindow)
	return &t
}

// conversationLabels lists a conversation's labels, sorted.
func (db *DB) conversationLabels(ctx context.Context, orgID, id string) ([]string, error) {
	return listRows(ctx, db.read, func(row interface{ Scan(...any) error }) (*string, error) {
		var l string
		return &l, row.Scan(&l)
	}, `SELECT label FROM conversation_labels WHERE organization_id = $1 AND conversation_id = $2 ORDER BY label`, orgID, id)
}

// likePattern is a LIKE pattern for a substring s (escaped with \).
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// Conversations lists the organization's conversations matching q, newest
// activity first (keyset on last_message_at, id), with userID's unread
// counts.
//
// Each view is a condition on the conversation (and its lead) beside the
// index conversations_inbox (or conversations_inbox_status for one
// status), walked from the cursor. The search is an OR of the contacts
// whose folded name or phone has the search (a scan of the organization's
// contacts) and the conversation's search document (GIN on PostgreSQL,
// FTS5 on SQLite; see migration 0017).
func (db *DB) Conversations(ctx context.Context, orgID, userID string, q inbox.ListQuery) ([]inbox.Summary, error) {
	args := []any{orgID, userID}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var where []string
	switch q.View {
	// Not closed is written as the two other statuses, so that a planner may
	// read them from conversations_inbox_status when they are few.
	case inbox.ViewAll:
		where = append(where, `c.status IN ('open', 'waiting_human')`)
	case inbox.ViewMine:
		where = append(where, `c.status IN ('open', 'waiting_human')`, `l.assignee_id = $2`)
	case inbox.ViewUnassigned:
		where = append(where, `c.status IN ('open', 'waiting_human')`, `l.assignee_id IS NULL`)
	case inbox.ViewWaiting:
		where = append(where, `c.status = 'waiting_human'`)
	case inbox.ViewAIActive:
		where = append(where, `c.status = 'open'`, `NOT c.ai_paused`)
	case inbox.ViewClosed:
		where = append(where, `c.status = 'closed'`)
	}
	switch {
	case q.ChannelID != "":
		where = append(where, `c.channel_id = `+arg(q.ChannelID))
	case !q.IncludeTests:
		where = append(where, `ch.type <> 'playground'`)
	}
	if q.AgentID != "" {
		where = append(where, `c.agent_id = `+arg(q.AgentID))
	}
	if q.Label != "" {
		where = append(where, `c.id IN (SELECT conversation_id FROM conversation_labels
			WHERE organization_id = $1 AND label = `+arg(q.Label)+`)`)
	}
	if q.NameLike != "" {
		// Contacts by name or phone (a scan of the organization's contacts),
		// or the conversation's search document by word prefixes (an index).
		match := `name_folded LIKE ` + arg(likePattern(q.NameLike)) + ` ESCAPE '\'`
		if q.PhoneDigits != "" {
			match += ` OR phone LIKE ` + arg(likePattern(q.PhoneDigits)) + ` ESCAPE '\'`
		}
		// Both databases walk the view's index from the cursor and check each
		// row against the matching contacts and the search document (or,
		// on PostgreSQL, read the GIN index first when its statistics say
		// so). A search with fewer matches than a page walks the whole view.
		or := []string{`c.contact_id IN (SELECT id FROM contacts WHERE organization_id = $1 AND (` + match + `))`}
		if len(q.Words) > 0 {
			terms := make([]string, len(q.Words))
			if db.Dialect == Postgres {
				for i, w := range q.Words {
					terms[i] = w + ":*"
				}
				or = append(or, `c.search @@ to_tsquery('simple', `+arg(strings.Join(terms, " & "))+`)`)
			} else {
				for i, w := range q.Words {
					terms[i] = `"` + w + `"*`
				}
				or = append(or, `c.rowid IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH `+
					arg(strings.Join(terms, " "))+`)`)
			}
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	if q.AfterID != "" {
		where = append(where, `(c.last_message_at, c.id) < (`+arg(q.AfterTime)+`, `+arg(q.AfterID)+`)`)
	}
	cond := ""
	for _, w := range where {
		cond += " AND " + w
	}
	// The page's ids first, with only what the conditions need, then the
	// details of those rows alone (the last message and the unread count
	// cost a read each: never for rows the page leaves out).
	list, err := listRows(ctx, db.read, scanSummary, `
		SELECT c.id, c.agent_id, c.status, c.ai_paused, c.last_message_at, c.last_inbound_at,
		       ch.id, ch.type, ch.name,
		       p.id, p.name, p.phone, COALESCE(p.wa_id, ''),
		       l.id, l.stage, l.assignee_id,
		       lm.id, lm.author, lm.direction, lm.text, lm.status, lm.created_at,
		       (SELECT COUNT(*) FROM messages u
		        WHERE u.conversation_id = c.id AND u.direction = 'in'
		          AND u.seq > COALESCE((SELECT r.seq FROM conversation_reads r
		                                WHERE r.conversation_id = c.id AND r.user_id = $2), 0))
		FROM (SELECT c.id FROM conversations c
		      JOIN channels ch ON ch.id = c.channel_id
		      JOIN contacts p ON p.id = c.contact_id
		      LEFT JOIN leads l ON l.id = c.lead_id
		      WHERE c.organization_id = $1`+cond+`
		      ORDER BY c.last_message_at DESC, c.id DESC
		      LIMIT `+arg(q.Limit)+`) page
		JOIN conversations c ON c.id = page.id
		JOIN channels ch ON ch.id = c.channel_id
		JOIN contacts p ON p.id = c.contact_id
		LEFT JOIN leads l ON l.id = c.lead_id
		LEFT JOIN messages lm ON lm.id = (SELECT m2.id FROM messages m2 WHERE m2.conversation_id = c.id
		                                  ORDER BY m2.seq DESC LIMIT 1)
		ORDER BY c.last_message_at DESC, c.id DESC`, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	// The page's labels, in one read.
	ids := make([]string, len(list))
	at := map[string]int{}
	for i, s := range list {
		ids[i], at[s.ID] = s.ID, i
	}
	in, inArgs := marks(ids, 2)
	rows, err := db.read.QueryContext(ctx, `
		SELECT conversation_id, label FROM conversation_labels
		WHERE organization_id = $1 AND conversation_id IN (`+in+`) ORDER BY label`, append([]any{orgID}, inArgs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, label string
		if err := rows.Scan(&id, &label); err != nil {
			return nil, err
		}
		s := &list[at[id]]
		s.Labels = append(s.Labels, label)
	}
	return list, rows.Err()
}

func scanSummary(row interface{ Scan(...any) error }) (*inbox.Summary, error) {
	var (
		s                               inbox.Summary
		agentID, leadID, leadStage      sql.NullString
		assignee, lmID, lmAuthor, lmDir sql.NullString
		lmText, lmStatus                sql.NullString
		lastInbound, lmCreated          sql.NullTime
	)
	if err := row.Scan(&s.ID, &agentID, &s.Status, &s.AIPaused, &s.LastMessageAt, &lastInbound,
		&s.Channel.ID, &s.Channel.Type, &s.Channel.Name,
		&s.Contact.ID, &s.Contact.Name, &s.Contact.Phone, &s.Contact.WaID,
		&leadID, &leadStage, &assignee,
		&lmID, &lmAuthor, &lmDir, &lmText, &lmStatus, &lmCreated,
		&s.Unread); err != nil {
		return nil, err
	}
	s.AgentID, s.LastMessageAt, s.Labels = agentID.String, utc(s.LastMessageAt), []string{}
	if leadID.Valid {
		s.Lead = &inbox.SummaryLead{ID: leadID.String, Stage: inbox.Stage(leadStage.String), AssigneeID: assignee.String}
	}
	if lmID.Valid {
		s.LastMessage = &inbox.LastMessage{ID: lmID.String, Author: inbox.Author(lmAuthor.String),
			Direction: inbox.Direction(lmDir.String), Text: lmText.String, Status: inbox.MessageStatus(lmStatus.String),
			CreatedAt: lmCreated.Time.UTC()}
	}
	s.WindowExpiresAt = windowOf(s.Channel.Type, lastInbound)
	return &s, nil
}

// Unread counts the lead's messages of a conversation after userID's read
// mark. ENOTFOUND.
func (db *DB) Unread(ctx context.Context, orgID, userID, conversationID string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `
		SELECT (SELECT COUNT(*) FROM messages u
		        WHERE u.conversation_id = c.id AND u.direction = 'in'
		          AND u.seq > COALESCE((SELECT r.seq FROM conversation_reads r
		                                WHERE r.conversation_id = c.id AND r.user_id = $3), 0))
		FROM conversations c WHERE c.organization_id = $1 AND c.id = $2`, orgID, conversationID, userID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errConversationNotFound
	}
	return n, err
}

// MarkRead moves userID's read mark of a conversation up to seq (0, or past
// its last message: to its last message), never back. ENOTFOUND.
func (db *DB) MarkRead(ctx context.Context, orgID, userID, conversationID string, seq int64, now time.Time) error {
	res, err := db.write.ExecContext(ctx, `
		INSERT INTO conversation_reads (organization_id, conversation_id, user_id, seq, read_at)
		SELECT c.organization_id, c.id, $3, CASE WHEN CAST($4 AS BIGINT) > 0 AND CAST($4 AS BIGINT) < c.seq THEN CAST($4 AS BIGINT) ELSE c.seq END, $5
		FROM conversations c WHERE c.organization_id = $1 AND c.id = $2
		ON CONFLICT (conversation_id, user_id) DO UPDATE
		SET seq = CASE WHEN excluded.seq > conversation_reads.seq THEN excluded.seq ELSE conversation_reads.seq END,
		    read_at = excluded.read_at`, orgID, conversationID, userID, seq, now)
	return mustAffect(res, err, errConversationNotFound)
}

var errSecondOpen = piloto.Errorf(piloto.ECONFLICT, "Este contato já tem outra conversa aberta neste canal.")

// ChangeConversation applies ch to a conversation in one transaction: the
// status (closed by ch.ByUserID; reopening clears who closed it), the AI
// pause, the labels, the lead's assignee (ch.AssigneeID, or
// ch.AssignIfNone when it has none), the system messages, and the events:
// conversation.updated, conversation.message for each message, lead.updated
// when the assignee changed. ENOTFOUND; ECONFLICT for a reopening that
// would make a second open conversation of the contact on the channel.
func (db *DB) ChangeConversation(ctx context.Context, orgID, id string, ch inbox.Change) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var leadID sql.NullString
		err := tx.QueryRowContext(ctx, `
			UPDATE conversations SET updated_at = $3 WHERE organization_id = $1 AND id = $2 RETURNING lead_id`,
			orgID, id, ch.Now).Scan(&leadID)
		if errors.Is(err, sql.ErrNoRows) {
			return errConversationNotFound
		}
		if err != nil {
			return err
		}
		if ch.Status != nil {
			if err := db.setStatusTx(ctx, tx, orgID, id, *ch.Status, ch.ByUserID, ch.Now); err != nil {
				return err
			}
		}
		if ch.AIPaused != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE conversations SET ai_paused = $3 WHERE organization_id = $1 AND id = $2`,
				orgID, id, *ch.AIPaused); err != nil {
				return err
			}
		}
		if ch.Labels != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM conversation_labels WHERE organization_id = $1 AND conversation_id = $2`,
				orgID, id); err != nil {
				return err
			}
			for _, l := range *ch.Labels {
				if _, err := tx.ExecContext(ctx, `
					INSERT INTO conversation_labels (organization_id, conversation_id, label) VALUES ($1, $2, $3)`,
					orgID, id, l); err != nil {
					return err
				}
			}
		}
		if leadID.Valid && (ch.AssigneeID != nil || ch.AssignIfNone != "") {
			var res sql.Result
			if ch.AssigneeID != nil {
				res, err = tx.ExecContext(ctx, `
					UPDATE leads SET assignee_id = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2`,
					orgID, leadID.String, nullString(*ch.AssigneeID), ch.Now)
			} else {
				res, err = tx.ExecContext(ctx, `
					UPDATE leads SET assignee_id = $3, updated_at = $4
					WHERE organization_id = $1 AND id = $2 AND assignee_id IS NULL`,
					orgID, leadID.String, ch.AssignIfNone, ch.Now)
			}
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				if err := db.recordEvent(ctx, tx, orgID, "lead.updated", leadID.String, nil, org.RoleMember, ch.Now); err != nil {
					return err
				}
			}
		}
		for i := range ch.Messages {
			m := &ch.Messages[i]
			m.OrganizationID, m.ConversationID = orgID, id
			if err := db.addMessageTx(ctx, tx, orgID, m); err != nil {
				return err
			}
		}
		return db.conversationChanged(ctx, tx, orgID, id, ch.Now)
	})
}

// setStatusTx sets a conversation's status inside tx (see
// SetConversationStatus), without its event.
func (db *DB) setStatusTx(ctx context.Context, tx *sql.Tx, orgID, id string, status inbox.Status, byUserID string, now time.Time) error {
	var (
		closedBy string
		closedAt *time.Time
	)
	if status == inbox.StatusClosed {
		closedBy, closedAt = inbox.ClosedByPerson, &now
	} else {
		byUserID = ""
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE conversations
		SET closed_by = $4, closed_by_user_id = $5,
		    closed_at = CASE WHEN $3 = 'closed' AND status = 'closed' THEN closed_at ELSE $6 END,
		    status = $3, updated_at = $7
		WHERE organization_id = $1 AND id = $2`,
		orgID, id, status, closedBy, nullString(byUserID), nullTime(closedAt), now)
	if isUniqueViolation(err) {
		return errSecondOpen
	}
	return mustAffect(res, err, errConversationNotFound)
}

// roundRobinTx, inside the transaction that handed conversation id off to
// a person, assigns its lead to the organization's next available member
// when the organization turned round-robin on and the lead has no
// assignee, and adds the system message "Atribuída a <Nome> (rodízio)".
//
// Members take turns in the order of their user ids, after the one chosen
// last (organizations.round_robin_last). The UPDATE that reads the turn
// locks the organization's row on PostgreSQL until the transaction ends
// (SQLite has one writer), so two handoffs at once on two instances take
// two turns.
func (db *DB) roundRobinTx(ctx context.Context, tx *sql.Tx, orgID, id string, now time.Time) error {
	var leadID sql.NullString
	err := tx.QueryRowContext(ctx, `
		SELECT c.lead_id FROM conversations c JOIN leads l ON l.id = c.lead_id
		WHERE c.organization_id = $1 AND c.id = $2 AND l.assignee_id IS NULL`, orgID, id).Scan(&leadID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var last string
	err = tx.QueryRowContext(ctx, `
		UPDATE organizations SET round_robin_last = round_robin_last WHERE id = $1 AND round_robin
		RETURNING round_robin_last`, orgID).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // round-robin is off
	}
	if err != nil {
		return err
	}
	var userID, name string
	next := `SELECT m.user_id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1 AND m.available AND m.user_id > $2 ORDER BY m.user_id LIMIT 1`
	err = tx.QueryRowContext(ctx, next, orgID, last).Scan(&userID, &name)
	if errors.Is(err, sql.ErrNoRows) && last != "" {
		err = tx.QueryRowContext(ctx, next, orgID, "").Scan(&userID, &name) // from the first again
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil // nobody is available: the conversation waits unassigned
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE organizations SET round_robin_last = $2 WHERE id = $1`, orgID, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE leads SET assignee_id = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2`,
		orgID, leadID.String, userID, now); err != nil {
		return err
	}
	if err := db.recordEvent(ctx, tx, orgID, "lead.updated", leadID.String, nil, org.RoleMember, now); err != nil {
		return err
	}
	m := &inbox.Message{ID: piloto.NewID(), OrganizationID: orgID, ConversationID: id, Direction: inbox.DirectionOut,
		Author: inbox.AuthorSystem, Text: "Atribuída a " + name + " (rodízio)", Status: inbox.MessageSent, CreatedAt: now}
	return db.addMessageTx(ctx, tx, orgID, m)
}

// Lead returns one of the organization's leads with its qualification
// values, or ENOTFOUND.
func (db *DB) Lead(ctx context.Context, orgID, id string) (*inbox.Lead, error) {
	var (
		l        inbox.Lead
		assignee sql.NullString
		closed   sql.NullTime
	)
	err := db.read.QueryRowContext(ctx, `
		SELECT id, organization_id, contact_id, stage, origin, assignee_id, test, created_at, updated_at, closed_at
		FROM leads WHERE organization_id = $1 AND id = $2`, orgID, id).Scan(
		&l.ID, &l.OrganizationID, &l.ContactID, &l.Stage, &l.Origin, &assignee, &l.Test, &l.CreatedAt, &l.UpdatedAt, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errLeadNotFound
	}
	if err != nil {
		return nil, err
	}
	l.AssigneeID, l.ClosedAt = assignee.String, timePtr(closed)
	l.CreatedAt, l.UpdatedAt = utc(l.CreatedAt), utc(l.UpdatedAt)
	if l.Fields, err = db.leadFields(ctx, orgID, l.ID); err != nil {
		return nil, err
	}
	return &l, nil
}

// ChangeLead sets a lead's stage (won or lost sets its closed time,
// another clears it) and assignee in one transaction, adds ch.Messages to
// each of its conversations that are not closed, and records lead.updated
// and their conversation.updated. ENOTFOUND; ECONFLICT when reopening it
// would make a second open lead of its contact.
func (db *DB) ChangeLead(ctx context.Context, orgID, leadID string, ch inbox.LeadChange) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE leads SET updated_at = $3 WHERE organization_id = $1 AND id = $2`,
			orgID, leadID, ch.Now)
		if err := mustAffect(res, err, errLeadNotFound); err != nil {
			return err
		}
		if ch.Stage != nil {
			var closedAt *time.Time
			if ch.Stage.Closed() {
				closedAt = &ch.Now
			}
			_, err := tx.ExecContext(ctx, `UPDATE leads SET stage = $3, closed_at = $4 WHERE organization_id = $1 AND id = $2`,
				orgID, leadID, *ch.Stage, nullTime(closedAt))
			if isUniqueViolation(err) {
				return errLeadStillOpen
			}
			if err != nil {
				return err
			}
		}
		if ch.AssigneeID != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE leads SET assignee_id = $3 WHERE organization_id = $1 AND id = $2`,
				orgID, leadID, nullString(*ch.AssigneeID)); err != nil {
				return err
			}
		}
		ids, err := listRows(ctx, tx, func(row interface{ Scan(...any) error }) (*string, error) {
			var id string
			return &id, row.Scan(&id)
		}, `SELECT id FROM conversations WHERE organization_id = $1 AND lead_id = $2 AND status <> 'closed' ORDER BY id`,
			orgID, leadID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			for _, m := range ch.Messages {
				m.ID, m.OrganizationID, m.ConversationID = piloto.NewID(), orgID, id
				if err := db.addMessageTx(ctx, tx, orgID, &m); err != nil {
					return err
				}
			}
			if err := db.conversationChanged(ctx, tx, orgID, id, ch.Now); err != nil {
				return err
			}
		}
		return db.recordEvent(ctx, tx, orgID, "lead.updated", leadID, nil, org.RoleMember, ch.Now)
	})
}

// Member returns a member's name and availability, or ENOTFOUND.
func (db *DB) Member(ctx context.Context, orgID, userID string) (name string, available bool, err error) {
	err = db.read.QueryRowContext(ctx, `
		SELECT u.name, m.available FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1 AND m.user_id = $2`, orgID, userID).Scan(&name, &available)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, errMemberNotFound
	}
	return name, available, err
}

// SetAvailable sets whether a member takes conversations, with a
// members.changed event (the members list shows it). ENOTFOUND.
func (db *DB) SetAvailable(ctx context.Context, orgID, userID string, available bool, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE memberships SET available = $3 WHERE organization_id = $1 AND user_id = $2`,
			orgID, userID, available)
		if err := mustAffect(res, err, errMemberNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "members.changed", userID, nil, org.RoleMember, now)
	})
}

// AddNote stores a note on a conversation with a conversation.note event.
// ENOTFOUND when the conversation is not the organization's.
func (db *DB) AddNote(ctx context.Context, orgID string, n *inbox.Note) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO conversation_notes (id, organization_id, conversation_id, user_id, text, created_at)
			SELECT $1, $2, $3, $4, $5, $6 FROM conversations WHERE organization_id = $2 AND id = $3`,
			n.ID, orgID, n.ConversationID, nullString(n.UserID), n.Text, n.CreatedAt)
		if err := mustAffect(res, err, errConversationNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "conversation.note", n.ConversationID,
			map[string]string{"note_id": n.ID}, org.RoleMember, n.CreatedAt)
	})
}

// Notes lists a conversation's notes with their authors' names, oldest
// first (the latest limit of them). ENOTFOUND.
func (db *DB) Notes(ctx context.Context, orgID, conversationID string, limit int) ([]inbox.Note, error) {
	if _, err := db.Unread(ctx, orgID, "", conversationID); err != nil {
		return nil, err
	}
	list, err := listRows(ctx, db.read, func(row interface{ Scan(...any) error }) (*inbox.Note, error) {
		var (
			n              inbox.Note
			userID, author sql.NullString
		)
		if err := row.Scan(&n.ID, &n.OrganizationID, &n.ConversationID, &userID, &author, &n.Text, &n.CreatedAt); err != nil {
			return nil, err
		}
		n.UserID, n.UserName, n.CreatedAt = userID.String, author.String, utc(n.CreatedAt)
		return &n, nil
	}, `
		SELECT n.id, n.organization_id, n.conversation_id, n.user_id, u.name, n.text, n.created_at
		FROM conversation_notes n LEFT JOIN users u ON u.id = n.user_id
		WHERE n.organization_id = $1 AND n.conversation_id = $2
		ORDER BY n.created_at DESC, n.id DESC LIMIT $3`, orgID, conversationID, limit)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list, nil
}
