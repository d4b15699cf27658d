package piloto_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pilotodevendas/piloto"
)

func TestErrorCodeAndMessage(t *testing.T) {
	wrapped := fmt.Errorf("loading agent: %w", piloto.Errorf(piloto.ENOTFOUND, "Agente não encontrado."))
	if got := piloto.ErrorCode(wrapped); got != piloto.ENOTFOUND {
		t.Fatalf("code = %q", got)
	}
	if got := piloto.ErrorMessage(wrapped); got != "Agente não encontrado." {
		t.Fatalf("message = %q", got)
	}
	other := errors.New("pq: connection refused")
	if piloto.ErrorCode(other) != piloto.EINTERNAL || piloto.ErrorMessage(other) == other.Error() {
		t.Fatal("a plain error must be internal and its text must not leak")
	}
	if piloto.ErrorCode(nil) != "" {
		t.Fatal("nil has no code")
	}
}

func TestNewIDIsUUIDv7AndOrdered(t *testing.T) {
	a, b := piloto.NewID(), piloto.NewID()
	if !piloto.ValidID(a) || a[14] != '7' {
		t.Fatalf("not a v7 uuid: %s", a)
	}
	if a >= b {
		t.Fatalf("ids not increasing: %s then %s", a, b)
	}
	for _, bad := range []string{"", "1", "../etc", "0190b8c2-1c2d-7abc-8def-0123456789a", "0190b8c2x1c2d-7abc-8def-0123456789ab"} {
		if piloto.ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

func TestStartOfDaySaoPaulo(t *testing.T) {
	// 02:30 UTC on the 25th is still the 24th in São Paulo (UTC-3).
	at := time.Date(2026, 11, 25, 2, 30, 0, 0, time.UTC)
	got := piloto.StartOfDay(at, piloto.SaoPaulo)
	want := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	if !got.Equal(want) {
		t.Fatalf("StartOfDay = %s, want %s", got, want)
	}
}

func TestFakeClock(t *testing.T) {
	c := piloto.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c.Advance(90 * time.Minute)
	if got := c.Now(); got.Hour() != 1 || got.Minute() != 30 {
		t.Fatalf("Now = %s", got)
	}
}
