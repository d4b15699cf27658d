package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/org"
)

// CreateAccount stores a user, their organization (the user as owner), and a
// first session with its refresh token (unless s is nil), in one
// transaction. It returns
// ECONFLICT when the email is taken.
func (db *DB) CreateAccount(ctx context.Context, u *auth.User, o *org.Organization, s *auth.Session, refreshHash string) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)`,
			u.ID, u.Email, u.Name, u.PasswordHash, u.EmailVerifiedAt, u.CreatedAt)
		if isUniqueViolation(err) {
			return piloto.Errorf(piloto.ECONFLICT, "email taken")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO organizations (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4)`,
			o.ID, o.Name, o.TimeZone, o.CreatedAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)`,
			o.ID, u.ID, org.RoleOwner, o.CreatedAt); err != nil {
			return err
		}
		if s == nil {
			return nil
		}
		return insertSession(ctx, tx, s, refreshHash)
	})
}

const userColumns = `id, email, name, password_hash, email_verified_at, created_at`

func scanUser(row interface{ Scan(...any) error }) (*auth.User, error) {
	var u auth.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.EmailVerifiedAt, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, piloto.Errorf(piloto.ENOTFOUND, "Usuário não encontrado.")
	}
	if err != nil {
		return nil, err
	}
	u.CreatedAt = utc(u.CreatedAt)
	u.EmailVerifiedAt = utcPtr(u.EmailVerifiedAt)
	u.HasPassword = u.PasswordHash != ""
	return &u, nil
}

// UserByEmail returns the user with the (lower-case) email, or ENOTFOUND.
func (db *DB) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
}

// SetPasswordHash replaces a user's password hash.
func (db *DB) SetPasswordHash(ctx context.Context, userID, hash string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`,
		userID, hash, now)
	return err
}

// Memberships lists the user's organizations, oldest membership first.
func (db *DB) Memberships(ctx context.Context, userID string) ([]org.Membership, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT o.id, o.name, o.time_zone, o.created_at, m.role
		FROM memberships m
		JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = $1
		ORDER BY m.created_at, o.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Membership
	for rows.Next() {
		var m org.Membership
		if err := rows.Scan(&m.ID, &m.Name, &m.TimeZone, &m.CreatedAt, &m.Role); err != nil {
			return nil, err
		}
		m.CreatedAt = utc(m.CreatedAt)
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateSession stores a session and its first refresh token.
func (db *DB) CreateSession(ctx context.Context, s *auth.Session, refreshHash string) error {
	return db.InTx(ctx, func(tx *sql.Tx) error { return insertSession(ctx, tx, s, refreshHash) })
}

func insertSession(ctx context.Context, tx *sql.Tx, s *auth.Session, refreshHash string) error {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO sessions (id, user_id, organization_id, created_at, last_used_at, expires_at, user_agent, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.ID, s.UserID, s.OrganizationID, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.UserAgent, s.IP); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES ($1, $2, $3)`,
		refreshHash, s.ID, s.CreatedAt)
	return err
}

const sessionColumns = `s.id, s.user_id, s.organization_id, s.created_at, s.last_used_at, s.expires_at, s.revoked_at, s.user_agent, s.ip`

func scanSession(row interface{ Scan(...any) error }, extra ...any) (*auth.Session, error) {
	var s auth.Session
	dest := append([]any{&s.ID, &s.UserID, &s.OrganizationID, &s.CreatedAt, &s.LastUsedAt, &s.ExpiresAt,
		&s.RevokedAt, &s.UserAgent, &s.IP}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastUsedAt, s.ExpiresAt = utc(s.CreatedAt), utc(s.LastUsedAt), utc(s.ExpiresAt)
	s.RevokedAt = utcPtr(s.RevokedAt)
	return &s, nil
}

// SessionIdentity loads a session that is neither revoked nor expired at now,
// its user and the user's membership of the session's organization, or
// returns ENOTFOUND.
func (db *DB) SessionIdentity(ctx context.Context, sessionID string, now time.Time) (*auth.Identity, error) {
	var (
		id   auth.Identity
		u    auth.User
		role string
	)
	row := db.read.QueryRowContext(ctx, `
		SELECT `+sessionColumns+`,
		       u.id, u.email, u.name, u.password_hash, u.email_verified_at, u.created_at,
		       o.id, o.name, o.time_zone, o.created_at, m.role
		FROM sessions s
		JOIN users u ON u.id = s.user_id
		JOIN memberships m ON m.user_id = s.user_id AND m.organization_id = s.organization_id
		JOIN organizations o ON o.id = s.organization_id
		WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`, sessionID, now)
	sess, err := scanSession(row,
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.EmailVerifiedAt, &u.CreatedAt,
		&id.Organization.ID, &id.Organization.Name, &id.Organization.TimeZone, &id.Organization.CreatedAt, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, piloto.Errorf(piloto.ENOTFOUND, "Sessão não encontrada.")
	}
	if err != nil {
		return nil, err
	}
	u.CreatedAt, u.EmailVerifiedAt = utc(u.CreatedAt), utcPtr(u.EmailVerifiedAt)
	u.HasPassword = u.PasswordHash != ""
	id.Organization.CreatedAt = utc(id.Organization.CreatedAt)
	id.User, id.Session, id.Role = &u, sess, org.Role(role)
	return &id, nil
}

// RotateRefresh rotates the presented refresh token under a lock on its
// session (a row lock on PostgreSQL; SQLite's single writer serialises the
// whole transaction):
//   - unknown token, or a session revoked, past expiry or idle: RefreshDead;
//   - the current token: it is marked used, its successor becomes current,
//     the session's last use moves to now: RefreshRotated;
//   - the parent of the current token, used within the reuse interval:
//     RefreshReplayed, nothing changes;
//   - any other used token: the session is revoked: RefreshReused (the
//     session is returned, for the audit log).
func (db *DB) RotateRefresh(ctx context.Context, req auth.RotateRequest) (outcome auth.RefreshOutcome, sess *auth.Session, err error) {
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		var sessionID string
		err := tx.QueryRowContext(ctx, `SELECT session_id FROM refresh_tokens WHERE token_hash = $1`,
			req.PresentedHash).Scan(&sessionID)
		if errors.Is(err, sql.ErrNoRows) {
			outcome = auth.RefreshDead
			return nil
		}
		if err != nil {
			return err
		}
		lock := ""
		if db.Dialect == Postgres {
			lock = " FOR UPDATE"
		}
		sess, err = scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions s WHERE s.id = $1`+lock, sessionID))
		if err != nil {
			return err
		}
		if sess.RevokedAt != nil || !req.Now.Before(sess.ExpiresAt) || req.Now.Sub(sess.LastUsedAt) > req.IdleTimeout {
			outcome, sess = auth.RefreshDead, nil
			return nil
		}
		var usedAt *time.Time
		if err := tx.QueryRowContext(ctx, `SELECT used_at FROM refresh_tokens WHERE token_hash = $1`,
			req.PresentedHash).Scan(&usedAt); err != nil {
			return err
		}
		if usedAt == nil {
			if _, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1`,
				req.PresentedHash, req.Now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES ($1, $2, $3)`,
				req.SuccessorHash, sessionID, req.Now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE sessions SET last_used_at = $2 WHERE id = $1`,
				sessionID, req.Now); err != nil {
				return err
			}
			sess.LastUsedAt = req.Now
			outcome = auth.RefreshRotated
			return nil
		}
		var successorCurrent int
		if err := tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = $1 AND session_id = $2 AND used_at IS NULL`,
			req.SuccessorHash, sessionID).Scan(&successorCurrent); err != nil {
			return err
		}
		if successorCurrent == 1 && req.Now.Sub(utc(*usedAt)) <= req.ReuseInterval {
			outcome = auth.RefreshReplayed
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2 WHERE id = $1`, sessionID, req.Now); err != nil {
			return err
		}
		outcome = auth.RefreshReused
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return outcome, sess, nil
}

// SessionIDByRefresh returns the session a refresh token belongs to, or
// ENOTFOUND.
func (db *DB) SessionIDByRefresh(ctx context.Context, refreshHash string) (string, error) {
	var id string
	err := db.read.QueryRowContext(ctx, `SELECT session_id FROM refresh_tokens WHERE token_hash = $1`, refreshHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", piloto.Errorf(piloto.ENOTFOUND, "Sessão não encontrada.")
	}
	return id, err
}

// RevokeSession ends one session of the user; a session of another user, or
// none, returns ENOTFOUND.
func (db *DB) RevokeSession(ctx context.Context, userID, sessionID string, now time.Time) error {
	res, err := db.write.ExecContext(ctx, `
		UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
		sessionID, userID, now)
	return mustAffect(res, err, piloto.Errorf(piloto.ENOTFOUND, "Sessão não encontrada."))
}

