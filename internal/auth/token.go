package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pilotodevendas/piloto"
)

// Audience is the aud claim of every access token.
const Audience = "piloto-api"

// accessTokenUse marks a JWT as an access token (no other kind is signed with
// this key, but the claim keeps a future one from passing as this one).
const accessTokenUse = "access"

// AccessClaims are what an access token says. They are a hint for routing
// and logging: every request still loads the session and membership from the
// store.
type AccessClaims struct {
	SessionID      string `json:"sid"`
	OrganizationID string `json:"org,omitempty"`
	TokenUse       string `json:"token_use"`
	jwt.RegisteredClaims
}

// Tokens signs and verifies access tokens: HS256 only, with keys named by a
// kid header so a key can be rotated in (the newest signs, all verify).
// Keys never come from the token itself: jku, x5u and jwk headers are
// refused. It is safe for concurrent use.
type Tokens struct {
	issuer  string
	ttl     time.Duration
	clock   piloto.Clock
	keys    map[string][]byte
	signKid string
}

// NewTokens returns Tokens that sign with the first key and verify with any.
func NewTokens(issuer string, ttl time.Duration, clock piloto.Clock, keys ...[]byte) (*Tokens, error) {
	if len(keys) == 0 || ttl <= 0 || issuer == "" {
		return nil, errors.New("auth: tokens need an issuer, a positive TTL and a key")
	}
	t := &Tokens{issuer: issuer, ttl: ttl, clock: clock, keys: map[string][]byte{}}
	for i, k := range keys {
		if len(k) < 32 {
			return nil, errors.New("auth: token keys must be at least 32 bytes")
		}
		sum := sha256.Sum256(k)
		kid := hex.EncodeToString(sum[:8])
		t.keys[kid] = k
		if i == 0 {
			t.signKid = kid
		}
	}
	return t, nil
}

// TTL returns how long an access token lives.
func (t *Tokens) TTL() time.Duration { return t.ttl }

// Sign returns an access token for the session.
func (t *Tokens) Sign(userID, sessionID, orgID string) (string, time.Time, error) {
	now := t.clock.Now()
	exp := now.Add(t.ttl)
	claims := AccessClaims{
		SessionID:      sessionID,
		OrganizationID: orgID,
		TokenUse:       accessTokenUse,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.issuer,
			Subject:   userID,
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = t.signKid
	s, err := tok.SignedString(t.keys[t.signKid])
	return s, exp, err
}

// Verify checks an access token: algorithm HS256, a known kid, no key-URL
// headers, signature, iss, aud, exp and nbf (30 s leeway), token use, and a
// subject and session. Any failure is an EUNAUTHORIZED error.
func (t *Tokens) Verify(raw string) (*AccessClaims, error) {
	claims := &AccessClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		for _, h := range []string{"jku", "x5u", "jwk", "x5c"} {
			if _, ok := tok.Header[h]; ok {
				return nil, fmt.Errorf("header %s not accepted", h)
			}
		}
		kid, _ := tok.Header["kid"].(string)
		key, ok := t.keys[kid]
		if !ok {
			return nil, errors.New("unknown kid")
		}
		return key, nil
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(t.issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(t.clock.Now),
	)
	if err == nil && (claims.TokenUse != accessTokenUse || claims.Subject == "" || claims.SessionID == "") {
		err = errors.New("not an access token")
	}
	if err != nil {
		return nil, piloto.Errorf(piloto.EUNAUTHORIZED, "Sua sessão expirou. Entre novamente.")
	}
	return claims, nil
}

// successor derives the token that replaces token on rotation. It is a
// function of the token under the server's key, so a parent presented again
// within the reuse interval gets the same successor without the server
// keeping any token in the clear.
func successor(key []byte, token string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("refresh-successor\x00"))
	m.Write([]byte(token))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfToken binds a CSRF token to a session: the session id MACed under the
// CSRF key. The cross-site protections check it on unsafe requests.
func csrfToken(key []byte, sessionID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf\x00"))
	m.Write([]byte(sessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
