// Package auth owns users, passwords and sessions: sign-up, login, the
// access token (a short-lived JWT) and the rotating refresh token behind it.
//
// A session is a login on one device. Its refresh tokens form a family: each
// refresh uses up the presented token and issues its successor. Presenting a
// used token again is taken as theft and ends the session, except for the
// immediate parent within a short reuse interval (two tabs refreshing at once,
// a response lost on the way), which gets the same successor again.
package auth

import (
	"context"
	"crypto/hmac"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/audit"
	"github.com/pilotodevendas/piloto/internal/mail"
	"github.com/pilotodevendas/piloto/internal/org"
)

// User is a person who signs in.
type User struct {
	ID              string     `json:"id"`
	Email           string     `json:"email"`
	Name            string     `json:"name"`
	EmailVerifiedAt *time.Time `json:"email_verified_at"`
	CreatedAt       time.Time  `json:"created_at"`
	PasswordHash    string     `json:"-"`
	// HasPassword is false for a user who signs in only with Google: they
	// set a first password without a current one.
	HasPassword bool `json:"has_password"`
}

// Session is one login of a user on one device.
type Session struct {
	ID             string
	UserID         string
	OrganizationID string // the organization the session works in
	CreatedAt      time.Time
	LastUsedAt     time.Time // the last refresh; the idle timeout counts from it
	ExpiresAt      time.Time // absolute: no refresh extends it
	RevokedAt      *time.Time
	UserAgent      string
	IP             string
}

// Identity is who is calling, loaded from the store on every request.
type Identity struct {
	User         *User
	Session      *Session
	Organization org.Organization
	Role         org.Role
	// AccessExpires is when the access token that authenticated the request
	// expires (zero when not authenticated by one).
	AccessExpires time.Time
}

// Config is the session policy.
type Config struct {
	Hash            HashParams
	AccessTTL       time.Duration // life of an access token (15 min)
	SessionLifetime time.Duration // absolute life of a session (7 days)
	IdleTimeout     time.Duration // a session not refreshed for this long ends
	ReuseInterval   time.Duration // the parent of the current refresh token is honoured this long after use

	RefreshPerMinute int           // refreshes allowed per session per minute
	LoginDelayAfter  int           // failed logins of an account before each next try must wait
	LoginDelayMax    time.Duration // the longest such wait (1 s, doubling, up to this)
}

// DefaultConfig is the production session policy.
func DefaultConfig() Config {
	return Config{
		Hash:            ProductionHashParams,
		AccessTTL:       15 * time.Minute,
		SessionLifetime: 7 * 24 * time.Hour,
		IdleTimeout:     3 * 24 * time.Hour,
		ReuseInterval:   5 * time.Second,

		RefreshPerMinute: 30,
		LoginDelayAfter:  5,
		LoginDelayMax:    time.Minute,
	}
}

// Validate reports whether the policy makes sense.
func (c Config) Validate() error {
	if err := c.Hash.Validate(); err != nil {
		return err
	}
	if c.AccessTTL <= 0 || c.SessionLifetime <= 0 || c.IdleTimeout <= 0 || c.ReuseInterval < 0 {
		return fmt.Errorf("auth: durations must be positive")
	}
	if c.RefreshPerMinute < 1 || c.LoginDelayAfter < 1 || c.LoginDelayMax < time.Second {
		return fmt.Errorf("auth: rate limits must be positive")
	}
	if c.AccessTTL > c.SessionLifetime {
		return fmt.Errorf("auth: the access token TTL (%s) exceeds the session lifetime (%s)", c.AccessTTL, c.SessionLifetime)
	}
	return nil
}

// RefreshOutcome is what a refresh did.
type RefreshOutcome int

const (
	// RefreshRotated: the presented token was current; it is now used and
	// its successor is current.
	RefreshRotated RefreshOutcome = iota + 1
	// RefreshReplayed: the presented token is the immediate parent of the
	// current one, within the reuse interval; the successor stands.
	RefreshReplayed
	// RefreshReused: a used token outside the rule above; the session has
	// been revoked (and is returned, for the audit log).
	RefreshReused
	// RefreshDead: unknown token, or its session is revoked, expired or idle.
	RefreshDead
)

