package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/org"
	"github.com/pilotodevendas/piloto/internal/whatsapp"
)

var (
	errWhatsAppChannelNotFound = piloto.Errorf(piloto.ENOTFOUND, "Canal não encontrado.")
	errNumberTaken             = piloto.Errorf(piloto.ECONFLICT,
		"Este número já está conectado a outra conta do Piloto de Vendas. Se ele é seu, fale com o suporte.")
	errChannelHasConversations = piloto.Errorf(piloto.ECONFLICT,
		"Este canal tem conversas: desative-o em vez de excluir, para não perder o histórico.")
)

const whatsappColumns = `c.id, c.organization_id, c.name, w.phone_number_id, w.waba_id, w.display_number, w.verified_name,
	w.access_token, w.token_hint, w.app_secret, w.app_secret_hint, w.verify_token, COALESCE(w.agent_id, ''), w.enabled,
	w.proven_at, w.token_error, w.token_error_at, w.last_webhook_at, w.dropped_entries, w.created_at, w.updated_at`

const whatsappFrom = ` FROM whatsapp_channels w JOIN channels c ON c.id = w.channel_id`

func scanWhatsApp(row interface{ Scan(...any) error }) (*whatsapp.Channel, error) {
	var (
		c                      whatsapp.Channel
		proven, tokenErr, last sql.NullTime
	)
	err := row.Scan(&c.ID, &c.OrganizationID, &c.Name, &c.PhoneNumberID, &c.WABAID, &c.DisplayNumber, &c.VerifiedName,
		&c.AccessToken, &c.TokenHint, &c.AppSecret, &c.AppSecretHint, &c.VerifyToken, &c.AgentID, &c.Enabled,
		&proven, &c.TokenError, &tokenErr, &last, &c.DroppedEntries, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errWhatsAppChannelNotFound
	}
	if err != nil {
		return nil, err
	}
	c.ProvenAt, c.TokenErrorAt, c.LastWebhookAt = timePtr(proven), timePtr(tokenErr), timePtr(last)
	c.CreatedAt, c.UpdatedAt = utc(c.CreatedAt), utc(c.UpdatedAt)
	return &c, nil
}

// CreateWhatsAppChannel stores a WhatsApp channel (its channels row and its
// number and credentials) with its audit and channel.updated events.
// ENOTFOUND for an agent of another organization.
func (db *DB) CreateWhatsAppChannel(ctx context.Context, c *whatsapp.Channel, e audit.Event) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if err := checkAgentTx(ctx, tx, c.OrganizationID, c.AgentID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO channels (id, organization_id, type, name, created_at) VALUES ($1, $2, 'whatsapp', $3, $4)`,
			c.ID, c.OrganizationID, c.Name, c.CreatedAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO whatsapp_channels (channel_id, organization_id, phone_number_id, waba_id, display_number, verified_name,
			                               access_token, token_hint, app_secret, app_secret_hint, verify_token, agent_id,
			                               enabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
			c.ID, c.OrganizationID, c.PhoneNumberID, c.WABAID, c.DisplayNumber, c.AccessToken, c.TokenHint,
			c.AppSecret, c.AppSecretHint, c.VerifyToken, nullString(c.AgentID), c.Enabled, c.CreatedAt); err != nil {
			return err
		}
		if err := recordAuditEvent(ctx, tx, e); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, c.OrganizationID, "channel.updated", c.ID, nil, org.RoleMember, c.CreatedAt)
	})
}

// checkAgentTx says ENOTFOUND unless agentID is "" or the organization's.
func checkAgentTx(ctx context.Context, tx *sql.Tx, orgID, agentID string) error {
	if agentID == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agents WHERE organization_id = $1 AND id = $2`,
		orgID, agentID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errAgentNotFound
	}
	return nil
}

// WhatsAppChannels lists an organization's WhatsApp channels, oldest first.
func (db *DB) WhatsAppChannels(ctx context.Context, orgID string) ([]whatsapp.Channel, error) {
	return listRows(ctx, db.read, scanWhatsApp, `SELECT `+whatsappColumns+whatsappFrom+`
		WHERE w.organization_id = $1 ORDER BY w.created_at, w.channel_id`, orgID)
}

// WhatsAppChannel returns one of the organization's WhatsApp channels.
// ENOTFOUND.
func (db *DB) WhatsAppChannel(ctx context.Context, orgID, id string) (*whatsapp.Channel, error) {
	return scanWhatsApp(db.read.QueryRowContext(ctx, `SELECT `+whatsappColumns+whatsappFrom+`
		WHERE w.organization_id = $1 AND w.channel_id = $2`, orgID, id))
}

