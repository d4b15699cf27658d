package loadtest_test

import (
	"testing"
	"time"

	"github.com/pilotodevendas/piloto/internal/loadtest"
)

func TestPercentile(t *testing.T) {
	if loadtest.Percentile(nil, 50) != 0 {
		t.Error("no values: want 0")
	}
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50, 90: 90, 99: 99, 100: 100, 0.5: 1, 0: 1, 99.5: 100} {
		if got := loadtest.Percentile(d, p); got != want*time.Millisecond {
			t.Errorf("p%g of 1..100 ms = %s, want %d ms", p, got, want)
		}
	}
	ten := d[:10] // 1..10 ms
	for p, want := range map[float64]time.Duration{50: 5, 90: 9, 99: 10, 91: 10} {
		if got := loadtest.Percentile(ten, p); got != want*time.Millisecond {
			t.Errorf("p%g of 1..10 ms = %s, want %d ms", p, got, want)
		}
	}
	if got := loadtest.Percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("one value: %s", got)
	}
}

func TestWamids(t *testing.T) {
	if loadtest.Wamid("r1", 7) != "wamid.load-r1-7" {
		t.Error(loadtest.Wamid("r1", 7))
	}
	if got := loadtest.WamidPattern(`a_b%c\d`); got != `wamid.load-a\_b\%c\\d-%` {
		t.Errorf("WamidPattern = %s", got)
	}
}

func TestDatabaseURL(t *testing.T) {
	if u, _ := loadtest.DatabaseURL("postgres://u@h/db"); u != "postgres://u@h/db" {
		t.Errorf("postgres URL changed: %s", u)
	}
	if _, err := loadtest.DatabaseURL(t.TempDir() + "/missing.db"); err == nil {
		t.Error("a missing SQLite file was accepted")
	}
}
