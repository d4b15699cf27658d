package secrets_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/keys"
	"github.com/pilotodevendas/piloto/internal/secrets"
)

func box(t *testing.T, secret, previous string) *secrets.Box {
	t.Helper()
	k, err := keys.New(secret, previous)
	if err != nil {
		t.Fatal(err)
	}
	b, err := secrets.New(k.DeriveAll(secrets.Purpose))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	keyA = strings.Repeat("a-secret-key-", 3)
	keyB = strings.Repeat("b-secret-key-", 3)
)

const aad = "llm-key:org-1:openai"

func TestRoundTrip(t *testing.T) {
	b := box(t, keyA, "")
	plain := "sk-proj-Ünïcode-and-ascii-0123456789"
	s1, err := b.Seal(plain, aad)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := b.Seal(plain, aad)
	if s1 == s2 {
		t.Error("two seals of the same secret are equal: the nonce is not random")
	}
	if strings.Contains(s1, plain) || strings.Contains(s1, "0123456789") {
		t.Fatalf("the sealed form shows the secret: %s", s1)
	}
	parts := strings.Split(s1, ".")
	if len(parts) != 3 || parts[0] != "v1" || parts[1] != b.CurrentKeyID() || len(parts[1]) != 8 {
		t.Fatalf("sealed format: %s", s1)
	}
	got, err := b.Open(s1, aad)
	if err != nil || got != plain {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if !b.IsCurrent(s1) {
		t.Error("IsCurrent of a fresh seal")
	}
	// The same root key makes the same box (another instance, a restart).
	if got, err := box(t, keyA, "").Open(s1, aad); err != nil || got != plain {
		t.Fatalf("another box of the same key: %q, %v", got, err)
	}
	// The empty secret seals too.
	s, _ := b.Seal("", aad)
	if got, err := b.Open(s, aad); err != nil || got != "" {
		t.Fatalf("empty: %q, %v", got, err)
	}
}

func TestTamperedAndMoved(t *testing.T) {
	b := box(t, keyA, "")
	sealed, _ := b.Seal("sk-segredo-1234567890", aad)
	parts := strings.Split(sealed, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[2])
	for i := range payload {
		p := bytes.Clone(payload)
		p[i] ^= 0x01
		bad := parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(p)
		if _, err := b.Open(bad, aad); !errors.Is(err, secrets.ErrCorrupt) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
	for _, bad := range []string{"", "v1", "v1.abc", "v2." + parts[1] + "." + parts[2], parts[0] + "." + parts[1] + ".%%%",
		parts[0] + "." + parts[1] + ".AAAA", parts[0] + "." + parts[1] + "." + parts[2][:10]} {
		if _, err := b.Open(bad, aad); !errors.Is(err, secrets.ErrCorrupt) {
			t.Errorf("Open(%q) = %v, want ErrCorrupt", bad, err)
		}
	}
	// Moved to another organization's or provider's row: refused.
	for _, other := range []string{"llm-key:org-2:openai", "llm-key:org-1:anthropic", ""} {
		if _, err := b.Open(sealed, other); !errors.Is(err, secrets.ErrCorrupt) {
			t.Errorf("opened with aad %q: %v", other, err)
		}
	}
}

func TestRotation(t *testing.T) {
	old := box(t, keyA, "")
	sealedOld, _ := old.Seal("sk-antiga-chave-000", aad)

	rotating := box(t, keyB, keyA)
	if got, err := rotating.Open(sealedOld, aad); err != nil || got != "sk-antiga-chave-000" {
		t.Fatalf("the previous key must still open: %q, %v", got, err)
	}
	if rotating.IsCurrent(sealedOld) {
		t.Error("a seal of the previous key is not current")
	}
	sealedNew, _ := rotating.Seal("sk-antiga-chave-000", aad)
	if !rotating.IsCurrent(sealedNew) || strings.Split(sealedNew, ".")[1] == strings.Split(sealedOld, ".")[1] {
		t.Errorf("a new seal must be under the new key: %s", sealedNew)
	}

	after := box(t, keyB, "")
	if got, err := after.Open(sealedNew, aad); err != nil || got != "sk-antiga-chave-000" {
		t.Fatalf("the new key alone opens the re-sealed secret: %q, %v", got, err)
	}
	if _, err := after.Open(sealedOld, aad); !errors.Is(err, secrets.ErrUnknownKey) {
		t.Fatalf("a key no longer held: %v, want ErrUnknownKey", err)
	}
	// A forged kid naming the current key over another key's payload fails
	// authentication.
	parts := strings.Split(sealedOld, ".")
	forged := "v1." + after.CurrentKeyID() + "." + parts[2]
	if _, err := after.Open(forged, aad); !errors.Is(err, secrets.ErrCorrupt) {
		t.Fatalf("forged kid: %v", err)
	}
}

func TestNewRefusesBadKeys(t *testing.T) {
	if _, err := secrets.New(nil); err == nil {
		t.Error("no key accepted")
	}
	if _, err := secrets.New([][]byte{make([]byte, 16)}); err == nil {
		t.Error("a 16-byte key accepted")
	}
	k := bytes.Repeat([]byte{7}, 32)
	if _, err := secrets.New([][]byte{k, k}); err == nil {
		t.Error("the same key twice accepted")
	}
}
