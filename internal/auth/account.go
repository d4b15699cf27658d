package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/mail"
	"github.com/riverqueue/river"
)

// Purposes of single-use tokens sent by mail, and how long each lives.
const (
	PurposeVerifyEmail   = "verify_email"
	PurposeChangeEmail   = "change_email"
	PurposeResetPassword = "reset_password"
)

var tokenLifetimes = map[string]time.Duration{
	PurposeVerifyEmail:   48 * time.Hour,
	PurposeChangeEmail:   48 * time.Hour,
	PurposeResetPassword: time.Hour,
}

// UserToken is a single-use token sent by mail, as stored: its hash only.
type UserToken struct {
	Hash      string
	UserID    string
	Purpose   string
	Email     string // the address the token proves
	CreatedAt time.Time
	ExpiresAt time.Time
}

// AccountStore is what the account lifecycle needs of the database, beside
// Store.
type AccountStore interface {
	UserByID(ctx context.Context, id string) (*User, error)
	UserLocale(ctx context.Context, userID string) (string, error)
	SetUserLocale(ctx context.Context, userID, locale string) error
	// CreateUserToken stores a token and voids the user's earlier unused
	// tokens of the same purpose.
	CreateUserToken(ctx context.Context, t UserToken) error
	// VerifyEmailWithToken and ResetPasswordWithToken use a token and apply
	// its effect in one transaction; EINVALID for a bad token.
	VerifyEmailWithToken(ctx context.Context, hash string, now time.Time) (*User, error)
	ResetPasswordWithToken(ctx context.Context, hash, passwordHash string, now time.Time) (*User, error)
	// RememberDevice records a browser of the user; known says whether it
	// was recorded before.
	RememberDevice(ctx context.Context, userID, deviceHash string, now time.Time) (known bool, err error)
	UserSessions(ctx context.Context, userID string, now time.Time) ([]Session, error)
	RevokeOtherSessions(ctx context.Context, userID, keep string, now time.Time) error
}

// MailArgs is the durable job that sends one account mail. It holds the
// recipient and the template's inputs, never a raw token: the job mints the
// token (storing its hash) when it sends, so a retry sends a fresh link and
// voids the one before.
type MailArgs struct {
	Mail   string    `json:"mail"`            // a mail.Kind* constant
	UserID string    `json:"user_id"`         // "" for a reset asked for an unknown email: nothing is sent
	Email  string    `json:"email,omitempty"` // the new address, for an email change
	IP     string    `json:"ip,omitempty"`
	Device string    `json:"device,omitempty"`
	At     time.Time `json:"at"`
}

// Kind identifies the job.
func (MailArgs) Kind() string { return "account_mail" }

// InsertOpts retries a failed send with River's backoff, up to 10 times.
func (MailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, Queue: river.QueueDefault}
}

// Enqueuer inserts jobs.
type Enqueuer interface {
	Enqueue(ctx context.Context, args river.JobArgs) error
}

// MailWorker works MailArgs.
type MailWorker struct {
	river.WorkerDefaults[MailArgs]
	Store  AccountStore
	Sender mail.Sender
	Clock  piloto.Clock
	AppURL string // links point here
}

var mailPurpose = map[string]string{
	mail.KindVerifyEmail:   PurposeVerifyEmail,
	mail.KindChangeEmail:   PurposeChangeEmail,
	mail.KindResetPassword: PurposeResetPassword,
}

var mailPath = map[string]string{
	PurposeVerifyEmail:   "/verificar-email",
	PurposeChangeEmail:   "/verificar-email",
	PurposeResetPassword: "/redefinir-senha",
}

// Work mints the mail's token, if it has one, renders the mail in the
// user's language and sends it.
func (w *MailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	a := job.Args
	if a.UserID == "" {
		return nil
	}
	u, err := w.Store.UserByID(ctx, a.UserID)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil // the account is gone
	}
	if err != nil {
		return err
	}
	locale, err := w.Store.UserLocale(ctx, u.ID)
	if err != nil {
		return err
	}
	to := u.Email
	if a.Mail == mail.KindChangeEmail {
		to = a.Email
	}
	data := mail.Data{Name: u.Name, IP: a.IP, Device: a.Device, When: formatWhen(a.At, locale)}
	if purpose, ok := mailPurpose[a.Mail]; ok {
		token := piloto.RandomToken()
		now := w.Clock.Now()
		if err := w.Store.CreateUserToken(ctx, UserToken{
			Hash: piloto.TokenHash(token), UserID: u.ID, Purpose: purpose, Email: to,
			CreatedAt: now, ExpiresAt: now.Add(tokenLifetimes[purpose]),
		}); err != nil {
			return err
		}
		data.Link = w.AppURL + mailPath[purpose] + "?token=" + token
	} else {
		data.Link = w.AppURL + "/esqueci-senha"
	}
	m, err := mail.Render(a.Mail, locale, to, data)
	if err != nil {
		return err
	}
	return w.Sender.Send(ctx, m)
}

