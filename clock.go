package piloto

import (
	"sync"
	"time"
	_ "time/tzdata" // SaoPaulo must load on machines without a zoneinfo database.
)

// Clock tells the time. Domain code takes the time from a Clock, never from
// time.Now, so expiries, windows, schedules and day boundaries are testable.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock. Its times are in UTC, truncated to the
// microsecond: what PostgreSQL keeps, so a time reads back equal on both
// databases.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// FakeClock is a Clock that tests set and advance. It is safe for concurrent
// use.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a FakeClock stopped at t.
func NewFakeClock(t time.Time) *FakeClock {
	return &FakeClock{now: t.UTC().Truncate(time.Microsecond)}
}

// Now returns the clock's current time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *FakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t.UTC().Truncate(time.Microsecond)
}

// Advance moves the clock forward by d and returns the new time.
func (c *FakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// SaoPaulo is the default time zone of organizations (America/Sao_Paulo).
// The binary embeds the time zone database, so this works on a machine
// without one.
var SaoPaulo = mustLoadLocation("America/Sao_Paulo")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// StartOfDay returns midnight of t's calendar day in loc, as a UTC time.
func StartOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc).UTC()
}