// RotateRequest asks the store to rotate a refresh token.
type RotateRequest struct {
	PresentedHash string
	SuccessorHash string // the hash of successor(presented)
	Now           time.Time
	ReuseInterval time.Duration
	IdleTimeout   time.Duration
}

// Store is what auth needs of the database.
type Store interface {
	// CreateAccount stores a new user, their organization with the user as
	// owner, and a first session with its refresh token (unless s is nil),
	// in one transaction. It returns ECONFLICT when the email is taken.
	CreateAccount(ctx context.Context, u *User, o *org.Organization, s *Session, refreshHash string) error
	// UserByEmail returns ENOTFOUND when no user has the (lower-case) email.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// SetPasswordHash replaces a user's password hash.
	SetPasswordHash(ctx context.Context, userID, hash string, now time.Time) error
	// Memberships lists the user's organizations, oldest first.
	Memberships(ctx context.Context, userID string) ([]org.Membership, error)
	// CreateSession stores a session and its first refresh token.
	CreateSession(ctx context.Context, s *Session, refreshHash string) error
	// SessionIdentity loads a session that is neither revoked nor past its
	// absolute expiry, its user, and the user's membership of the session's
	// organization. It returns ENOTFOUND when any of them is missing.
	SessionIdentity(ctx context.Context, sessionID string, now time.Time) (*Identity, error)
	// RotateRefresh applies the rotation rules of the package comment to the
	// session of the presented token, serialised per session. It returns the
	// session (nil when RefreshDead).
	RotateRefresh(ctx context.Context, req RotateRequest) (RefreshOutcome, *Session, error)
	// SessionIDByRefresh returns the session a refresh token (used or not)
	// belongs to, or ENOTFOUND.
	SessionIDByRefresh(ctx context.Context, refreshHash string) (string, error)
	// RevokeSession ends one session of the user.
	RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error
	// RevokeSessionByRefresh ends the session a refresh token belongs to,
	// used or not; an unknown token is not an error.
	RevokeSessionByRefresh(ctx context.Context, refreshHash string, now time.Time) error
	// RevokeUserSessions ends every session of the user.
	RevokeUserSessions(ctx context.Context, userID string, now time.Time) error

	// LoginFailures returns an account's consecutive failed logins and the
	// time of the last (0 and the zero time when none).
	LoginFailures(ctx context.Context, account string) (int, time.Time, error)
	// RecordLoginFailure counts a failed login of the account.
	RecordLoginFailure(ctx context.Context, account string, now time.Time) error
	// ClearLoginFailures forgets an account's failed logins.
	ClearLoginFailures(ctx context.Context, account string) error

	// RecordAuditEvent appends to the audit log.
	RecordAuditEvent(ctx context.Context, e audit.Event) error
}

// Limiter counts hits per key per minute; Allow returns an ERATELIMIT error
// (with RetryAfter) over the limit.
type Limiter interface {
	Allow(ctx context.Context, key string, limit int) error
}

// Keys are the secrets the service signs and derives with; each is derived
// for its purpose from the server's secret key. During a rotation of that
// key, Access and CSRF also hold the keys derived from the previous one
// (after the current one), so tokens already handed out keep working.
type Keys struct {
	Access  [][]byte // the first signs access tokens; all verify
	Refresh []byte   // derives successor refresh tokens
	CSRF    [][]byte // the first binds CSRF tokens to sessions; all are accepted
}

// Service runs sign-up, login and sessions. It is safe for concurrent use.
type Service struct {
	store       Store
	accounts    AccountStore
	invitations InvitationStore
	limits      Limiter
	jobs        Enqueuer
	clock       piloto.Clock
	cfg         Config
	hasher      *Hasher
	tokens      *Tokens
	keys        Keys
}

// Deps are what a Service works with.
type Deps struct {
	Store       Store
	Accounts    AccountStore
	Invitations InvitationStore
	Limits      Limiter
	Jobs        Enqueuer
	Clock       piloto.Clock
}

