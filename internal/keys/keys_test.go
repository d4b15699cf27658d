package keys_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pilotodevendas/piloto/internal/keys"
)

func TestDerive(t *testing.T) {
	k1, err := keys.New(strings.Repeat("a", 32), "")
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := keys.New(strings.Repeat("b", 32), "")
	a, b := k1.Derive("jwt"), k1.Derive("encryption")
	if len(a) != 32 || bytes.Equal(a, b) {
		t.Fatal("purposes must give different 32-byte keys")
	}
	if !bytes.Equal(a, k1.Derive("jwt")) {
		t.Fatal("derivation must be deterministic")
	}
	if bytes.Equal(a, k2.Derive("jwt")) {
		t.Fatal("different roots must give different keys")
	}
	if _, err := keys.New("short", ""); err == nil {
		t.Fatal("a short secret must be refused")
	}
}

func TestLoadOrCreateDev(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s1, created, err := keys.LoadOrCreateDev(dir)
	if err != nil || !created || len(s1) < 32 {
		t.Fatalf("first call: %q %v %v", s1, created, err)
	}
	st, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", st, err)
	}
	s2, created, err := keys.LoadOrCreateDev(dir)
	if err != nil || created || s2 != s1 {
		t.Fatal("second call must read the same secret back")
	}
}

func TestDeriveAllDuringARotation(t *testing.T) {
	old, _ := keys.New(strings.Repeat("a", 32), "")
	rotating, err := keys.New(strings.Repeat("b", 32), strings.Repeat("a", 32))
	if err != nil {
		t.Fatal(err)
	}
	all := rotating.DeriveAll("p")
	if len(all) != 2 || string(all[0]) != string(rotating.Derive("p")) || string(all[1]) != string(old.Derive("p")) {
		t.Fatal("DeriveAll: want the current key first, then the previous one")
	}
	if got := old.DeriveAll("p"); len(got) != 1 {
		t.Fatalf("outside a rotation: %d keys", len(got))
	}
	for _, prev := range []string{"short", strings.Repeat("b", 32)} {
		if _, err := keys.New(strings.Repeat("b", 32), prev); err == nil {
			t.Errorf("previous %q accepted", prev)
		}
	}
}
