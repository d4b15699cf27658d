package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/org"
	"golang.org/x/oauth2"
)

// GoogleIssuer is Google's OpenID Connect issuer.
const GoogleIssuer = "https://accounts.google.com"

// Identity3P is a sign-in identity at an OpenID Connect provider.
type Identity3P struct {
	ID        string    `json:"id"`
	UserID    string    `json:"-"`
	Issuer    string    `json:"issuer"`
	Subject   string    `json:"-"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"created_at"`
}

// IdentityStore is what provider sign-in needs of the database.
type IdentityStore interface {
	SaveOAuthState(ctx context.Context, hash string, expires time.Time) error
	ConsumeOAuthState(ctx context.Context, hash string, now time.Time) (bool, error)
	// IdentityUser returns ENOTFOUND for an identity not linked yet.
	IdentityUser(ctx context.Context, issuer, subject string) (*User, error)
	LinkIdentity(ctx context.Context, id Identity3P, takeOver bool, now time.Time) error
	Identities(ctx context.Context, userID string) ([]Identity3P, error)
	UnlinkIdentity(ctx context.Context, userID, id string) error
}

// GoogleConfig configures "Entrar com Google".
type GoogleConfig struct {
	ClientID     string
	ClientSecret string
	Issuer       string // GoogleIssuer unless a test provider
	RedirectURL  string // PILOTO_PUBLIC_URL + /api/v1/auth/google/callback
	StateKey     []byte // signs the browser-binding cookie
	HTTPClient   *http.Client
}

// Google signs people in with Google: authorization code flow with PKCE
// (S256), a single-use state bound to the browser by a signed short-lived
// cookie, and a nonce; the ID token is verified with go-oidc (JWKS
// signature, iss, aud, exp) and its nonce and email_verified checked.
// The provider's discovery document is fetched on first use, so start-up
// does not depend on Google. It is safe for concurrent use.
type Google struct {
	cfg    GoogleConfig
	svc    *Service
	store  IdentityStore
	mu     sync.Mutex
	oidc   *oidc.Provider
	verify *oidc.IDTokenVerifier
	oauth  *oauth2.Config
}

// NewGoogle returns the Google sign-in, or nil when no client id is
// configured (the button is hidden then).
func NewGoogle(cfg GoogleConfig, svc *Service, store IdentityStore) *Google {
	if cfg.ClientID == "" {
		return nil
	}
	if cfg.Issuer == "" {
		cfg.Issuer = GoogleIssuer
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	return &Google{cfg: cfg, svc: svc, store: store}
}

// GoogleError is a failed sign-in; Reason goes to the app as /entrar?erro=.
type GoogleError struct {
	Reason string // google_cancelled, google_state, google_failed, google_email_unverified
	Err    error
}

func (e *GoogleError) Error() string { return "google sign-in: " + e.Reason + ": " + fmt.Sprint(e.Err) }
func (e *GoogleError) Unwrap() error { return e.Err }

func fail(reason string, err error) error { return &GoogleError{Reason: reason, Err: err} }

func (g *Google) provider(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.oidc == nil {
		p, err := oidc.NewProvider(oidc.ClientContext(ctx, g.cfg.HTTPClient), g.cfg.Issuer)
		if err != nil {
			return nil, nil, err
		}
		g.oidc = p
		g.verify = p.Verifier(&oidc.Config{ClientID: g.cfg.ClientID})
		g.oauth = &oauth2.Config{
			ClientID: g.cfg.ClientID, ClientSecret: g.cfg.ClientSecret, RedirectURL: g.cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
		}
	}
	return g.oauth, g.verify, nil
}

// flow is what the browser-binding cookie carries between the redirect to
// the provider and the callback.
type flow struct {
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Next     string    `json:"x,omitempty"`
	Expires  time.Time `json:"e"`
}

// FlowLifetime is how long a sign-in at the provider may take.
const FlowLifetime = 10 * time.Minute

// Start begins a sign-in: it returns the provider's URL to redirect to and
// the value of the cookie that binds the flow to this browser. next is the
// app path to land on afterwards.
func (g *Google) Start(ctx context.Context, next string) (authURL, cookie string, err error) {
	oc, _, err := g.provider(ctx)
	if err != nil {
		return "", "", fail("google_failed", err)
	}
	f := flow{State: piloto.RandomToken(), Nonce: piloto.RandomToken(), Verifier: oauth2.GenerateVerifier(),
		Next: safeNext(next), Expires: g.svc.clock.Now().Add(FlowLifetime)}
	if err := g.store.SaveOAuthState(ctx, piloto.TokenHash(f.State), f.Expires); err != nil {
		return "", "", err
	}
	authURL = oc.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	return authURL, g.seal(f), nil
}

// safeNext keeps only an app path ("/conversas"), never another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	return next
}

