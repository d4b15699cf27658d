package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/pilotodevendas/piloto/internal/secrets"
	"github.com/riverqueue/river"
)

// Target is where a conversation's messages go.
type Target struct {
	Channel *Channel
	WaID    string // the contact's WhatsApp id (digits)
	// LastInboundAt is the lead's last message (zero for none): the 24-hour
	// customer-service window runs from it. LastInboundWamid is its id.
	LastInboundAt    time.Time
	LastInboundWamid string
}

// Outgoing is a message on its way to the lead.
type Outgoing struct {
	ID                string
	Seq               int64
	Author            inbox.Author
	Text              string
	Status            inbox.MessageStatus
	ProviderMessageID string     // the wamid once Meta accepted it
	SendingAt         *time.Time // set just before the call to Meta
}

// OutStore is what sending needs of the database (store.DB).
type OutStore interface {
	// WhatsAppTarget returns where a conversation's messages go; ENOTFOUND
	// when it is not on WhatsApp.
	WhatsAppTarget(ctx context.Context, orgID, conversationID string) (*Target, error)
	PendingOutgoing(ctx context.Context, orgID, conversationID string) ([]Outgoing, error)
	Outgoing(ctx context.Context, orgID, id string) (*Outgoing, error)
	MarkSending(ctx context.Context, orgID, id string, at *time.Time) error
	MarkAccepted(ctx context.Context, orgID, id, wamid string, at time.Time) error
	FailOutgoing(ctx context.Context, orgID, id, why string, at time.Time) error
	ReserveRate(ctx context.Context, key string, now time.Time, interval time.Duration, burst int) (time.Duration, error)
	// PenalizeRate records a rate-limit refusal for key and returns the
	// 4^X s wait; ClearRateStrikes forgets them after a success.
	PenalizeRate(ctx context.Context, key string, now time.Time, maxWait time.Duration) (time.Duration, error)
	ClearRateStrikes(ctx context.Context, key string) error
	SetWhatsAppTokenError(ctx context.Context, orgID, id, sealed, message string, at time.Time) error
}

// Notes stores a system note in a conversation (inbox.Service).
type Notes interface {
	AddMessage(ctx context.Context, orgID, conversationID string, msg inbox.Message) (*inbox.Message, error)
}

// Graph error codes of sending.
const (
	CodeAppRateLimit  = 4      // the app's call limit
	CodeWABARateLimit = 80007  // the business account's rate limit
	CodeThroughput    = 130429 // the number's throughput
	CodePairRateLimit = 131056 // too many messages to one user
	CodeWindowClosed  = 131047 // more than 24 hours since the lead's last message
)

// Sending limits.
const (
	// Window is the customer-service window: free-form messages only
	// within 24 hours of the lead's last message.
	Window = 24 * time.Hour
	// DefaultNumberMPS is Meta's default throughput per number.
	DefaultNumberMPS = 80
	// PairInterval and PairBurst are the per-recipient limit: about one
	// message per 6 s, short bursts allowed.
	PairInterval = 6 * time.Second
	PairBurst    = 5
	// maxRateWait is the longest a send waits in the job for a slot; a
	// longer wait snoozes the job.
	maxRateWait = 10 * time.Second
	// maxBackoff caps the 4^X s backoff on Meta's rate-limit codes.
	maxBackoff = 256 * time.Second
	// sendAttempts is how often a send job runs before the message is
	// failed (snoozes on rate limits do not count).
	sendAttempts = 5
)

// SendArgs is the job that sends a conversation's pending messages — the
// AI's replies and people's — in order. One is pending per conversation.
type SendArgs struct {
	OrganizationID string `json:"organization_id"`
	ConversationID string `json:"conversation_id"`
}

// Kind is the job's name in River.
func (SendArgs) Kind() string { return "whatsapp_send" }

// InsertOpts makes one send job per conversation.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: replyUnique, MaxAttempts: sendAttempts}
}

// SendWorker sends a conversation's pending messages to WhatsApp, one at
// a time and in order: mark-as-read with the typing indicator on the
// lead's last message first; then each part after the previous one's sent
// status (or PartTimeout), within the number's throughput and the
// per-recipient limit (both held in the database, across instances).
//
// Within Meta's rules: outside the 24-hour window nothing is sent (the
// messages fail before any call, with a note in the conversation); on
// 130429, 80007, 4 and 131056 the job waits 4^X seconds and tries again;
// on 190 the channel shows its token broken and the job stops; other
// failures are retried up to sendAttempts times, then shown on the
// message.
//
// No duplicates, as far as can be known: a message is marked sending (with
// its id as biz_opaque_callback_data) before its call. A job that finds a
// message marked sending without a wamid (its previous run crashed during
// the call) waits up to RescueWait for a status webhook carrying that tag
// before sending again. What remains: a crash after Meta accepted a part
// when no status webhook for it arrives within RescueWait sends it twice.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	Store OutStore
	Notes Notes
	Graph *Graph
	Box   *secrets.Box
	Clock piloto.Clock
	// NumberMPS is the number's throughput (DefaultNumberMPS when 0).
	NumberMPS int
	// PartTimeout is how long a part waits for the previous one's sent
	// status (5 s when 0); PartGap the least time between parts (1 s when
	// 0; negative for none).
	PartTimeout time.Duration
	PartGap     time.Duration
	// RescueWait is how long a rescued send waits for the status of a
	// call whose outcome is unknown (10 s when 0).
	RescueWait time.Duration
	Logger     *slog.Logger
}