// NewService returns a Service. issuer is the iss of access tokens (the
// server's public URL).
func NewService(d Deps, cfg Config, keys Keys, issuer string) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	hasher, err := NewHasher(cfg.Hash, 0)
	if err != nil {
		return nil, err
	}
	tokens, err := NewTokens(issuer, cfg.AccessTTL, d.Clock, keys.Access...)
	if err != nil {
		return nil, err
	}
	return &Service{
		store: d.Store, accounts: d.Accounts, invitations: d.Invitations, limits: d.Limits, jobs: d.Jobs, clock: d.Clock,
		cfg: cfg, hasher: hasher, tokens: tokens, keys: keys,
	}, nil
}

// Hasher returns the service's password hasher (tests count its work).
func (s *Service) Hasher() *Hasher { return s.hasher }

// Tokens returns the service's access-token signer.
func (s *Service) Tokens() *Tokens { return s.tokens }

// Client describes the browser a request comes from.
type Client struct {
	UserAgent string
	IP        string
	Device    string // the browser's device cookie, "" when it has none
}

// Grant is a signed-in session: what the HTTP layer puts in cookies and in
// the response body.
type Grant struct {
	Identity       *Identity
	Memberships    []org.Membership
	AccessToken    string
	AccessExpires  time.Time
	RefreshToken   string
	RefreshExpires time.Time
	CSRFToken      string
}

// SignupRequest is a new account.
type SignupRequest struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Password     string `json:"password"`
	Organization string `json:"organization"`
	Locale       string `json:"locale,omitempty"` // pt-BR (default) or en: the language of the user's mail
}

// NormalizeEmail trims and lower-cases an email address and checks its form.
// It returns "" when the address is not valid.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 254 {
		return ""
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return ""
	}
	return s
}

func checkName(fields map[string]string, key, value, empty string) {
	n := utf8.RuneCountInString(strings.TrimSpace(value))
	switch {
	case n == 0:
		fields[key] = empty
	case n > 100:
		fields[key] = "Use no máximo 100 caracteres."
	}
}

// Signup creates a user, their first organization (with the user as owner)
// and a session. Errors: EINVALID with fields; ECONFLICT when the email is
// taken; the context's error when hashing had to wait too long.
func (s *Service) Signup(ctx context.Context, req SignupRequest, c Client) (*Grant, error) {
	fields := map[string]string{}
	checkName(fields, "name", req.Name, "Informe seu nome.")
	checkName(fields, "organization", req.Organization, "Informe o nome da empresa.")
	email := NormalizeEmail(req.Email)
	if email == "" {
		fields["email"] = "Informe um e-mail válido."
	}
	if msg := CheckPassword(req.Password); msg != "" {
		fields["password"] = msg
	}
	switch req.Locale {
	case "", mail.LocalePTBR, mail.LocaleEN:
	default:
		fields["locale"] = "Use pt-BR ou en."
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	u := &User{ID: piloto.NewID(), Email: email, Name: strings.TrimSpace(req.Name), CreatedAt: now, PasswordHash: hash, HasPassword: true}
	o := &org.Organization{ID: piloto.NewID(), Name: strings.TrimSpace(req.Organization), TimeZone: org.DefaultTimeZone, CreatedAt: now}
	sess := s.newSession(u.ID, o.ID, c)
	refresh := piloto.RandomToken()
	if err := s.store.CreateAccount(ctx, u, o, sess, piloto.TokenHash(refresh)); err != nil {
		if piloto.ErrorCode(err) == piloto.ECONFLICT {
			return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{
				"email": "Já existe uma conta com este e-mail. Entre ou recupere sua senha.",
			})
		}
		return nil, err
	}
	if err := s.record(ctx, audit.ActionSignup, o.ID, u.ID, c, nil); err != nil {
		return nil, err
	}
	if req.Locale == mail.LocaleEN {
		if err := s.accounts.SetUserLocale(ctx, u.ID, req.Locale); err != nil {
			return nil, err
		}
	}
	if err := s.noteDevice(ctx, u.ID, c, false); err != nil {
		return nil, err
	}
	if err := s.enqueueMail(ctx, MailArgs{Mail: mail.KindVerifyEmail, UserID: u.ID}); err != nil {
		return nil, err
	}
	m := org.Membership{Organization: *o, Role: org.RoleOwner}
	id := &Identity{User: u, Session: sess, Organization: *o, Role: org.RoleOwner}
	return s.grant(id, []org.Membership{m}, refresh)
}

