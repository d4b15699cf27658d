package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
)

// SaveOAuthState records a state value handed out until expires.
func (db *DB) SaveOAuthState(ctx context.Context, hash string, expires time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO oauth_states (state_hash, expires_at) VALUES ($1, $2)`, hash, expires)
	return err
}

// ConsumeOAuthState uses a state value once: it reports whether the value
// was handed out, unexpired at now and unused.
func (db *DB) ConsumeOAuthState(ctx context.Context, hash string, now time.Time) (bool, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM oauth_states WHERE state_hash = $1 AND expires_at > $2`, hash, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteOAuthStatesBefore removes state values that expired before cutoff.
func (db *DB) DeleteOAuthStatesBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return db.execCount(ctx, `DELETE FROM oauth_states WHERE expires_at < $1`, cutoff)
}

// IdentityUser returns the user an identity belongs to, or ENOTFOUND.
func (db *DB) IdentityUser(ctx context.Context, issuer, subject string) (*auth.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `
		SELECT `+userColumns+` FROM users
		WHERE id = (SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2)`, issuer, subject))
}

// LinkIdentity attaches an identity to a user. With takeOver, the account
// had never verified its email: its password is removed, its email marked
// verified by the provider, and every session it had is ended — whoever
// registered it first keeps no way in.
func (db *DB) LinkIdentity(ctx context.Context, id auth.Identity3P, takeOver bool, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO user_identities (id, user_id, issuer, subject, email, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id.ID, id.UserID, id.Issuer, id.Subject, id.Email, now); err != nil {
			return err
		}
		if !takeOver {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE users SET password_hash = '', email_verified_at = $2, updated_at = $2 WHERE id = $1`, id.UserID, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, id.UserID, now)
		return err
	})
}

// Identities lists a user's sign-in identities.
func (db *DB) Identities(ctx context.Context, userID string) ([]auth.Identity3P, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, user_id, issuer, subject, email, created_at FROM user_identities WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []auth.Identity3P{}
	for rows.Next() {
		var i auth.Identity3P
		if err := rows.Scan(&i.ID, &i.UserID, &i.Issuer, &i.Subject, &i.Email, &i.CreatedAt); err != nil {
			return nil, err
		}
		i.CreatedAt = utc(i.CreatedAt)
		out = append(out, i)
	}
	return out, rows.Err()
}

// UnlinkIdentity removes one of the user's identities unless it is their
// last way to sign in (no password and no other identity): ECONFLICT.
// ENOTFOUND for an identity of someone else.
func (db *DB) UnlinkIdentity(ctx context.Context, userID, id string) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var hash string
		var others int
		err := tx.QueryRowContext(ctx, `
			SELECT u.password_hash, (SELECT COUNT(*) FROM user_identities WHERE user_id = u.id AND id <> $2)
			FROM users u JOIN user_identities i ON i.user_id = u.id
			WHERE u.id = $1 AND i.id = $2`, userID, id).Scan(&hash, &others)
		if errors.Is(err, sql.ErrNoRows) {
			return piloto.Errorf(piloto.ENOTFOUND, "Conexão não encontrada.")
		}
		if err != nil {
			return err
		}
		if hash == "" && others == 0 {
			return piloto.Errorf(piloto.ECONFLICT, "Esta é a sua única forma de entrar. Defina uma senha antes de desconectar.")
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM user_identities WHERE id = $1 AND user_id = $2`, id, userID)
		return err
	})
}