func (w *SendWorker) logger() *slog.Logger {
	if w.Logger == nil {
		return slog.Default()
	}
	return w.Logger
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return max(d, 0)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func numberKey(t *Target) string { return "number:" + t.Channel.PhoneNumberID }
func pairKey(t *Target) string   { return "pair:" + t.Channel.PhoneNumberID + ":" + t.WaID }

// Work sends the conversation's pending messages.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	a := job.Args
	msgs, err := w.Store.PendingOutgoing(ctx, a.OrganizationID, a.ConversationID)
	if err != nil || len(msgs) == 0 {
		return err
	}
	t, err := w.Store.WhatsAppTarget(ctx, a.OrganizationID, a.ConversationID)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil // not a WhatsApp conversation: nothing to send
	}
	if err != nil {
		return err
	}
	now := w.Clock.Now()
	if t.Channel.TokenError != "" {
		return w.failAll(ctx, a, msgs, "Não enviada: a Meta recusou o token do canal. Salve um token novo em Canais.", river.JobCancel(errors.New("channel token broken")))
	}
	if t.LastInboundAt.IsZero() || now.Sub(t.LastInboundAt) >= Window {
		if _, err := w.Notes.AddMessage(ctx, a.OrganizationID, a.ConversationID, inbox.Message{Author: inbox.AuthorSystem,
			Text: "Mensagem não enviada: passaram-se 24 horas desde a última mensagem do lead. Fora dessa janela o WhatsApp só aceita modelos aprovados."}); err != nil {
			return err
		}
		return w.failAll(ctx, a, msgs, "Fora da janela de 24 horas do WhatsApp: não enviada.", nil)
	}
	token, err := w.Box.Open(t.Channel.AccessToken, TokenAAD(t.Channel.ID))
	if err != nil {
		w.logger().ErrorContext(ctx, "a channel's token does not open", "channel_id", t.Channel.ID, "err", err)
		return w.failAll(ctx, a, msgs, "Não enviada: o token do canal não pode ser lido. Salve-o de novo em Canais.", river.JobCancel(err))
	}

	if t.LastInboundWamid != "" && job.Attempt == 1 {
		// Read receipt and "digitando…": nice to have, never a reason to fail.
		if err := w.Graph.MarkRead(ctx, t.Channel.PhoneNumberID, token, t.LastInboundWamid); err != nil {
			w.logger().WarnContext(ctx, "whatsapp mark-as-read failed", "channel_id", t.Channel.ID, "err", err)
		}
	}

	partTimeout, gap := orDefault(w.PartTimeout, 5*time.Second), orDefault(w.PartGap, time.Second)
	for i, m := range msgs {
		if m.SendingAt != nil {
			// The last run was cut off during this message's call.
			sent, err := w.awaitTag(ctx, a.OrganizationID, m.ID, orDefault(w.RescueWait, 10*time.Second))
			if err != nil {
				return err
			}
			if sent {
				continue
			}
		}
		if i > 0 {
			if err := sleep(ctx, gap); err != nil {
				return err
			}
		}
		if wait, err := w.reserve(ctx, t); err != nil || wait > 0 {
			if err != nil {
				return err
			}
			return river.JobSnooze(wait)
		}
		at := w.Clock.Now()
		if err := w.Store.MarkSending(ctx, a.OrganizationID, m.ID, &at); err != nil {
			return err
		}
		sent, err := w.Graph.SendText(ctx, t.Channel.PhoneNumberID, token, t.WaID, m.Text, m.ID)
		if err != nil {
			return w.failed(ctx, job, t, m, msgs[i:], err)
		}
		if err := w.Store.MarkAccepted(ctx, a.OrganizationID, m.ID, sent.MessageID, w.Clock.Now()); err != nil {
			return err
		}
		for _, key := range []string{numberKey(t), pairKey(t)} {
			if err := w.Store.ClearRateStrikes(ctx, key); err != nil {
				return err
			}
		}
		if i < len(msgs)-1 {
			// Meta does not keep the order of consecutive messages: the next
			// part goes once this one is sent.
			if err := w.awaitSent(ctx, a.OrganizationID, m.ID, partTimeout); err != nil {
				return err
			}
		}
	}
	return nil
}

