package events

import (
	"testing"

	"github.com/pilotodevendas/piloto/internal/org"
)

func evs(ids ...int64) []Event {
	out := make([]Event, len(ids))
	for i, id := range ids {
		out[i] = Event{ID: id, MinRole: org.RoleMember}
	}
	return out
}

func idsOf(es []Event) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A cursor sends each id once, including one that shows up late below the
// last sent, and none older than the overlap window.
func TestCursor(t *testing.T) {
	c := NewCursor(0)
	if got := idsOf(c.Take(evs(1, 2, 3), org.RoleMember)); !equal(got, []int64{1, 2, 3}) {
		t.Fatalf("first read = %v", got)
	}
	// Re-reading the window (From) returns 1..3 again, and a late 4 after 5.
	if got := idsOf(c.Take(evs(1, 2, 3, 5), org.RoleMember)); !equal(got, []int64{5}) {
		t.Fatalf("second read = %v", got)
	}
	if got := idsOf(c.Take(evs(1, 2, 3, 4, 5), org.RoleMember)); !equal(got, []int64{4}) {
		t.Fatalf("the late one = %v", got)
	}
	if c.Last != 5 || c.From() != 0 {
		t.Fatalf("cursor at %d from %d", c.Last, c.From())
	}
	// Far ahead, the window moves and old ids are forgotten.
	far := NewCursor(1000)
	if far.From() != 1000-Overlap {
		t.Fatalf("From = %d", far.From())
	}
	if got := idsOf(far.Take(evs(1000-Overlap, 1000-Overlap+1, 1001), org.RoleMember)); !equal(got, []int64{1000 - Overlap + 1, 1001}) {
		t.Fatalf("window = %v", got)
	}
}

// A new stream primed with what exists does not replay it.
func TestCursorPrime(t *testing.T) {
	c := NewCursor(10)
	c.Prime(evs(8, 9, 10))
	if got := idsOf(c.Take(evs(8, 9, 10, 11), org.RoleMember)); !equal(got, []int64{11}) {
		t.Fatalf("after priming = %v", got)
	}
}

// Events above the member's role are skipped, yet the cursor moves past them.
func TestCursorRoles(t *testing.T) {
	c := NewCursor(0)
	in := evs(1, 2, 3)
	in[1].MinRole = org.RoleAdmin
	if got := idsOf(c.Take(in, org.RoleMember)); !equal(got, []int64{1, 3}) {
		t.Fatalf("member got %v", got)
	}
	if c.Last != 3 {
		t.Fatalf("cursor at %d", c.Last)
	}
}

func TestHubCoalesces(t *testing.T) {
	h := NewHub()
	a, stopA := h.Subscribe("org-a")
	b, stopB := h.Subscribe("org-b")
	defer stopB()
	h.Poke("org-a")
	h.Poke("org-a") // coalesced
	<-a
	select {
	case <-a:
		t.Fatal("two pokes delivered twice")
	case <-b:
		t.Fatal("another organization was woken")
	default:
	}
	h.Poke("")
	<-a
	<-b
	stopA()
	if h.Subscribers() != 1 {
		t.Fatalf("subscribers = %d", h.Subscribers())
	}
}
