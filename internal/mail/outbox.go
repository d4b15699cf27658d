package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto"
)

// Kept is a mail kept in the outbox.
type Kept struct {
	ID        string    `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Text      string    `json:"text"`
	HTML      string    `json:"html"`
	CreatedAt time.Time `json:"created_at"`
}

// OutboxStore keeps mail.
type OutboxStore interface {
	AddToOutbox(ctx context.Context, m Kept) error
}

// Outbox is the development Sender: it keeps each mail in the outbox table
// and logs it, links included, instead of sending it. Production refuses to
// start without SMTP, so links never reach a production log.
type Outbox struct {
	Store  OutboxStore
	Clock  piloto.Clock
	Logger *slog.Logger
}

// Send keeps m.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	k := Kept{ID: piloto.NewID(), To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, CreatedAt: o.Clock.Now()}
	if err := o.Store.AddToOutbox(ctx, k); err != nil {
		return err
	}
	o.Logger.InfoContext(ctx, "mail kept in the outbox (no PILOTO_SMTP_URL)", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
