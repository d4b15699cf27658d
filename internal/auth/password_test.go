package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

var testParams = HashParams{MemoryKiB: 64, Iterations: 1}

func mustHasher(t testing.TB, limit int) *Hasher {
	t.Helper()
	h, err := NewHasher(testParams, limit)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The production parameters are OWASP's: argon2id, m=19 MiB, t=2, p=1.
func TestProductionHashParams(t *testing.T) {
	if ProductionHashParams != (HashParams{MemoryKiB: 19456, Iterations: 2}) {
		t.Fatalf("ProductionHashParams = %+v", ProductionHashParams)
	}
	if DefaultConfig().Hash != ProductionHashParams {
		t.Fatalf("DefaultConfig().Hash = %+v", DefaultConfig().Hash)
	}
	h, err := NewHasher(ProductionHashParams, 1)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := h.Hash(context.Background(), "uma senha qualquer")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %s", enc)
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"curta", false},
		{"1234567", false},
		{"password", false},   // common
		{"PassWord", false},   // common, whatever the case
		{"12345678", false},   // common
		{"qwertyuiop", false}, // common
		{"cavalo-bateria-grampo", true},
		{"  espaços contam  ", true}, // not trimmed
		{"çãéü€ sim", true},
		{strings.Repeat("a", 128), true},
		{strings.Repeat("a", 129), false},
		{strings.Repeat("ç", 128), true}, // characters, not bytes
	}
	for _, tc := range tests {
		if got := CheckPassword(tc.password) == ""; got != tc.ok {
			t.Errorf("CheckPassword(%q) ok = %v, want %v (%s)", tc.password, got, tc.ok, CheckPassword(tc.password))
		}
	}
	if n := len(commonPasswords); n < 9900 || n > 10000 {
		t.Fatalf("common password list has %d entries", n)
	}
}

func TestHashVerify(t *testing.T) {
	ctx := context.Background()
	h := mustHasher(t, 0)
	enc, err := h.Hash(ctx, "Senha Certa 1")
	if err != nil {
		t.Fatal(err)
	}
	enc2, _ := h.Hash(ctx, "Senha Certa 1")
	if enc == enc2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		password string
		ok       bool
	}{
		{"Senha Certa 1", true},
		{"senha certa 1", false}, // exactly as typed
		{"Senha Certa 1 ", false},
		{"", false},
	} {
		ok, stale, err := h.Verify(ctx, tc.password, enc)
		if err != nil || ok != tc.ok || stale {
			t.Errorf("Verify(%q) = %v, %v, %v; want %v", tc.password, ok, stale, err, tc.ok)
		}
	}
	// A hash made with other parameters verifies and is reported stale.
	other, _ := NewHasher(HashParams{MemoryKiB: 128, Iterations: 1}, 0)
	oldEnc, _ := other.Hash(ctx, "Senha Certa 1")
	if ok, stale, err := h.Verify(ctx, "Senha Certa 1", oldEnc); !ok || !stale || err != nil {
		t.Fatalf("Verify(old params) = %v, %v, %v", ok, stale, err)
	}
	for _, bad := range []string{"x", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=64,t=1,p=4$AAAA$AAAA", "$argon2id$v=19$m=64,t=1,p=1$!!$AAAA"} {
		if _, _, err := h.Verify(ctx, "x", bad); err == nil {
			t.Errorf("Verify accepted malformed hash %q", bad)
		}
	}
}

// An empty hash (an unknown user) does the same work as a real one and never
// matches.
func TestVerifyDummyDoesTheWork(t *testing.T) {
	ctx := context.Background()
	h := mustHasher(t, 0)
	before := h.Count()
	ok, _, err := h.Verify(ctx, "piloto-dummy-password", "")
	if ok || err != nil {
		t.Fatalf("dummy verify = %v, %v", ok, err)
	}
	if h.Count() != before+1 {
		t.Fatalf("dummy verify ran %d hashes, want 1", h.Count()-before)
	}
}

// No more than limit hashes run at once: with every slot taken a hash
// waits, runs once a slot frees, and gives up when its context ends first.
func TestHasherLimitsConcurrency(t *testing.T) {
	h := mustHasher(t, 2)
	h.slots <- struct{}{}
	h.slots <- struct{}{} // both slots taken, as by two long hashes

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "esperando a vez"); err != context.DeadlineExceeded {
		t.Fatalf("Hash with no slot free = %v, want deadline exceeded", err)
	}
	if h.Count() != 0 {
		t.Fatalf("a hash ran without a slot")
	}

	done := make(chan error, 1)
	go func() {
		_, err := h.Hash(context.Background(), "esperando a vez")
		done <- err
	}()
	select {
	case <-done:
		t.Fatal("Hash finished while every slot was taken")
	case <-time.After(50 * time.Millisecond):
	}
	<-h.slots // one slot frees
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if h.Count() != 1 {
		t.Fatalf("Count = %d, want 1", h.Count())
	}
}

// BenchmarkLogin is a password verification with the production parameters:
// its inverse is logins per second per core.
func BenchmarkLogin(b *testing.B) {
	h, err := NewHasher(ProductionHashParams, 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	enc, _ := h.Hash(ctx, "cavalo-bateria-grampo")
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, _ := h.Verify(ctx, "cavalo-bateria-grampo", enc); !ok {
			b.Fatal("no match")
		}
	}
}
