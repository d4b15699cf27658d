// Package keys derives the server's keys from PILOTO_SECRET_KEY: one key per
// purpose (token signing, encryption of tenant secrets, …), so that no key
// serves two uses and a leaked derived key does not reveal the root.
package keys

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Keys holds the root secret and, during a rotation, the previous one. It
// is safe for concurrent use.
type Keys struct {
	root     []byte
	previous []byte // nil outside a rotation
}

// New returns Keys over the root secret. previous, when not empty, is the
// secret being rotated out (PILOTO_SECRET_KEY_PREVIOUS): keys derived from
// it still verify and decrypt, never sign or encrypt.
func New(secret, previous string) (*Keys, error) {
	if len(secret) < 32 || (previous != "" && len(previous) < 32) {
		return nil, errors.New("keys: a secret key must be at least 32 characters")
	}
	if previous == secret {
		return nil, errors.New("keys: the previous secret key is the current one")
	}
	k := &Keys{root: []byte(secret)}
	if previous != "" {
		k.previous = []byte(previous)
	}
	return k, nil
}

// Derive returns a 32-byte key for purpose (e.g. "jwt-signing/v1"). The
// same root and purpose always give the same key; different purposes give
// unrelated keys.
func (k *Keys) Derive(purpose string) []byte {
	return derive(k.root, purpose)
}

// DeriveAll returns the key for purpose under the current secret first,
// then under the previous one when a rotation is under way: the first
// signs or encrypts, all verify or decrypt.
func (k *Keys) DeriveAll(purpose string) [][]byte {
	out := [][]byte{derive(k.root, purpose)}
	if k.previous != nil {
		out = append(out, derive(k.previous, purpose))
	}
	return out
}

func derive(root []byte, purpose string) []byte {
	key, err := hkdf.Key(sha256.New, root, []byte("piloto"), purpose, 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot produce
	}
	return key
}

// devKeyFile is where development keeps its generated secret.
const devKeyFile = "secret.key"

// LoadOrCreateDev returns the development secret stored in dataDir, creating
// it (readable by the owner only) the first time. created reports whether it
// was just made, so the caller can say so loudly.
func LoadOrCreateDev(dataDir string) (secret string, created bool, err error) {
	p := filepath.Join(dataDir, devKeyFile)
	body, err := os.ReadFile(p)
	if err == nil {
		s := strings.TrimSpace(string(body))
		if len(s) < 32 {
			return "", false, fmt.Errorf("keys: %s holds less than 32 characters; delete it to make a new one", p)
		}
		return s, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", false, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", false, err
	}
	b := make([]byte, 48)
	rand.Read(b)
	s := base64.RawURLEncoding.EncodeToString(b)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreateDev(dataDir) // another process made it first
	}
	if err != nil {
		return "", false, err
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return "", false, err
	}
	return s, true, f.Close()
}