func formatWhen(t time.Time, locale string) string {
	t = t.In(piloto.SaoPaulo)
	if locale == mail.LocaleEN {
		return t.Format("Jan 2, 2006 at 15:04 (São Paulo time)")
	}
	return t.Format("02/01/2006 às 15:04 (horário de Brasília)")
}

// deviceHash is how a browser's device cookie is stored.
func deviceHash(device string) string {
	sum := sha256.Sum256([]byte("device\x00" + device))
	return hex.EncodeToString(sum[:])
}

// NewDeviceID returns a value for a new browser's device cookie.
func NewDeviceID() string { return piloto.RandomToken() }

func (s *Service) enqueueMail(ctx context.Context, args MailArgs) error {
	if args.At.IsZero() {
		args.At = s.clock.Now()
	}
	return s.jobs.Enqueue(ctx, args)
}

// noteDevice records the browser a user signed in from and mails the user
// when it is new to the account (not on sign-up: every browser is new then).
func (s *Service) noteDevice(ctx context.Context, userID string, c Client, mailIfNew bool) error {
	if c.Device == "" {
		return nil
	}
	known, err := s.accounts.RememberDevice(ctx, userID, deviceHash(c.Device), s.clock.Now())
	if err != nil || known || !mailIfNew {
		return err
	}
	return s.enqueueMail(ctx, MailArgs{Mail: mail.KindNewLogin, UserID: userID, IP: c.IP, Device: describeBrowser(c.UserAgent)})
}

// describeBrowser turns a User-Agent into a short description for people.
func describeBrowser(ua string) string {
	browser, system := "Navegador", ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	if system == "" {
		return browser
	}
	return fmt.Sprintf("%s no %s", browser, system)
}

// ResendVerification mails the signed-in user a new verification link, at
// most three times a minute. EINVALID when the email is verified already.
func (s *Service) ResendVerification(ctx context.Context, id *Identity) error {
	if id.User.EmailVerifiedAt != nil {
		return piloto.Errorf(piloto.EINVALID, "Seu e-mail já está confirmado.")
	}
	if err := s.limits.Allow(ctx, "verify-resend:"+id.User.ID, 3); err != nil {
		return err
	}
	return s.enqueueMail(ctx, MailArgs{Mail: mail.KindVerifyEmail, UserID: id.User.ID})
}

// VerifyEmail uses a verification or email-change token. EINVALID for a
// reused, expired or unknown token.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, errInvalidLink
	}
	return s.accounts.VerifyEmailWithToken(ctx, piloto.TokenHash(token), s.clock.Now())
}

var errInvalidLink = piloto.Invalid("Este link é inválido, já foi usado ou expirou. Peça um novo.",
	map[string]string{"token": "link inválido, usado ou expirado"})

// RequestPasswordReset enqueues a reset mail. It answers the same, and does
// the same work (one job), whether or not the email has an account; the job
// of an unknown email sends nothing.
func (s *Service) RequestPasswordReset(ctx context.Context, email string, c Client) error {
	args := MailArgs{Mail: mail.KindResetPassword, IP: c.IP}
	if e := NormalizeEmail(email); e != "" {
		u, err := s.store.UserByEmail(ctx, e)
		switch {
		case err == nil:
			args.UserID = u.ID
		case piloto.ErrorCode(err) != piloto.ENOTFOUND:
			return err
		}
	}
	return s.enqueueMail(ctx, args)
}

// ResetPassword sets a new password with a reset token, ends every session
// of the user, and signs them in on this browser. Errors: EINVALID for a bad
// token or an unacceptable password.
func (s *Service) ResetPassword(ctx context.Context, token, password string, c Client) (*Grant, error) {
	if msg := CheckPassword(password); msg != "" {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{"password": msg})
	}
	if token == "" {
		return nil, errInvalidLink
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	u, err := s.accounts.ResetPasswordWithToken(ctx, piloto.TokenHash(token), hash, s.clock.Now())
	if err != nil {
		return nil, err
	}
	if err := s.store.ClearLoginFailures(ctx, u.Email); err != nil {
		return nil, err
	}
	if err := s.enqueueMail(ctx, MailArgs{Mail: mail.KindPasswordChanged, UserID: u.ID, IP: c.IP}); err != nil {
		return nil, err
	}
	return s.openSession(ctx, u, c)
}