// WhatsAppChannelForWebhook returns a channel by id alone, for its own-app
// webhook endpoint, which has no session. ENOTFOUND.
func (db *DB) WhatsAppChannelForWebhook(ctx context.Context, id string) (*whatsapp.Channel, error) {
	return scanWhatsApp(db.read.QueryRowContext(ctx, `SELECT `+whatsappColumns+whatsappFrom+`
		WHERE w.channel_id = $1`, id))
}

// WhatsAppRoute returns where entries for a phone number id go: the proven
// channel of that number. ENOTFOUND when no channel proved it.
func (db *DB) WhatsAppRoute(ctx context.Context, phoneNumberID string) (*whatsapp.Route, error) {
	var r whatsapp.Route
	var appSecret string
	err := db.read.QueryRowContext(ctx, `
		SELECT organization_id, channel_id, COALESCE(agent_id, ''), enabled, app_secret
		FROM whatsapp_channels WHERE phone_number_id = $1 AND proven_at IS NOT NULL`, phoneNumberID).Scan(
		&r.OrganizationID, &r.ChannelID, &r.AgentID, &r.Enabled, &appSecret)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errWhatsAppChannelNotFound
	}
	if err != nil {
		return nil, err
	}
	r.OwnApp = appSecret != ""
	return &r, nil
}

// UpdateWhatsAppChannel saves c's name, number, credentials, agent and
// on/off, and its proof as c has it (the service clears it when the number
// or token changed), with the audit event and a channel.updated event.
// ENOTFOUND.
func (db *DB) UpdateWhatsAppChannel(ctx context.Context, c *whatsapp.Channel, e audit.Event) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if err := checkAgentTx(ctx, tx, c.OrganizationID, c.AgentID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE channels SET name = $3 WHERE organization_id = $1 AND id = $2 AND type = 'whatsapp'`,
			c.OrganizationID, c.ID, c.Name)
		if err := mustAffect(res, err, errWhatsAppChannelNotFound); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE whatsapp_channels
			SET phone_number_id = $3, waba_id = $4, display_number = $5, access_token = $6, token_hint = $7,
			    app_secret = $8, app_secret_hint = $9, verify_token = $10, agent_id = $11, enabled = $12,
			    proven_at = $13, token_error = $14, token_error_at = $15, updated_at = $16
			WHERE organization_id = $1 AND channel_id = $2`,
			c.OrganizationID, c.ID, c.PhoneNumberID, c.WABAID, c.DisplayNumber, c.AccessToken, c.TokenHint,
			c.AppSecret, c.AppSecretHint, c.VerifyToken, nullString(c.AgentID), c.Enabled,
			nullTime(c.ProvenAt), c.TokenError, nullTime(c.TokenErrorAt), c.UpdatedAt); err != nil {
			return err
		}
		if err := recordAuditEvent(ctx, tx, e); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, c.OrganizationID, "channel.updated", c.ID, nil, org.RoleMember, c.UpdatedAt)
	})
}

// ProveWhatsAppChannel records that the channel's token, sealed as sealed,
// reached its number, with what Meta said of it. A token or number changed
// since is left alone (ENOTFOUND). ECONFLICT when another channel proved
// the number already.
func (db *DB) ProveWhatsAppChannel(ctx context.Context, orgID, id, sealed, phoneNumberID, display, verifiedName string, at time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE whatsapp_channels
			SET proven_at = COALESCE(proven_at, $5), display_number = CASE WHEN $6 = '' THEN display_number ELSE $6 END,
			    verified_name = $7, token_error = '', token_error_at = NULL, updated_at = $5
			WHERE organization_id = $1 AND channel_id = $2 AND access_token = $3 AND phone_number_id = $4`,
			orgID, id, sealed, phoneNumberID, at, display, verifiedName)
		if isUniqueViolation(err) {
			return errNumberTaken
		}
		if err := mustAffect(res, err, errWhatsAppChannelNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "channel.updated", id, nil, org.RoleMember, at)
	})
}

// SetWhatsAppTokenError records that Meta refused the channel's token,
// sealed as sealed (a token saved since is left alone).
func (db *DB) SetWhatsAppTokenError(ctx context.Context, orgID, id, sealed, message string, at time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE whatsapp_channels SET token_error = $4, token_error_at = $5, updated_at = $5
			WHERE organization_id = $1 AND channel_id = $2 AND access_token = $3`, orgID, id, sealed, message, at)
		if err := mustAffect(res, err, errWhatsAppChannelNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "channel.updated", id, nil, org.RoleMember, at)
	})
}