// RevokeSessionByRefresh ends the session the refresh token (used or not)
// belongs to; an unknown token changes nothing.
func (db *DB) RevokeSessionByRefresh(ctx context.Context, refreshHash string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `
		UPDATE sessions SET revoked_at = $2
		WHERE revoked_at IS NULL AND id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)`,
		refreshHash, now)
	return err
}

// RevokeUserSessions ends every session of the user.
func (db *DB) RevokeUserSessions(ctx context.Context, userID string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
		userID, now)
	return err
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// HitRateLimit adds a hit to key's window and returns the window's hits.
func (db *DB) HitRateLimit(ctx context.Context, key string, windowStart time.Time) (int, error) {
	var n int
	err := db.write.QueryRowContext(ctx, `
		INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
		RETURNING hits`, key, windowStart).Scan(&n)
	return n, err
}

// DeleteRateLimitsBefore removes windows that started before cutoff.
func (db *DB) DeleteRateLimitsBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return db.execCount(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, cutoff)
}

// LoginFailures returns the consecutive failed logins of an account and when
// the last one was (0 and the zero time when there are none).
func (db *DB) LoginFailures(ctx context.Context, account string) (int, time.Time, error) {
	var (
		n    int
		last time.Time
	)
	err := db.write.QueryRowContext(ctx, `SELECT failures, last_failed_at FROM login_failures WHERE account = $1`,
		account).Scan(&n, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	return n, utc(last), err
}

// RecordLoginFailure counts a failed login of the account at now.
func (db *DB) RecordLoginFailure(ctx context.Context, account string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `
		INSERT INTO login_failures (account, failures, last_failed_at) VALUES ($1, 1, $2)
		ON CONFLICT (account) DO UPDATE SET failures = login_failures.failures + 1, last_failed_at = excluded.last_failed_at`,
		account, now)
	return err
}

// ClearLoginFailures forgets an account's failed logins.
func (db *DB) ClearLoginFailures(ctx context.Context, account string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM login_failures WHERE account = $1`, account)
	return err
}

// DeleteLoginFailuresBefore forgets failed logins whose last failure was
// before cutoff.
func (db *DB) DeleteLoginFailuresBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return db.execCount(ctx, `DELETE FROM login_failures WHERE last_failed_at < $1`, cutoff)
}

// DeleteSessionsEndedBefore removes sessions (and their refresh tokens) that
// expired or were revoked before cutoff.
func (db *DB) DeleteSessionsEndedBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return db.execCount(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, cutoff)
}
