package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/events"
)

// Event stream timing.
const (
	eventsHeartbeat = 15 * time.Second // a comment line keeps proxies from closing an idle stream
	eventsPoll      = 5 * time.Second  // the safety net under the wake-ups
	eventsRecheck   = 30 * time.Second // how stale the session check may get without a members.changed event
	eventsPage      = 500
)

// EventsHub wakes streams and holds each organization's recent events
// (events.Feeds).
type EventsHub interface {
	Subscribe(orgID string) (<-chan struct{}, func())
	// Since returns the events after from, or ok=false when it does not
	// hold them (the stream reads the database).
	Since(orgID string, from int64) (evs []events.Event, ok bool)
}

// getEvents is the tab's Server-Sent Events stream of its organization's
// events (those its role may see). It resumes after Last-Event-ID: events
// from a short overlap window behind it are sent again, so one committed
// late is not lost (the client drops ids it has). It ends, with an "end"
// event saying why, when the access token expires ("expired"), the session
// or membership is gone ("revoked": checked at once on a members.changed
// event of the organization, and every 30 s), or the server shuts down
// ("restart").
func (a *API) getEvents(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	ctx := r.Context()
	rc := http.NewResponseController(w)
	orgID := id.Organization.ID

	var cursor *events.Cursor
	if last, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil && last >= 0 {
		cursor = events.NewCursor(last)
	} else {
		latest, err := a.Events.LatestEventID(ctx, orgID)
		if err != nil {
			return err
		}
		cursor = events.NewCursor(latest)
		old, err := a.Events.EventsAfter(ctx, orgID, cursor.From(), eventsPage)
		if err != nil {
			return err
		}
		cursor.Prime(old)
	}
	wake, unsubscribe := a.Hub.Subscribe(orgID)
	defer unsubscribe()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	write := func(format string, args ...any) error {
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return err
		}
		return rc.Flush()
	}
	end := func(reason string) error {
		_ = write("event: end\ndata: {\"reason\":%q}\n\n", reason)
		return nil
	}
	if err := write("retry: 2000\n: connected\n\n"); err != nil {
		return nil
	}

	heartbeat := time.NewTicker(eventsHeartbeat)
	defer heartbeat.Stop()
	poll := time.NewTicker(eventsPoll)
	defer poll.Stop()
	var expired <-chan time.Time
	if !id.AccessExpires.IsZero() {
		t := time.NewTimer(time.Until(id.AccessExpires))
		defer t.Stop()
		expired = t.C
	}
	checked := time.Now()
	for {
		evs, ok := a.Hub.Since(orgID, cursor.From())
		var err error
		if !ok {
			evs, err = a.Events.EventsAfter(ctx, orgID, cursor.From(), eventsPage)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.Logger.Warn("events: read failed", "err", err, "request_id", piloto.RequestID(ctx))
			return end("error")
		}
		recheck := time.Since(checked) > eventsRecheck
		for _, e := range cursor.Take(evs, id.Role) {
			recheck = recheck || e.Kind == "members.changed"
			if err := write("id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Kind, e.JSON()); err != nil {
				return nil // the client went away
			}
		}
		if recheck {
			next, err := a.Auth.Recheck(ctx, id)
			if err != nil {
				if piloto.ErrorCode(err) == piloto.EUNAUTHORIZED {
					return end("revoked")
				}
				return nil
			}
			id, checked = next, time.Now()
		}
		if !ok && len(evs) == eventsPage {
			continue // more to read
		}
		select {
		case <-ctx.Done():
			return nil
		case <-a.Shutdown:
			return end("restart")
		case <-expired:
			return end("expired")
		case <-heartbeat.C:
			if err := write(": ping\n\n"); err != nil {
				return nil
			}
			continue
		case <-wake:
		case <-poll.C:
		}
	}
}