// LoginRequest is an email and password.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Login checks the password and opens a new session in the user's first
// organization. A wrong password and an unknown email fail the same way —
// EUNAUTHORIZED with the same message — after the same hashing work. After
// LoginDelayAfter consecutive failures of an account (known or not), each
// next try must wait 1 s, doubling up to LoginDelayMax, since the last
// failure: until then ERATELIMIT, without hashing. The account is never
// locked: its owner waits at most LoginDelayMax.
func (s *Service) Login(ctx context.Context, req LoginRequest, c Client) (*Grant, error) {
	if utf8.RuneCountInString(req.Password) > MaxPasswordLen {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{
			"password": fmt.Sprintf("A senha pode ter no máximo %d caracteres.", MaxPasswordLen),
		})
	}
	email := NormalizeEmail(req.Email)
	account := email
	if account == "" {
		account = "?" + truncate(strings.ToLower(strings.TrimSpace(req.Email)), 254)
	}
	failures, lastFailure, err := s.store.LoginFailures(ctx, account)
	if err != nil {
		return nil, err
	}
	if wait := s.loginDelay(failures); wait > 0 {
		if until := lastFailure.Add(wait); s.clock.Now().Before(until) {
			return nil, &piloto.Error{
				Code:       piloto.ERATELIMIT,
				Message:    "Muitas tentativas erradas para este e-mail. Aguarde um pouco e tente de novo.",
				RetryAfter: until.Sub(s.clock.Now()),
			}
		}
	}

	var u *User
	if email != "" {
		found, err := s.store.UserByEmail(ctx, email)
		switch {
		case err == nil:
			u = found
		case piloto.ErrorCode(err) != piloto.ENOTFOUND:
			return nil, err
		}
	}
	encoded := ""
	if u != nil {
		encoded = u.PasswordHash
	}
	ok, stale, err := s.hasher.Verify(ctx, req.Password, encoded)
	if err != nil {
		return nil, err
	}
	var ms []org.Membership
	if u != nil {
		if ms, err = s.store.Memberships(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	if !ok {
		if err := s.store.RecordLoginFailure(ctx, account, s.clock.Now()); err != nil {
			return nil, err
		}
		if u != nil && len(ms) > 0 {
			reason := map[string]string{"reason": "wrong_password"}
			if err := s.record(ctx, audit.ActionLoginFailed, ms[0].ID, u.ID, c, reason); err != nil {
				return nil, err
			}
		}
		return nil, errWrongCredentials
	}
	if failures > 0 {
		if err := s.store.ClearLoginFailures(ctx, account); err != nil {
			return nil, err
		}
	}
	if stale {
		if hash, err := s.hasher.Hash(ctx, req.Password); err == nil {
			_ = s.store.SetPasswordHash(ctx, u.ID, hash, s.clock.Now()) // the old hash still works if this fails
		}
	}
	if len(ms) == 0 {
		return nil, piloto.Errorf(piloto.EFORBIDDEN, "Sua conta não participa de nenhuma organização.")
	}
	sess := s.newSession(u.ID, ms[0].ID, c)
	refresh := piloto.RandomToken()
	if err := s.store.CreateSession(ctx, sess, piloto.TokenHash(refresh)); err != nil {
		return nil, err
	}
	if err := s.record(ctx, audit.ActionLoginOK, ms[0].ID, u.ID, c, nil); err != nil {
		return nil, err
	}
	if err := s.noteDevice(ctx, u.ID, c, true); err != nil {
		return nil, err
	}
	id := &Identity{User: u, Session: sess, Organization: ms[0].Organization, Role: ms[0].Role}
	return s.grant(id, ms, refresh)
}

// loginDelay is the wait an account with this many consecutive failures
// owes since its last failure.
func (s *Service) loginDelay(failures int) time.Duration {
	over := failures - s.cfg.LoginDelayAfter
	if over < 0 {
		return 0
	}
	if over > 30 {
		return s.cfg.LoginDelayMax
	}
	return min(time.Second<<over, s.cfg.LoginDelayMax)
}

// record appends an event to the audit log.
func (s *Service) record(ctx context.Context, action, orgID, userID string, c Client, details map[string]string) error {
	return s.store.RecordAuditEvent(ctx, audit.Event{
		ID: piloto.NewID(), OrganizationID: orgID, UserID: userID, Action: action,
		IP: c.IP, UserAgent: truncate(c.UserAgent, 256), Details: details, CreatedAt: s.clock.Now(),
	})
}

func (s *Service) newSession(userID, orgID string, c Client) *Session {
	now := s.clock.Now()
	return &Session{
		ID: piloto.NewID(), UserID: userID, OrganizationID: orgID,
		CreatedAt: now, LastUsedAt: now, ExpiresAt: now.Add(s.cfg.SessionLifetime),
		UserAgent: truncate(c.UserAgent, 256), IP: c.IP,
	}
}

func utf8Len(s string) int { return utf8.RuneCountInString(s) }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func (s *Service) grant(id *Identity, ms []org.Membership, refresh string) (*Grant, error) {
	access, exp, err := s.tokens.Sign(id.User.ID, id.Session.ID, id.Session.OrganizationID)
	if err != nil {
		return nil, err
	}
	return &Grant{
		Identity: id, Memberships: ms,
		AccessToken: access, AccessExpires: exp,
		RefreshToken: refresh, RefreshExpires: id.Session.ExpiresAt,
		CSRFToken: s.CSRFToken(id.Session.ID),
	}, nil
}

// CSRFToken returns the CSRF token of a session.
func (s *Service) CSRFToken(sessionID string) string { return csrfToken(s.keys.CSRF[0], sessionID) }

// errSessionEnded is the answer to a refresh that cannot go on.
var errSessionEnded = piloto.Errorf(piloto.EUNAUTHORIZED, "Sua sessão terminou. Entre novamente.")

// Refresh rotates a refresh token and issues a new access token. Errors:
// EUNAUTHORIZED when the token is unknown, its session ended, or it was
// reused (and the session has now been revoked); ERATELIMIT over
// RefreshPerMinute refreshes of one session.
func (s *Service) Refresh(ctx context.Context, token string, c Client) (*Grant, error) {
	if token == "" {
		return nil, errSessionEnded
	}
	presented := piloto.TokenHash(token)
	sessionID, err := s.store.SessionIDByRefresh(ctx, presented)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil, errSessionEnded
	}
	if err != nil {
		return nil, err
	}
	if err := s.limits.Allow(ctx, "refresh:"+sessionID, s.cfg.RefreshPerMinute); err != nil {
		return nil, err
	}
	next := successor(s.keys.Refresh, token)
	outcome, sess, err := s.store.RotateRefresh(ctx, RotateRequest{
		PresentedHash: presented,
		SuccessorHash: piloto.TokenHash(next),
		Now:           s.clock.Now(),
		ReuseInterval: s.cfg.ReuseInterval,
		IdleTimeout:   s.cfg.IdleTimeout,
	})
	if err != nil {
		return nil, err
	}
	switch outcome {
	case RefreshRotated, RefreshReplayed:
	case RefreshReused:
		details := map[string]string{"session_id": sess.ID}
		if err := s.record(ctx, audit.ActionRefreshReused, sess.OrganizationID, sess.UserID, c, details); err != nil {
			return nil, err
		}
		return nil, errSessionEnded
	default:
		return nil, errSessionEnded
	}
	id, err := s.store.SessionIdentity(ctx, sess.ID, s.clock.Now())
	if err != nil {
		if piloto.ErrorCode(err) == piloto.ENOTFOUND {
			return nil, errSessionEnded
		}
		return nil, err
	}
	return s.grant(id, nil, next)
}