func (g *Google) seal(f flow) string {
	body, _ := json.Marshal(f)
	m := hmac.New(sha256.New, g.cfg.StateKey)
	m.Write(body)
	return base64.RawURLEncoding.EncodeToString(body) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (g *Google) open(cookie string) (*flow, error) {
	body64, mac64, ok := strings.Cut(cookie, ".")
	body, err1 := base64.RawURLEncoding.DecodeString(body64)
	mac, err2 := base64.RawURLEncoding.DecodeString(mac64)
	if !ok || err1 != nil || err2 != nil {
		return nil, errors.New("malformed flow cookie")
	}
	m := hmac.New(sha256.New, g.cfg.StateKey)
	m.Write(body)
	if !hmac.Equal(mac, m.Sum(nil)) {
		return nil, errors.New("flow cookie signature")
	}
	var f flow
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, err
	}
	if !g.svc.clock.Now().Before(f.Expires) {
		return nil, errors.New("flow expired")
	}
	return &f, nil
}

// Finish completes a sign-in at the callback: the state must match the
// browser's cookie and be unused; the code is exchanged with the PKCE
// verifier; the ID token is verified. It returns the session and the app
// path to land on. Errors are *GoogleError.
func (g *Google) Finish(ctx context.Context, cookie, state, code, providerError string, c Client) (*Grant, string, error) {
	if providerError != "" {
		return nil, "", fail("google_cancelled", errors.New(providerError))
	}
	f, err := g.open(cookie)
	if err != nil || state == "" || !hmac.Equal([]byte(state), []byte(f.State)) {
		return nil, "", fail("google_state", fmt.Errorf("state does not match the browser's: %v", err))
	}
	fresh, err := g.store.ConsumeOAuthState(ctx, piloto.TokenHash(state), g.svc.clock.Now())
	if err != nil {
		return nil, "", err
	}
	if !fresh {
		return nil, "", fail("google_state", errors.New("state used already or expired"))
	}
	oc, verifier, err := g.provider(ctx)
	if err != nil {
		return nil, "", fail("google_failed", err)
	}
	tok, err := oc.Exchange(oidc.ClientContext(ctx, g.cfg.HTTPClient), code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, "", fail("google_failed", fmt.Errorf("code exchange: %w", err))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, "", fail("google_failed", errors.New("no id_token"))
	}
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		return nil, "", fail("google_failed", fmt.Errorf("id token: %w", err))
	}
	if !hmac.Equal([]byte(idt.Nonce), []byte(f.Nonce)) {
		return nil, "", fail("google_failed", errors.New("nonce mismatch"))
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return nil, "", fail("google_failed", err)
	}
	email := NormalizeEmail(claims.Email)
	if !claims.EmailVerified || email == "" {
		return nil, "", fail("google_email_unverified", errors.New("email not verified by the provider"))
	}
	grant, err := g.signIn(ctx, Identity3P{ID: piloto.NewID(), Issuer: idt.Issuer, Subject: idt.Subject, Email: email}, claims.Name, c)
	if err != nil {
		return nil, "", err
	}
	return grant, f.Next, nil
}

// signIn finds or makes the user of a verified provider identity and opens
// a session:
//   - a linked identity signs its user in;
//   - else an account with the same email is linked — if that account never
//     verified its email, linking removes its password and ends its sessions
//     (a pre-registered account cannot keep a way in);
//   - else a new user with a new organization, as at sign-up.
func (g *Google) signIn(ctx context.Context, id Identity3P, name string, c Client) (*Grant, error) {
	s := g.svc
	now := s.clock.Now()
	u, err := g.store.IdentityUser(ctx, id.Issuer, id.Subject)
	switch {
	case err == nil:
	case piloto.ErrorCode(err) != piloto.ENOTFOUND:
		return nil, err
	default:
		u, err = s.store.UserByEmail(ctx, id.Email)
		switch {
		case err == nil:
			id.UserID = u.ID
			if err := g.store.LinkIdentity(ctx, id, u.EmailVerifiedAt == nil, now); err != nil {
				return nil, err
			}
		case piloto.ErrorCode(err) == piloto.ENOTFOUND:
			if u, err = g.createUser(ctx, id, name, c); err != nil {
				return nil, err
			}
		default:
			return nil, err
		}
	}
	grant, err := s.openSession(ctx, u, c)
	if err != nil {
		return nil, err
	}
	if err := s.record(ctx, audit.ActionLoginGoogle, grant.Identity.Organization.ID, u.ID, c, nil); err != nil {
		return nil, err
	}
	return grant, nil
}

func (g *Google) createUser(ctx context.Context, id Identity3P, name string, c Client) (*User, error) {
	s := g.svc
	now := s.clock.Now()
	name = strings.TrimSpace(name)
	if name == "" {
		name = id.Email[:strings.Index(id.Email, "@")]
	}
	name = truncate(name, 100)
	u := &User{ID: piloto.NewID(), Email: id.Email, Name: name, CreatedAt: now, EmailVerifiedAt: &now}
	o := &org.Organization{ID: piloto.NewID(), Name: truncate("Organização de "+name, 100), TimeZone: org.DefaultTimeZone, CreatedAt: now}
	// The caller opens the first session.
	if err := s.store.CreateAccount(ctx, u, o, nil, ""); err != nil {
		return nil, err
	}
	id.UserID = u.ID
	if err := g.store.LinkIdentity(ctx, id, false, now); err != nil {
		return nil, err
	}
	if err := s.record(ctx, audit.ActionSignup, o.ID, u.ID, c, map[string]string{"via": "google"}); err != nil {
		return nil, err
	}
	return u, nil
}