// openSession signs a user in on a new session in their first organization.
func (s *Service) openSession(ctx context.Context, u *User, c Client) (*Grant, error) {
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, piloto.Errorf(piloto.EFORBIDDEN, "Sua conta não participa de nenhuma organização.")
	}
	sess := s.newSession(u.ID, ms[0].ID, c)
	refresh := piloto.RandomToken()
	if err := s.store.CreateSession(ctx, sess, piloto.TokenHash(refresh)); err != nil {
		return nil, err
	}
	if err := s.noteDevice(ctx, u.ID, c, false); err != nil {
		return nil, err
	}
	id := &Identity{User: u, Session: sess, Organization: ms[0].Organization, Role: ms[0].Role}
	return s.grant(id, ms, refresh)
}

// ChangePasswordRequest changes the signed-in user's password.
type ChangePasswordRequest struct {
	CurrentPassword  string `json:"current_password"`
	NewPassword      string `json:"new_password"`
	EndOtherSessions bool   `json:"end_other_sessions"`
}

// ChangePassword checks the current password, sets the new one, optionally
// ends the user's other sessions, and mails the user. A user without a
// password (Google only) sets a first one without a current one. EINVALID
// with fields.
func (s *Service) ChangePassword(ctx context.Context, id *Identity, req ChangePasswordRequest, c Client) error {
	if utf8Len(req.CurrentPassword) > MaxPasswordLen {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"current_password": "Senha atual incorreta."})
	}
	if msg := CheckPassword(req.NewPassword); msg != "" {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"new_password": msg})
	}
	if id.User.PasswordHash != "" {
		ok, _, err := s.hasher.Verify(ctx, req.CurrentPassword, id.User.PasswordHash)
		if err != nil {
			return err
		}
		if !ok {
			return piloto.Invalid("Confira os campos destacados.", map[string]string{"current_password": "Senha atual incorreta."})
		}
	}
	hash, err := s.hasher.Hash(ctx, req.NewPassword)
	if err != nil {
		return err
	}
	if err := s.store.SetPasswordHash(ctx, id.User.ID, hash, s.clock.Now()); err != nil {
		return err
	}
	if req.EndOtherSessions {
		if err := s.accounts.RevokeOtherSessions(ctx, id.User.ID, id.Session.ID, s.clock.Now()); err != nil {
			return err
		}
	}
	return s.enqueueMail(ctx, MailArgs{Mail: mail.KindPasswordChanged, UserID: id.User.ID, IP: c.IP})
}

// ChangeEmailRequest asks to move the account to a new address.
type ChangeEmailRequest struct {
	Password string `json:"password"`
	NewEmail string `json:"new_email"`
}

// RequestEmailChange checks the password and mails a confirmation link to
// the new address; the email changes when the link is used. EINVALID with
// fields (wrong password, invalid or taken address).
func (s *Service) RequestEmailChange(ctx context.Context, id *Identity, req ChangeEmailRequest) error {
	email := NormalizeEmail(req.NewEmail)
	if email == "" {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"new_email": "Informe um e-mail válido."})
	}
	if email == id.User.Email {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"new_email": "Este já é o seu e-mail."})
	}
	if utf8Len(req.Password) > MaxPasswordLen {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"password": "Senha incorreta."})
	}
	ok, _, err := s.hasher.Verify(ctx, req.Password, id.User.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"password": "Senha incorreta."})
	}
	if _, err := s.store.UserByEmail(ctx, email); err == nil {
		return piloto.Invalid("Confira os campos destacados.", map[string]string{"new_email": "Este e-mail já está em uso em outra conta."})
	} else if piloto.ErrorCode(err) != piloto.ENOTFOUND {
		return err
	}
	return s.enqueueMail(ctx, MailArgs{Mail: mail.KindChangeEmail, UserID: id.User.ID, Email: email})
}

// SessionInfo is one of the user's sessions as the Security page shows it.
type SessionInfo struct {
	ID         string    `json:"id"`
	Device     string    `json:"device"`
	UserAgent  string    `json:"user_agent"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	Current    bool      `json:"current"`
}

// Sessions lists the signed-in user's open sessions, the current one marked.
func (s *Service) Sessions(ctx context.Context, id *Identity) ([]SessionInfo, error) {
	list, err := s.accounts.UserSessions(ctx, id.User.ID, s.clock.Now())
	if err != nil {
		return nil, err
	}
	out := make([]SessionInfo, 0, len(list))
	for _, x := range list {
		out = append(out, SessionInfo{
			ID: x.ID, Device: describeBrowser(x.UserAgent), UserAgent: x.UserAgent, IP: x.IP,
			CreatedAt: x.CreatedAt, LastUsedAt: x.LastUsedAt, Current: x.ID == id.Session.ID,
		})
	}
	return out, nil
}