// DeleteWhatsAppChannel removes a channel without conversations, with the
// audit event. ENOTFOUND; ECONFLICT when it has conversations.
func (db *DB) DeleteWhatsAppChannel(ctx context.Context, orgID, id string, e audit.Event) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations WHERE organization_id = $1 AND channel_id = $2`,
			orgID, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errChannelHasConversations
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM channels WHERE organization_id = $1 AND id = $2 AND type = 'whatsapp'`, orgID, id)
		if err := mustAffect(res, err, errWhatsAppChannelNotFound); err != nil {
			return err
		}
		if err := recordAuditEvent(ctx, tx, e); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "channel.deleted", id, nil, org.RoleMember, e.CreatedAt)
	})
}

// webhookTouchEvery is how often a channel's last webhook time moves (and
// its channel.updated event fires): not at every message.
const webhookTouchEvery = time.Minute

// IngestWhatsApp stores one webhook POST in one transaction: the payload,
// each lead message with its contact, lead and conversation (found or made,
// as StartConversation does), each status (never moving a message's status
// backwards), the channels' last webhook time and the dropped entries'
// counts. enqueue runs inside the transaction for each conversation that got
// a new message (once per conversation), so the reply job commits with it.
//
// A message whose provider id is stored already is not added again
// (Stored.Added false). Two deliveries making the same contact or
// conversation at once: the loser's transaction fails on the unique index
// and is run again, finding them.
func (db *DB) IngestWhatsApp(ctx context.Context, b *whatsapp.Batch, enqueue func(tx *sql.Tx, orgID, conversationID string) error) ([]whatsapp.Stored, error) {
	var out []whatsapp.Stored
	var err error
	for range 3 {
		out, err = db.ingestWhatsApp(ctx, b, enqueue)
		if !isUniqueViolation(err) {
			break
		}
	}
	return out, err
}

