package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pilotodevendas/piloto"
)

var (
	testKey  = []byte(strings.Repeat("k", 32))
	otherKey = []byte(strings.Repeat("o", 32))
)

func mustTokens(t testing.TB, clock piloto.Clock) *Tokens {
	t.Helper()
	tk, err := NewTokens("https://api.example.com", 15*time.Minute, clock, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func validClaims(now time.Time) AccessClaims {
	return AccessClaims{
		SessionID: "s1", OrganizationID: "o1", TokenUse: accessTokenUse,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: "https://api.example.com", Subject: "u1", Audience: jwt.ClaimStrings{Audience},
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)),
		},
	}
}

func signWith(t *testing.T, method jwt.SigningMethod, key any, header map[string]any, claims AccessClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTokensSignVerify(t *testing.T) {
	clock := piloto.NewFakeClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	tk := mustTokens(t, clock)
	raw, exp, err := tk.Sign("u1", "s1", "o1")
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(clock.Now().Add(15 * time.Minute)) {
		t.Fatalf("expiry = %s", exp)
	}
	c, err := tk.Verify(raw)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "u1" || c.SessionID != "s1" || c.OrganizationID != "o1" {
		t.Fatalf("claims = %+v", c)
	}
	clock.Advance(15*time.Minute + 31*time.Second)
	if _, err := tk.Verify(raw); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
		t.Fatalf("expired token: err = %v", err)
	}
}

// Every forged or foreign token is refused with EUNAUTHORIZED.
func TestTokensRefuse(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clock := piloto.NewFakeClock(now)
	tk := mustTokens(t, clock)
	kid := tk.signKid
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	with := func(f func(*AccessClaims)) AccessClaims {
		c := validClaims(now)
		f(&c)
		return c
	}
	unsigned := signWith(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil, validClaims(now))
	unsignedWithKid := signWith(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, map[string]any{"kid": kid}, validClaims(now))
	hs := jwt.SigningMethodHS256
	tests := map[string]string{
		"alg none":           unsigned,
		"alg none, with kid": unsignedWithKid,
		"wrong key":          signWith(t, hs, otherKey, map[string]any{"kid": kid}, validClaims(now)),
		"foreign kid":        signWith(t, hs, testKey, map[string]any{"kid": "not-ours"}, validClaims(now)),
		"no kid":             signWith(t, hs, testKey, nil, validClaims(now)),
		"jku header":         signWith(t, hs, testKey, map[string]any{"kid": kid, "jku": "https://evil.example/keys"}, validClaims(now)),
		"jwk header":         signWith(t, hs, testKey, map[string]any{"kid": kid, "jwk": map[string]any{"kty": "oct"}}, validClaims(now)),
		"x5u header":         signWith(t, hs, testKey, map[string]any{"kid": kid, "x5u": "https://evil.example/cert"}, validClaims(now)),
		"RS256":              signWith(t, jwt.SigningMethodRS256, rsaKey, map[string]any{"kid": kid}, validClaims(now)),
		"HS512":              signWith(t, jwt.SigningMethodHS512, testKey, map[string]any{"kid": kid}, validClaims(now)),
		"wrong audience":     signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.Audience = jwt.ClaimStrings{"other"} })),
		"no audience":        signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.Audience = nil })),
		"wrong issuer":       signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.Issuer = "https://evil.example" })),
		"expired":            signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) })),
		"no expiry":          signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.ExpiresAt = nil })),
		"not yet valid":      signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.NotBefore = jwt.NewNumericDate(now.Add(time.Minute)) })),
		"other token use":    signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.TokenUse = "refresh" })),
		"no session":         signWith(t, hs, testKey, map[string]any{"kid": kid}, with(func(c *AccessClaims) { c.SessionID = "" })),
		"garbage":            "not.a.jwt",
		"empty":              "",
	}
	// The control: the same construction with nothing wrong passes.
	if _, err := tk.Verify(signWith(t, hs, testKey, map[string]any{"kid": kid}, validClaims(now))); err != nil {
		t.Fatalf("valid token refused: %v", err)
	}
	for name, raw := range tests {
		if _, err := tk.Verify(raw); piloto.ErrorCode(err) != piloto.EUNAUTHORIZED {
			t.Errorf("%s: err = %v, want unauthorized", name, err)
		}
	}
}

// A rotated-in key signs new tokens; tokens of the old key still verify.
func TestTokensKeyRotation(t *testing.T) {
	clock := piloto.NewFakeClock(time.Now())
	old := mustTokens(t, clock)
	raw, _, _ := old.Sign("u1", "s1", "o1")
	rotated, err := NewTokens("https://api.example.com", time.Minute, clock, otherKey, testKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rotated.Verify(raw); err != nil {
		t.Fatalf("old token after rotation: %v", err)
	}
	fresh, _, _ := rotated.Sign("u1", "s1", "o1")
	if _, err := old.Verify(fresh); err == nil {
		t.Fatal("a token of the new key verified without it")
	}
}

func BenchmarkVerifyAccessToken(b *testing.B) {
	tk := mustTokens(b, piloto.SystemClock{})
	raw, _, _ := tk.Sign("0193f1f2-0000-7000-8000-000000000000", "0193f1f2-0000-7000-8000-000000000001", "0193f1f2-0000-7000-8000-000000000002")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tk.Verify(raw); err != nil {
			b.Fatal(err)
		}
	}
}
