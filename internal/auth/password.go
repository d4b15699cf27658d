package auth

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"golang.org/x/crypto/argon2"
)

// Password length bounds, in characters. Passwords are compared exactly as
// typed: no trimming, no case folding, no composition rules.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// HashParams are argon2id's cost parameters.
type HashParams struct {
	MemoryKiB  uint32
	Iterations uint32
}

// ProductionHashParams are OWASP's argon2id parameters: m=19 MiB, t=2, p=1.
var ProductionHashParams = HashParams{MemoryKiB: 19 * 1024, Iterations: 2}

// Validate reports whether the parameters are usable.
func (p HashParams) Validate() error {
	if p.MemoryKiB < 8 || p.Iterations < 1 {
		return fmt.Errorf("argon2id parameters too small: m=%d KiB, t=%d", p.MemoryKiB, p.Iterations)
	}
	return nil
}

//go:embed common-passwords.txt
var commonPasswordsTxt []byte

// commonPasswords holds the 10,000 most common leaked passwords (SecLists'
// "10-million-password-list-top-10000", CC BY-SA 3.0), lower-cased.
var commonPasswords = func() map[string]struct{} {
	m := make(map[string]struct{}, 10000)
	sc := bufio.NewScanner(bytes.NewReader(commonPasswordsTxt))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			m[strings.ToLower(w)] = struct{}{}
		}
	}
	return m
}()

// CheckPassword returns a message for people when the password is not
// acceptable (too short, too long, or one of the most common leaked
// passwords, whatever its case), or "" when it is.
func CheckPassword(password string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return fmt.Sprintf("A senha precisa ter pelo menos %d caracteres.", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("A senha pode ter no máximo %d caracteres.", MaxPasswordLen)
	}
	if _, ok := commonPasswords[strings.ToLower(password)]; ok {
		return "Essa senha é muito comum e fácil de adivinhar. Escolha outra."
	}
	return ""
}

// Hasher hashes and verifies passwords with argon2id. At most Limit hashes
// run at once (argon2id takes MemoryKiB each and a core's worth of CPU), so a
// flood of logins waits its turn instead of starving the rest of the server;
// a caller whose context ends while waiting gets the context's error. It is
// safe for concurrent use.
type Hasher struct {
	params HashParams
	slots  chan struct{}
	count  atomic.Int64

	dummyOnce sync.Once
	dummy     string // a hash of nothing anyone types, made on first use
}

// NewHasher returns a Hasher with the parameters and a concurrency limit;
// limit <= 0 means GOMAXPROCS.
func NewHasher(p HashParams, limit int) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = runtime.GOMAXPROCS(0)
	}
	return &Hasher{params: p, slots: make(chan struct{}, limit)}, nil
}

// Count returns how many argon2id computations the Hasher has run.
func (h *Hasher) Count() int64 { return h.count.Load() }

func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p HashParams, keyLen uint32) ([]byte, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.slots }()
	h.count.Add(1)
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, 1, keyLen), nil
}

// Hash returns the password's PHC-format argon2id hash with a random salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key, err := h.derive(ctx, password, salt, h.params, 32)
	if err != nil {
		return "", err
	}
	return encodeHash(h.params, salt, key), nil
}

func encodeHash(p HashParams, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=1$%s$%s",
		argon2.Version, p.MemoryKiB, p.Iterations, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify reports whether password matches encoded, and whether encoded was
// made with other parameters than the Hasher's (so the caller can re-hash).
// An empty encoded (no password, or an unknown user) is checked against a
// dummy hash, so the work done is the same either way; it never matches.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (ok, stale bool, err error) {
	useDummy := encoded == ""
	if useDummy {
		h.dummyOnce.Do(func() {
			salt := make([]byte, 16)
			_, _ = rand.Read(salt)
			h.dummy = encodeHash(h.params, salt, make([]byte, 32))
		})
		encoded = h.dummy
	}
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	got, err := h.derive(ctx, password, salt, p, uint32(len(want)))
	if err != nil {
		return false, false, err
	}
	ok = subtle.ConstantTimeCompare(got, want) == 1 && !useDummy
	return ok, p != h.params, nil
}

var errBadHash = errors.New("auth: malformed password hash")

func decodeHash(encoded string) (p HashParams, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, errBadHash
	}
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &threads); err != nil || threads != 1 {
		return p, nil, nil, errBadHash
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, errBadHash
	}
	return p, salt, key, nil
}

// errWrongCredentials is the one answer to a failed login, whether the email
// is unknown or the password wrong.
var errWrongCredentials = piloto.Errorf(piloto.EUNAUTHORIZED, "E-mail ou senha incorretos.")
