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
	k1, err := keys.New(strings.Repeat("a", 32))
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := keys.New(strings.Repeat("b", 32))
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
	if _, err := keys.New("short"); err == nil {
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
