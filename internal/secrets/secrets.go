// Package secrets seals the secrets tenants hand the server (their LLM API
// keys now; CRM and WhatsApp tokens later) so that the database alone does
// not reveal them: AES-256-GCM under a key derived from PILOTO_SECRET_KEY
// (internal/keys, purpose "tenant-secrets-v1").
//
// A sealed secret is text: "v1.<kid>.<base64url(nonce ‖ ciphertext)>". kid
// names the key that sealed it (8 hex digits of a hash of the key, never the
// key), so during a rotation of the secret key a Box holding the new key and
// the previous one opens what either sealed, and `piloto rotate-secrets`
// finds what is not yet under the new key (IsCurrent). The additional data
// binds a sealed secret to its place ("llm-key:<org>:<provider>"): copied
// into another organization's row it no longer opens.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
)

// Version is the format of what Seal makes.
const Version = "v1"

// Purpose is the key derivation purpose of tenant secrets.
const Purpose = "tenant-secrets-v1"

var (
	// ErrUnknownKey is a sealed secret made under a key the Box does not
	// hold (a secret key rotated out too early, or another server's).
	ErrUnknownKey = errors.New("secrets: sealed under a key this server does not hold")
	// ErrCorrupt is a sealed secret that is malformed, was changed, or is
	// opened with other additional data than it was sealed with.
	ErrCorrupt = errors.New("secrets: the sealed secret does not open (changed, moved or malformed)")
)

// Box seals with its first key and opens with any of its keys. It is safe
// for concurrent use.
type Box struct {
	kids  []string
	aeads map[string]cipher.AEAD
}

// New returns a Box over 32-byte keys, the current one first and then the
// ones still accepted for opening (keys.Keys.DeriveAll(Purpose)).
func New(keys [][]byte) (*Box, error) {
	if len(keys) == 0 {
		return nil, errors.New("secrets: no key")
	}
	b := &Box{aeads: map[string]cipher.AEAD{}}
	for _, k := range keys {
		if len(k) != 32 {
			return nil, errors.New("secrets: a key must be 32 bytes")
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		kid := KeyID(k)
		if _, dup := b.aeads[kid]; dup {
			return nil, errors.New("secrets: the same key is given twice")
		}
		b.kids = append(b.kids, kid)
		b.aeads[kid] = aead
	}
	return b, nil
}

// KeyID names a key without revealing it: 8 hex digits of a hash.
func KeyID(key []byte) string {
	h := sha256.New()
	h.Write([]byte("piloto secrets key id\x00"))
	h.Write(key)
	return hex.EncodeToString(h.Sum(nil)[:4])
}

// CurrentKeyID is the id of the key Seal uses.
func (b *Box) CurrentKeyID() string { return b.kids[0] }

// additional is what GCM authenticates beside the ciphertext: the format,
// the key id and the secret's place.
func additional(kid, aad string) []byte {
	return []byte(Version + "." + kid + "." + aad)
}

// Seal encrypts plain under the current key, bound to aad.
func (b *Box) Seal(plain, aad string) (string, error) {
	kid := b.kids[0]
	aead := b.aeads[kid]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := aead.Seal(nonce, nonce, []byte(plain), additional(kid, aad))
	return Version + "." + kid + "." + base64.RawURLEncoding.EncodeToString(out), nil
}

// parse splits a sealed secret into its key id and payload.
func parse(sealed string) (kid string, payload []byte, err error) {
	v, rest, ok := strings.Cut(sealed, ".")
	if !ok || v != Version {
		return "", nil, ErrCorrupt
	}
	kid, enc, ok := strings.Cut(rest, ".")
	if !ok || len(kid) != 8 {
		return "", nil, ErrCorrupt
	}
	payload, err = base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return "", nil, ErrCorrupt
	}
	return kid, payload, nil
}

// Open decrypts what Seal made with aad, under whichever of the Box's keys
// sealed it: ErrUnknownKey when none did, ErrCorrupt when it was changed,
// moved to another place (other aad) or is not a sealed secret.
func (b *Box) Open(sealed, aad string) (string, error) {
	kid, payload, err := parse(sealed)
	if err != nil {
		return "", err
	}
	aead, ok := b.aeads[kid]
	if !ok {
		return "", ErrUnknownKey
	}
	if len(payload) < aead.NonceSize()+aead.Overhead() {
		return "", ErrCorrupt
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, payload[:n], payload[n:], additional(kid, aad))
	if err != nil {
		return "", ErrCorrupt
	}
	return string(plain), nil
}

// IsCurrent says whether sealed was made under the current key (else a
// rotation has yet to re-seal it).
func (b *Box) IsCurrent(sealed string) bool {
	kid, _, err := parse(sealed)
	return err == nil && kid == b.kids[0]
}