// CheckCSRF reports whether token is the CSRF token of the session, under
// the current key or, during a rotation, the previous one.
func (s *Service) CheckCSRF(sessionID, token string) bool {
	if token == "" {
		return false
	}
	for _, k := range s.keys.CSRF {
		if hmac.Equal([]byte(token), []byte(csrfToken(k, sessionID))) {
			return true
		}
	}
	return false
}

// Authenticate verifies an access token and loads its session, user and
// membership from the store, so a revoked session or a removed member is
// refused at once. Errors: EUNAUTHORIZED.
func (s *Service) Authenticate(ctx context.Context, accessToken string) (*Identity, error) {
	if accessToken == "" {
		return nil, piloto.Errorf(piloto.EUNAUTHORIZED, "Entre para continuar.")
	}
	claims, err := s.tokens.Verify(accessToken)
	if err != nil {
		return nil, err
	}
	id, err := s.store.SessionIdentity(ctx, claims.SessionID, s.clock.Now())
	if err != nil {
		if piloto.ErrorCode(err) == piloto.ENOTFOUND {
			return nil, errSessionEnded
		}
		return nil, err
	}
	if id.User.ID != claims.Subject {
		return nil, errSessionEnded
	}
	if claims.ExpiresAt != nil {
		id.AccessExpires = claims.ExpiresAt.Time
	}
	return id, nil
}

