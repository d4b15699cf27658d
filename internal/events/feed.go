package events

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// feedSize is how many recent events a feed keeps per organization.
const feedSize = 2048

// Feeds reads each organization's new events once per wake-up, for all of
// its streams, and keeps the recent ones in memory: a thousand tabs of one
// organization cost one query per change, not a thousand. A stream whose
// cursor is older than what the feed holds reads the database itself. It is
// safe for concurrent use.
type Feeds struct {
	store  Store
	hub    *Hub
	logger *slog.Logger

	mu    sync.Mutex
	feeds map[string]*feed
}

type feed struct {
	mu     sync.Mutex
	low    int64   // the feed holds every event with id > low that it has read
	last   int64   // the highest id read
	events []Event // sorted by id
	ids    map[int64]struct{}
	wake   chan struct{}
	subs   int
}

// NewFeeds returns feeds over store that wake streams through hub.
func NewFeeds(store Store, hub *Hub, logger *slog.Logger) *Feeds {
	return &Feeds{store: store, hub: hub, logger: logger, feeds: map[string]*feed{}}
}

// Poke tells the feeds of the organizations (every feed for "") to read
// what is new; their streams are woken once it is read.
func (f *Feeds) Poke(orgIDs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range orgIDs {
		if id == "" {
			for _, fd := range f.feeds {
				signal(fd.wake)
			}
			return
		}
		if fd := f.feeds[id]; fd != nil {
			signal(fd.wake)
		}
	}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Subscribe registers a stream of the organization: the returned channel is
// poked when new events are in the feed. The first stream of an
// organization starts its feed (a goroutine that lives while it has
// streams, and polls every five seconds as a safety net).
func (f *Feeds) Subscribe(orgID string) (<-chan struct{}, func()) {
	f.mu.Lock()
	fd := f.feeds[orgID]
	if fd == nil {
		fd = &feed{ids: map[int64]struct{}{}, wake: make(chan struct{}, 1), low: -1}
		f.feeds[orgID] = fd
		go f.run(orgID, fd)
	}
	fd.subs++
	f.mu.Unlock()
	ch, unsubscribe := f.hub.Subscribe(orgID)
	return ch, func() {
		unsubscribe()
		f.mu.Lock()
		fd.subs--
		if fd.subs == 0 {
			delete(f.feeds, orgID)
			close(fd.wake) // ends run
		}
		f.mu.Unlock()
	}
}

func (f *Feeds) run(orgID string, fd *feed) {
	poll := time.NewTicker(5 * time.Second)
	defer poll.Stop()
	for {
		f.refresh(orgID, fd)
		select {
		case _, ok := <-fd.wake:
			if !ok {
				return
			}
		case <-poll.C:
		}
	}
}

// refresh reads the organization's events after the feed's last id, minus
// the overlap window, merges the ones it lacks, and wakes the streams when
// there were any.
func (f *Feeds) refresh(orgID string, fd *feed) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fd.mu.Lock()
	from := max(0, fd.last-Overlap)
	if fd.low < 0 {
		latest, err := f.store.LatestEventID(ctx, orgID)
		if err != nil {
			fd.mu.Unlock()
			f.logger.Warn("events: feed could not start", "err", err)
			return
		}
		from = max(0, latest-Overlap)
		fd.low = from
	}
	fd.mu.Unlock()
	var added bool
	for {
		evs, err := f.store.EventsAfter(ctx, orgID, from, 500)
		if err != nil {
			f.logger.Warn("events: feed read failed", "err", err)
			return
		}
		fd.mu.Lock()
		for _, e := range evs {
			if _, ok := fd.ids[e.ID]; ok {
				continue
			}
			fd.ids[e.ID] = struct{}{}
			e.wire = e.JSON()
			fd.events = append(fd.events, e)
			fd.last = max(fd.last, e.ID)
			added = true
		}
		sort.Slice(fd.events, func(i, j int) bool { return fd.events[i].ID < fd.events[j].ID })
		if n := len(fd.events) - feedSize; n > 0 {
			for _, e := range fd.events[:n] {
				delete(fd.ids, e.ID)
			}
			fd.low = fd.events[n-1].ID
			fd.events = append([]Event(nil), fd.events[n:]...)
		}
		fd.mu.Unlock()
		if len(evs) < 500 {
			break
		}
		from = evs[len(evs)-1].ID
	}
	if added {
		f.hub.Poke(orgID)
	}
}

// Since returns the organization's events with ids above from as the feed
// holds them, or ok=false when the feed does not reach back that far (the
// stream then reads the database).
func (f *Feeds) Since(orgID string, from int64) (evs []Event, ok bool) {
	f.mu.Lock()
	fd := f.feeds[orgID]
	f.mu.Unlock()
	if fd == nil {
		return nil, false
	}
	fd.mu.Lock()
	defer fd.mu.Unlock()
	if fd.low < 0 || from < fd.low {
		return nil, false
	}
	i := sort.Search(len(fd.events), func(i int) bool { return fd.events[i].ID > from })
	return append([]Event(nil), fd.events[i:]...), true
}
