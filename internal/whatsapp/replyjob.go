package whatsapp

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/agent/reply"
	"github.com/pilotodevendas/piloto/internal/inbox"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Debounce limits.
const (
	// DefaultDebounce is how long a conversation stays quiet before its
	// reply job answers: "oi" / "tudo bem?" / "quanto custa?" get one reply.
	DefaultDebounce = 4 * time.Second
	// MaxDebounce caps PILOTO_WHATSAPP_DEBOUNCE.
	MaxDebounce = 30 * time.Second
	// MaxBurstWait caps the wait for a lead who keeps writing: the reply
	// job answers once the burst's first message is this old.
	MaxBurstWait = 30 * time.Second
	// busyWait is how long the job waits for another reply of its
	// conversation to end.
	busyWait = 2 * time.Second
)

// ReplyArgs is the job that answers a conversation's new lead messages.
// One is pending per conversation (unique by its args): the messages of a
// burst share it.
type ReplyArgs struct {
	OrganizationID string `json:"organization_id"`
	ConversationID string `json:"conversation_id"`
}

// Kind is the job's name in River.
func (ReplyArgs) Kind() string { return "whatsapp_reply" }

// replyUnique makes one reply job per conversation: a new message finds
// the pending one (scheduled, available or running) and adds nothing.
var replyUnique = river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateScheduled, rivertype.JobStateRetryable,
}}

// enqueue returns the function IngestWhatsApp calls in its transaction for
// each conversation with a new message: its reply job, available at once
// (it waits for the debounce itself: a job scheduled for later would wait
// for River's scheduler, which moves due jobs every 5 s).
func (h *Webhooks) enqueue(ctx context.Context) func(tx *sql.Tx, orgID, conversationID string) error {
	return func(tx *sql.Tx, orgID, conversationID string) error {
		_, err := h.Jobs.InsertTx(ctx, tx, ReplyArgs{OrganizationID: orgID, ConversationID: conversationID},
			&river.InsertOpts{UniqueOpts: replyUnique, MaxAttempts: 5})
		return err
	}
}

// Replier answers a conversation (reply.Service).
type Replier interface {
	Reply(ctx context.Context, orgID, conversationID string) (*reply.Result, error)
}

// Enqueuer enqueues a job (jobs.Client).
type Enqueuer interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (int64, error)
}

// EnqueueSend has the conversation's pending messages sent: the AI's reply
// or a person's. The inbox calls it for a person's reply.
func EnqueueSend(ctx context.Context, jobs Enqueuer, orgID, conversationID string) error {
	_, err := jobs.Insert(ctx, SendArgs{OrganizationID: orgID, ConversationID: conversationID}, nil)
	return err
}

// Conversations reads a conversation's messages (inbox.Service).
type Conversations interface {
	Messages(ctx context.Context, orgID, conversationID, cursor string, limit int) ([]inbox.Message, string, error)
}

// ReplyWorker runs the reply job once the conversation has been quiet for
// Debounce (or the burst's first message is MaxBurstWait old): it waits
// until then, then has the runtime answer every message of the burst at
// once. Lead messages that arrive while it runs find it (a running job is
// the conversation's pending one) and are answered by it.
//
// The answer goes out through the conversation's send job (SendWorker),
// the path people's replies take too.
type ReplyWorker struct {
	river.WorkerDefaults[ReplyArgs]
	Inbox    Conversations
	Replies  Replier
	Jobs     Enqueuer
	Clock    piloto.Clock
	Debounce time.Duration
	// Sleep waits in the job (nil: a timer); tests advance their clock.
	Sleep  func(ctx context.Context, d time.Duration) error
	Logger *slog.Logger
}

// burstMessages is how many recent messages the worker reads to find the
// burst.
const burstMessages = 50

// Burst returns the lead's messages after the last message that went out
// (by the agent or a person), oldest first.
func Burst(history []inbox.Message) []inbox.Message {
	i := len(history)
	for i > 0 && history[i-1].Direction == inbox.DirectionIn {
		i--
	}
	return history[i:]
}

// Due says how long to wait before answering a burst at now: 0 when the
// lead has been quiet for debounce, or the burst's first message is
// MaxBurstWait old.
func Due(burst []inbox.Message, now time.Time, debounce time.Duration) time.Duration {
	if len(burst) == 0 {
		return 0
	}
	quiet := now.Sub(burst[len(burst)-1].CreatedAt)
	if quiet >= debounce || now.Sub(burst[0].CreatedAt) >= MaxBurstWait {
		return 0
	}
	return min(debounce-quiet, MaxBurstWait-now.Sub(burst[0].CreatedAt))
}

// replyTimeout bounds a reply job: the debounce (at most MaxBurstWait)
// and the agent's turn. It stays under the jobs' RescueAfter, so a running
// reply is never taken for an orphan.
const replyTimeout = 80 * time.Second

// Timeout is the reply job's time limit.
func (w *ReplyWorker) Timeout(*river.Job[ReplyArgs]) time.Duration { return replyTimeout }

// Work waits in the job until the burst is due (a snoozed job would wait
// for River's scheduler, which runs every 5 s), then answers it; lead
// messages that came in meanwhile are answered in the same run.
func (w *ReplyWorker) Work(ctx context.Context, job *river.Job[ReplyArgs]) error {
	a := job.Args
	debounce := w.Debounce
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	for {
		history, _, err := w.Inbox.Messages(ctx, a.OrganizationID, a.ConversationID, "", burstMessages)
		if piloto.ErrorCode(err) == piloto.ENOTFOUND {
			return nil // the conversation was deleted
		}
		if err != nil {
			return err
		}
		burst := Burst(history)
		if len(burst) == 0 {
			return nil
		}
		if wait := Due(burst, w.Clock.Now(), debounce); wait > 0 {
			if err := w.wait(ctx, wait); err != nil {
				return err
			}
			continue
		}
		res, err := w.Replies.Reply(ctx, a.OrganizationID, a.ConversationID)
		if err != nil {
			return err
		}
		if res.Skipped == reply.SkipBusy {
			if err := w.wait(ctx, busyWait); err != nil {
				return err
			}
			continue
		}
		if w.Logger != nil {
			w.Logger.InfoContext(ctx, "whatsapp reply", "organization_id", a.OrganizationID, "conversation_id", a.ConversationID,
				"burst", len(burst), "outcome", res.Outcome, "skipped", res.Skipped, "parts", len(res.Messages))
		}
		if len(res.Messages) > 0 {
			if err := EnqueueSend(ctx, w.Jobs, a.OrganizationID, a.ConversationID); err != nil {
				return err
			}
		}
		if res.Skipped != "" {
			return nil // the AI is not answering this conversation now
		}
		// Lead messages that came in while it answered: another turn.
	}
}

// wait sleeps d (Sleep, or a timer), or until ctx ends.
func (w *ReplyWorker) wait(ctx context.Context, d time.Duration) error {
	if w.Sleep != nil {
		return w.Sleep(ctx, d)
	}
	return sleep(ctx, d)
}
