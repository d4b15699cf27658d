package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/mail"
)

// UserByID returns the user, or ENOTFOUND.
func (db *DB) UserByID(ctx context.Context, id string) (*auth.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// CreateUserToken stores the hash of a single-use token and voids the
// user's earlier unused tokens of the same purpose, so only the newest link
// works.
func (db *DB) CreateUserToken(ctx context.Context, t auth.UserToken) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			DELETE FROM user_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
			t.UserID, t.Purpose); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO user_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			t.Hash, t.UserID, t.Purpose, t.Email, t.CreatedAt, t.ExpiresAt)
		return err
	})
}

var errBadToken = piloto.Invalid("Este link é inválido, já foi usado ou expirou. Peça um novo.",
	map[string]string{"token": "link inválido, usado ou expirado"})

// useToken marks an unused, unexpired token of one of the purposes used and
// returns it, or EINVALID.
func useToken(ctx context.Context, tx *sql.Tx, hash string, now time.Time, purposes ...string) (*auth.UserToken, error) {
	var t auth.UserToken
	err := tx.QueryRowContext(ctx, `
		SELECT token_hash, user_id, purpose, email, created_at, expires_at FROM user_tokens
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, hash, now).
		Scan(&t.Hash, &t.UserID, &t.Purpose, &t.Email, &t.CreatedAt, &t.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, err
	}
	ok := false
	for _, p := range purposes {
		ok = ok || t.Purpose == p
	}
	if !ok {
		return nil, errBadToken
	}
	if _, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = $2 WHERE token_hash = $1`, hash, now); err != nil {
		return nil, err
	}
	return &t, nil
}

// VerifyEmailWithToken uses a verification or email-change token: the
// token's address becomes the user's verified email. It returns the user
// afterwards; EINVALID for a bad token, or when the new address was taken
// meanwhile.
func (db *DB) VerifyEmailWithToken(ctx context.Context, hash string, now time.Time) (*auth.User, error) {
	var u *auth.User
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		t, err := useToken(ctx, tx, hash, now, auth.PurposeVerifyEmail, auth.PurposeChangeEmail)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3
			WHERE id = $1 AND ($4 = 'change_email' OR email = $2)`, t.UserID, t.Email, now, t.Purpose)
		if isUniqueViolation(err) {
			return piloto.Invalid("Este e-mail já está em uso em outra conta.", map[string]string{"token": "e-mail já em uso"})
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errBadToken // the address changed since the mail was sent
		}
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, t.UserID))
		return err
	})
	return u, err
}

// ResetPasswordWithToken uses a reset token: sets the password hash, marks
// the email verified (the mail reached its owner) and revokes every session
// of the user, in one transaction. EINVALID for a bad token.
func (db *DB) ResetPasswordWithToken(ctx context.Context, hash, passwordHash string, now time.Time) (*auth.User, error) {
	var u *auth.User
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		t, err := useToken(ctx, tx, hash, now, auth.PurposeResetPassword)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE users SET password_hash = $2, updated_at = $3,
			       email_verified_at = COALESCE(email_verified_at, $3)
			WHERE id = $1`, t.UserID, passwordHash, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, t.UserID, now); err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, t.UserID))
		return err
	})
	return u, err
}

// RememberDevice records that the user signed in from the browser and
// reports whether it had before.
func (db *DB) RememberDevice(ctx context.Context, userID, deviceHash string, now time.Time) (known bool, err error) {
	res, err := db.write.ExecContext(ctx, `
		INSERT INTO user_devices (user_id, device_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, device_hash) DO NOTHING`, userID, deviceHash, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 0, err
}

// UserSessions lists the user's sessions that are neither revoked nor
// expired at now, most recently used first.
func (db *DB) UserSessions(ctx context.Context, userID string, now time.Time) ([]auth.Session, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT `+sessionColumns+` FROM sessions s
		WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
		ORDER BY s.last_used_at DESC, s.id`, userID, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auth.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// RevokeOtherSessions ends every session of the user but keep.
func (db *DB) RevokeOtherSessions(ctx context.Context, userID, keep string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `
		UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
		userID, keep, now)
	return err
}

// SetUserLocale sets the language of the user's mail.
func (db *DB) SetUserLocale(ctx context.Context, userID, locale string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE users SET locale = $2 WHERE id = $1`, userID, locale)
	return err
}

// UserLocale returns the language of the user's mail.
func (db *DB) UserLocale(ctx context.Context, userID string) (string, error) {
	var l string
	err := db.read.QueryRowContext(ctx, `SELECT locale FROM users WHERE id = $1`, userID).Scan(&l)
	return l, err
}

// AddToOutbox keeps a mail instead of sending it (development).
func (db *DB) AddToOutbox(ctx context.Context, m mail.Kept) error {
	_, err := db.write.ExecContext(ctx, `
		INSERT INTO outbox (id, to_addr, subject, text_body, html_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		m.ID, m.To, m.Subject, m.Text, m.HTML, m.CreatedAt)
	return err
}

// Outbox returns the newest kept mail, newest first.
func (db *DB) Outbox(ctx context.Context, limit int) ([]mail.Kept, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, to_addr, subject, text_body, html_body, created_at FROM outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []mail.Kept{}
	for rows.Next() {
		var m mail.Kept
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.HTML, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.CreatedAt = utc(m.CreatedAt)
		out = append(out, m)
	}
	return out, rows.Err()
}

// DeleteUser removes a user with, by cascade, their sessions, tokens,
// identities and memberships. ENOTFOUND.
func (db *DB) DeleteUser(ctx context.Context, userID string) error {
	res, err := db.write.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, userID)
	return mustAffect(res, err, piloto.Errorf(piloto.ENOTFOUND, "Usuário não encontrado."))
}