// Recheck reloads the session, user and membership of an identity: a
// long-lived request (an event stream) calls it to stop once the session is
// revoked or the member removed. Errors: EUNAUTHORIZED.
func (s *Service) Recheck(ctx context.Context, id *Identity) (*Identity, error) {
	next, err := s.store.SessionIdentity(ctx, id.Session.ID, s.clock.Now())
	if piloto.ErrorCode(err) == piloto.ENOTFOUND || (err == nil && next.Organization.ID != id.Organization.ID) {
		return nil, errSessionEnded
	}
	if err != nil {
		return nil, err
	}
	next.AccessExpires = id.AccessExpires
	return next, nil
}

// Logout ends the session a refresh token belongs to. An unknown or empty
// token is not an error: the caller is logged out either way.
func (s *Service) Logout(ctx context.Context, refreshToken string, c Client) error {
	if refreshToken == "" {
		return nil
	}
	hash := piloto.TokenHash(refreshToken)
	sessionID, err := s.store.SessionIDByRefresh(ctx, hash)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	id, err := s.store.SessionIdentity(ctx, sessionID, s.clock.Now())
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil // ended already
	}
	if err != nil {
		return err
	}
	if err := s.store.RevokeSessionByRefresh(ctx, hash, s.clock.Now()); err != nil {
		return err
	}
	return s.record(ctx, audit.ActionLogout, id.Organization.ID, id.User.ID, c, nil)
}

// EndSession ends one session of the identity's user.
func (s *Service) EndSession(ctx context.Context, id *Identity, sessionID string, c Client) error {
	if err := s.store.RevokeSession(ctx, id.User.ID, sessionID, s.clock.Now()); err != nil {
		return err
	}
	return s.record(ctx, audit.ActionLogout, id.Organization.ID, id.User.ID, c, nil)
}

// LogoutAll ends every session of the identity's user.
func (s *Service) LogoutAll(ctx context.Context, id *Identity, c Client) error {
	if err := s.store.RevokeUserSessions(ctx, id.User.ID, s.clock.Now()); err != nil {
		return err
	}
	return s.record(ctx, audit.ActionLogoutAll, id.Organization.ID, id.User.ID, c, nil)
}

// Memberships lists the organizations of the identity's user.
func (s *Service) Memberships(ctx context.Context, id *Identity) ([]org.Membership, error) {
	return s.store.Memberships(ctx, id.User.ID)
}