func (db *DB) ingestWhatsApp(ctx context.Context, b *whatsapp.Batch, enqueue func(tx *sql.Tx, orgID, conversationID string) error) ([]whatsapp.Stored, error) {
	out := make([]whatsapp.Stored, len(b.Messages))
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO whatsapp_webhooks (id, channel_id, body, received_at) VALUES ($1, $2, $3, $4)`,
			b.WebhookID, nullString(b.ChannelID), b.Body, b.ReceivedAt); err != nil {
			return err
		}
		enqueued := map[string]bool{}
		for i := range b.Messages {
			in := &b.Messages[i]
			m := in.Message
			var existing string
			err := tx.QueryRowContext(ctx, `SELECT conversation_id FROM messages WHERE organization_id = $1 AND provider_message_id = $2`,
				in.Route.OrganizationID, m.ProviderMessageID).Scan(&existing)
			if err == nil {
				out[i] = whatsapp.Stored{ConversationID: existing}
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			ch := &inbox.Channel{ID: in.Route.ChannelID, OrganizationID: in.Route.OrganizationID, Type: inbox.ChannelWhatsApp}
			c := in.Contact
			c.ID = in.ContactID
			convID, err := db.startConversationTx(ctx, tx, in.Route.OrganizationID, inbox.Start{Channel: ch, Contact: c,
				AgentID: in.Route.AgentID, Match: true, LeadID: in.LeadID, ConversationID: in.ConversationID, Now: b.ReceivedAt})
			if errors.Is(err, errAgentNotFound) { // deleted since the route was read
				convID, err = db.startConversationTx(ctx, tx, in.Route.OrganizationID, inbox.Start{Channel: ch, Contact: c,
					Match: true, LeadID: in.LeadID, ConversationID: in.ConversationID, Now: b.ReceivedAt})
			}
			if err != nil {
				return err
			}
			m.ConversationID = convID
			err = db.addMessageTx(ctx, tx, in.Route.OrganizationID, &m)
			if errors.Is(err, errDuplicateMessage) {
				out[i] = whatsapp.Stored{ConversationID: convID}
				continue // another delivery stored it meanwhile (PostgreSQL: this insert did nothing)
			}
			if err != nil {
				return err
			}
			out[i] = whatsapp.Stored{Added: true, ConversationID: convID, MessageID: m.ID}
			if in.Route.Enabled && !enqueued[convID] {
				enqueued[convID] = true
				if err := enqueue(tx, in.Route.OrganizationID, convID); err != nil {
					return err
				}
			}
		}
		for _, s := range b.Statuses {
			if err := db.setMessageStatusTx(ctx, tx, s); err != nil {
				return err
			}
		}
		for _, id := range b.Touched {
			var orgID string
			err := tx.QueryRowContext(ctx, `
				UPDATE whatsapp_channels SET last_webhook_at = $2
				WHERE channel_id = $1 AND (last_webhook_at IS NULL OR last_webhook_at < $3)
				RETURNING organization_id`, id, b.ReceivedAt, b.ReceivedAt.Add(-webhookTouchEvery)).Scan(&orgID)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if err := db.recordEvent(ctx, tx, orgID, "channel.updated", id, nil, org.RoleMember, b.ReceivedAt); err != nil {
				return err
			}
		}
		if b.Dropped > 0 && b.ChannelID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE whatsapp_channels SET dropped_entries = dropped_entries + $2 WHERE channel_id = $1`,
				b.ChannelID, b.Dropped); err != nil {
				return err
			}
		}
		for number, n := range b.Unrouted {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO whatsapp_unrouted (phone_number_id, count, last_at) VALUES ($1, $2, $3)
				ON CONFLICT (phone_number_id) DO UPDATE SET count = whatsapp_unrouted.count + excluded.count, last_at = excluded.last_at`,
				number, n, b.ReceivedAt); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// statusRank orders delivery statuses: a status never moves to a lower
// rank. failed ranks just above sent: it can follow pending or sent, not a
// delivery, and nothing follows it.
const statusRank = `CASE %s WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 1.5 WHEN 'delivered' THEN 2
	WHEN 'read' THEN 3 WHEN 'played' THEN 4 ELSE -1 END`

// setMessageStatusTx moves a sent message's status forward and records
// when; a status of lower or equal rank than the message's changes nothing
// (statuses come out of order), and a failed message stays failed. An
// unknown provider id is ignored (a message sent outside the platform). A
// status tagged with one of our
// message ids gives that message its provider id when it has none.
func (db *DB) setMessageStatusTx(ctx context.Context, tx *sql.Tx, s whatsapp.StatusUpdate) error {
	if s.Tag != "" {
		// A send cut off before its wamid was stored: the tag is our id.
		if _, err := tx.ExecContext(ctx, `
			UPDATE messages SET provider_message_id = $3
			WHERE organization_id = $1 AND id = $2 AND direction = 'out' AND provider_message_id IS NULL
			  AND NOT EXISTS (SELECT 1 FROM messages WHERE organization_id = $1 AND provider_message_id = $3)`,
			s.OrganizationID, s.Tag, s.ProviderMessageID); err != nil {
			return err
		}
	}
	var convID, msgID string
	err := tx.QueryRowContext(ctx, `
		UPDATE messages
		SET status = $3,
		    sent_at = CASE WHEN sent_at IS NULL AND $3 <> 'failed' THEN $4 ELSE sent_at END,
		    delivered_at = CASE WHEN delivered_at IS NULL AND $3 IN ('delivered', 'read', 'played') THEN $4 ELSE delivered_at END,
		    read_at = CASE WHEN read_at IS NULL AND $3 IN ('read', 'played') THEN $4 ELSE read_at END,
		    error = CASE WHEN $3 = 'failed' THEN $5 ELSE error END
		WHERE organization_id = $1 AND provider_message_id = $2 AND direction = 'out' AND status <> 'failed'
		  AND `+rank("status")+` < `+rank("$3")+`
		RETURNING conversation_id, id`,
		s.OrganizationID, s.ProviderMessageID, string(s.Status), s.At, s.Error).Scan(&convID, &msgID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return db.recordEvent(ctx, tx, s.OrganizationID, "conversation.message", convID,
		map[string]string{"message_id": msgID, "status": string(s.Status)}, org.RoleMember, s.At)
}

func rank(expr string) string {
	return "(" + fmt.Sprintf(statusRank, expr) + ")"
}

// AllWhatsAppChannels lists every organization's channels, for the
// rotation of the secret key.
func (db *DB) AllWhatsAppChannels(ctx context.Context) ([]whatsapp.Channel, error) {
	return listRows(ctx, db.read, scanWhatsApp, `SELECT `+whatsappColumns+whatsappFrom+` ORDER BY w.channel_id`)
}

// ResealWhatsAppSecret replaces a sealed column (access_token, app_secret
// or verify_token) from with to, when the row still holds from.
func (db *DB) ResealWhatsAppSecret(ctx context.Context, channelID, column, from, to string) (bool, error) {
	switch column {
	case whatsapp.ColumnAccessToken, whatsapp.ColumnAppSecret, whatsapp.ColumnVerifyToken:
	default:
		return false, fmt.Errorf("store: %q is not a sealed column of a channel", column)
	}
	n, err := db.execCount(ctx, `UPDATE whatsapp_channels SET `+column+` = $3 WHERE channel_id = $1 AND `+column+` = $2`,
		channelID, from, to)
	return n == 1, err
}
