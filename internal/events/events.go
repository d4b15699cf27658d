// Package events is the live-update mechanism: domain code records events in
// the transaction of the change that caused them (the outbox), and every
// browser tab holds one Server-Sent Events stream of its organization's
// events. The database is the source of truth: a notification only wakes
// streams, which then read what is new, so nothing is lost when a wake-up
// is; a slow poll is the safety net.
package events

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/pilotodevendas/piloto/internal/org"
)

// Event is one change a browser may learn of.
type Event struct {
	ID             int64           `json:"id"`
	OrganizationID string          `json:"-"`
	Kind           string          `json:"kind"`       // e.g. "knowledge.document.updated"
	SubjectID      string          `json:"subject_id"` // the object changed
	Payload        json.RawMessage `json:"payload"`
	MinRole        org.Role        `json:"-"` // the least role that may see it
	CreatedAt      time.Time       `json:"created_at"`

	wire []byte // the JSON, made once for every stream by the feed
}

// JSON returns the event as the stream sends it.
func (e *Event) JSON() []byte {
	if e.wire != nil {
		return e.wire
	}
	b, _ := json.Marshal(e)
	return b
}

// Overlap is how far behind its cursor a stream re-reads, to catch events
// whose ids were handed out before the cursor but committed after it was
// read (PostgreSQL sequences; long transactions). Streams drop ids they
// have sent already.
const Overlap = 200

// Store reads and writes events.
type Store interface {
	// EventsAfter returns up to limit events of the organization with ids
	// above after, in id order.
	EventsAfter(ctx context.Context, orgID string, after int64, limit int) ([]Event, error)
	// LatestEventID returns the organization's highest event id (0 for none).
	LatestEventID(ctx context.Context, orgID string) (int64, error)
}

// Hub wakes the streams of an organization when it has new events. It is
// safe for concurrent use.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[chan struct{}]struct{}{}} }

// Subscribe returns a channel poked when the organization has new events,
// and a function that ends the subscription. Pokes coalesce: a stream that
// is busy gets one poke for many events.
func (h *Hub) Subscribe(orgID string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[orgID] == nil {
		h.subs[orgID] = map[chan struct{}]struct{}{}
	}
	h.subs[orgID][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[orgID], ch)
		if len(h.subs[orgID]) == 0 {
			delete(h.subs, orgID)
		}
		h.mu.Unlock()
	}
}

// Poke wakes every stream of the organizations; "" wakes every stream.
func (h *Hub) Poke(orgIDs ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	wake := func(subs map[chan struct{}]struct{}) {
		for ch := range subs {
			select {
			case ch <- struct{}{}:
			default: // already poked
			}
		}
	}
	for _, id := range orgIDs {
		if id == "" {
			for _, subs := range h.subs {
				wake(subs)
			}
			return
		}
		wake(h.subs[id])
	}
}

// Subscribers returns how many streams the hub wakes (for tests and
// metrics).
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.subs {
		n += len(s)
	}
	return n
}

// Cursor tracks what a stream has sent: the highest id, and the ids sent
// within the overlap window behind it, so a re-read sends each event once.
type Cursor struct {
	Last int64
	sent map[int64]struct{}
}

// NewCursor starts after id last (the client's Last-Event-ID, or the latest
// id for a new stream).
func NewCursor(last int64) *Cursor { return &Cursor{Last: last, sent: map[int64]struct{}{}} }

// Prime marks events as sent without sending them: a new stream starts after
// what exists, and does not replay the overlap window.
func (c *Cursor) Prime(evs []Event) {
	for _, e := range evs {
		if e.ID <= c.Last {
			c.sent[e.ID] = struct{}{}
		}
	}
}

// From is the id to read after: Overlap behind the last.
func (c *Cursor) From() int64 { return max(0, c.Last-Overlap) }

// Take filters events read from From: it returns those not sent yet that the
// role may see, and moves the cursor.
func (c *Cursor) Take(evs []Event, role org.Role) []Event {
	var out []Event
	for _, e := range evs {
		if e.ID <= c.Last-Overlap {
			continue
		}
		if _, ok := c.sent[e.ID]; ok {
			continue
		}
		c.sent[e.ID] = struct{}{}
		if e.ID > c.Last {
			c.Last = e.ID
		}
		if org.AtLeast(role, e.MinRole) {
			out = append(out, e)
		}
	}
	for id := range c.sent {
		if id <= c.Last-Overlap {
			delete(c.sent, id)
		}
	}
	return out
}