// reserve takes the number's and the recipient's next slots, waiting for
// them up to maxRateWait; a longer wait is returned (the job snoozes).
func (w *SendWorker) reserve(ctx context.Context, t *Target) (time.Duration, error) {
	mps := w.NumberMPS
	if mps <= 0 {
		mps = DefaultNumberMPS
	}
	now := w.Clock.Now()
	waitNumber, err := w.Store.ReserveRate(ctx, numberKey(t), now, time.Second/time.Duration(mps), mps)
	if err != nil {
		return 0, err
	}
	waitPair, err := w.Store.ReserveRate(ctx, pairKey(t), now, PairInterval, PairBurst)
	if err != nil {
		return 0, err
	}
	wait := max(waitNumber, waitPair)
	if wait > maxRateWait {
		return wait, nil
	}
	return 0, sleep(ctx, wait)
}

// awaitTag waits up to d for a message whose call's outcome is unknown to
// get its wamid from a status webhook (tagged with its id); false when
// none came: it was most likely not accepted.
func (w *SendWorker) awaitTag(ctx context.Context, orgID, id string, d time.Duration) (bool, error) {
	deadline := time.Now().Add(d)
	for {
		o, err := w.Store.Outgoing(ctx, orgID, id)
		if err != nil {
			return false, err
		}
		if o.ProviderMessageID != "" || o.Status != inbox.MessagePending {
			return true, nil
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return false, err
		}
	}
}

// awaitSent waits up to d for a message's sent (or later) status.
func (w *SendWorker) awaitSent(ctx context.Context, orgID, id string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		o, err := w.Store.Outgoing(ctx, orgID, id)
		if err != nil {
			return err
		}
		if o.Status != inbox.MessagePending {
			return nil
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

// failed handles a refused call of m (rest: m and the messages after it).
func (w *SendWorker) failed(ctx context.Context, job *river.Job[SendArgs], t *Target, m Outgoing, rest []Outgoing, err error) error {
	a := job.Args
	var ge *GraphError
	if !errors.As(err, &ge) {
		return err
	}
	log := w.logger().With("organization_id", a.OrganizationID, "conversation_id", a.ConversationID, "channel_id", t.Channel.ID,
		"code", ge.Code, "status", ge.Status, "attempt", job.Attempt)
	refused := ge.Code != 0 // Meta answered: the message was not accepted
	if refused {
		if err := w.Store.MarkSending(ctx, a.OrganizationID, m.ID, nil); err != nil {
			return err
		}
	}
	switch {
	case ge.Code == CodeTokenInvalid:
		log.WarnContext(ctx, "whatsapp send: token invalid; the channel is marked broken")
		if err := w.Store.SetWhatsAppTokenError(ctx, a.OrganizationID, t.Channel.ID, t.Channel.AccessToken, ge.UserMessage(), w.Clock.Now()); err != nil &&
			piloto.ErrorCode(err) != piloto.ENOTFOUND {
			return err
		}
		return w.failAll(ctx, a, rest, "Não enviada: a Meta recusou o token do canal. Salve um token novo em Canais.", river.JobCancel(err))
	case ge.Code == CodeThroughput || ge.Code == CodeWABARateLimit || ge.Code == CodeAppRateLimit || ge.Code == CodePairRateLimit:
		// 4^X s, X the refusals in a row: for the recipient on 131056, for
		// the number otherwise; every instance's sends wait as well.
		key := numberKey(t)
		if ge.Code == CodePairRateLimit {
			key = pairKey(t)
		}
		d, err := w.Store.PenalizeRate(ctx, key, w.Clock.Now(), maxBackoff)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "whatsapp send: rate limited; waiting", "wait", d)
		return river.JobSnooze(d)
	case ge.Code == CodeWindowClosed:
		return w.failAll(ctx, a, rest, "Fora da janela de 24 horas do WhatsApp: não enviada.", nil)
	}
	if job.Attempt >= max(job.MaxAttempts, 1) {
		log.WarnContext(ctx, "whatsapp send failed for good", "err", err)
		why := fmt.Sprintf("A Meta recusou a mensagem (código %d): %s", ge.Code, ge.Message)
		if !refused {
			why = "Não foi possível falar com a API da Meta. A mensagem não foi enviada."
		}
		return w.failAll(ctx, a, rest, why, nil)
	}
	log.InfoContext(ctx, "whatsapp send failed; retrying", "err", err)
	return err
}

// failAll marks msgs failed with why and returns ret.
func (w *SendWorker) failAll(ctx context.Context, a SendArgs, msgs []Outgoing, why string, ret error) error {
	for _, m := range msgs {
		if err := w.Store.FailOutgoing(ctx, a.OrganizationID, m.ID, why, w.Clock.Now()); err != nil {
			return err
		}
	}
	return ret
}
