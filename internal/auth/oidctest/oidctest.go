// Package oidctest is a small OpenID Connect provider that speaks the
// protocol Google does (discovery, JWKS, authorization code with PKCE, ID
// tokens signed RS256) over real HTTP, for tests and the browser test.
// Its /authorize signs in, without asking, as the next identity queued with
// SetNext (or the default one), and lets tests tamper with what it issues.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Identity is who signs in at the provider.
type Identity struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// Tamper changes the next ID token issued, for tests of refusals.
type Tamper struct {
	Audience   string        // another aud
	Issuer     string        // another iss
	Nonce      string        // another nonce
	ExpiresIn  time.Duration // negative: already expired
	ForeignKey bool          // signed with a key not in the JWKS
}

type grant struct {
	identity    Identity
	clientID    string
	redirectURI string
	nonce       string
	challenge   string
	used        bool
	issuedAt    time.Time
}

// Provider is a running fake provider. It is safe for concurrent use.
type Provider struct {
	URL          string // the issuer
	ClientID     string
	ClientSecret string

	mu      sync.Mutex
	keys    []*rsa.PrivateKey // keys[0] signs; all are published
	foreign *rsa.PrivateKey
	grants  map[string]*grant
	next    []Identity
	def     Identity
	tamper  *Tamper
}

// New returns a provider for client id and secret; Handler serves it and
// URL must be set to where it is served before use.
func New(clientID, clientSecret string) *Provider {
	p := &Provider{ClientID: clientID, ClientSecret: clientSecret, grants: map[string]*grant{},
		def: Identity{Subject: "1001", Email: "google.user@example.com", EmailVerified: true, Name: "Usuária Google"}}
	p.keys = []*rsa.PrivateKey{mustKey()}
	p.foreign = mustKey()
	return p
}

func mustKey() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

// SetNext queues an identity for the next sign-in.
func (p *Provider) SetNext(id Identity) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = append(p.next, id)
}

// SetDefault sets who signs in when nothing is queued.
func (p *Provider) SetDefault(id Identity) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.def = id
}

// TamperNext makes the next ID token wrong in the given way.
func (p *Provider) TamperNext(t Tamper) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = &t
}

// RotateKeys starts signing with a new key; the old one stays published.
func (p *Provider) RotateKeys() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = append([]*rsa.PrivateKey{mustKey()}, p.keys...)
}

func kid(k *rsa.PrivateKey) string {
	sum := sha256.Sum256(k.PublicKey.N.Bytes())
	return base64.RawURLEncoding.EncodeToString(sum[:8])
}

// Handler serves discovery, JWKS, /authorize and /token.
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{
			"issuer":                                p.URL,
			"authorization_endpoint":                p.URL + "/authorize",
			"token_endpoint":                        p.URL + "/token",
			"jwks_uri":                              p.URL + "/jwks",
			"response_types_supported":              []string{"code"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
			"code_challenge_methods_supported":      []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		var set jose.JSONWebKeySet
		for _, k := range p.keys {
			set.Keys = append(set.Keys, jose.JSONWebKey{Key: &k.PublicKey, KeyID: kid(k), Algorithm: "RS256", Use: "sig"})
		}
		writeJSON(w, 200, set)
	})
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	return mux
}

func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		http.Error(w, "bad authorization request", 400)
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Host == "" {
		http.Error(w, "bad redirect_uri", 400)
		return
	}
	p.mu.Lock()
	id := p.def
	if len(p.next) > 0 {
		id, p.next = p.next[0], p.next[1:]
	}
	code := randomString()
	p.grants[code] = &grant{identity: id, clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"),
		nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), issuedAt: time.Now()}
	p.mu.Unlock()
	v := redirect.Query()
	v.Set("code", code)
	v.Set("state", q.Get("state"))
	redirect.RawQuery = v.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, map[string]string{"error": "invalid_request"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.ClientID || secret != p.ClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.grants[r.PostForm.Get("code")]
	if g == nil || g.used || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirectURI {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	g.used = true // a code works once
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "PKCE verification failed"})
		return
	}
	t := Tamper{}
	if p.tamper != nil {
		t, p.tamper = *p.tamper, nil
	}
	now := time.Now()
	claims := map[string]any{
		"iss": p.URL, "aud": p.ClientID, "sub": g.identity.Subject, "email": g.identity.Email,
		"email_verified": g.identity.EmailVerified, "name": g.identity.Name, "nonce": g.nonce,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}
	if t.Audience != "" {
		claims["aud"] = t.Audience
	}
	if t.Issuer != "" {
		claims["iss"] = t.Issuer
	}
	if t.Nonce != "" {
		claims["nonce"] = t.Nonce
	}
	if t.ExpiresIn != 0 {
		claims["exp"] = now.Add(t.ExpiresIn).Unix()
	}
	key := p.keys[0]
	if t.ForeignKey {
		key = p.foreign
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid(key)))
	if err != nil {
		writeJSON(w, 500, map[string]string{"error": err.Error()})
		return
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		writeJSON(w, 500, map[string]string{"error": err.Error()})
		return
	}
	idToken, _ := jws.CompactSerialize()
	writeJSON(w, 200, map[string]any{"access_token": randomString(), "token_type": "Bearer", "expires_in": 3600, "id_token": idToken})
}

func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
