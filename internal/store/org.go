package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/auth"
	"github.com/pilotodevendas/piloto/internal/org"
)

var errOrgNotFound = piloto.Errorf(piloto.ENOTFOUND, "Organização não encontrada.")

// Organization returns the organization, or ENOTFOUND.
func (db *DB) Organization(ctx context.Context, orgID string) (*org.Organization, error) {
	var o org.Organization
	err := db.read.QueryRowContext(ctx, `SELECT id, name, time_zone, round_robin, created_at FROM organizations WHERE id = $1`, orgID).
		Scan(&o.ID, &o.Name, &o.TimeZone, &o.RoundRobin, &o.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errOrgNotFound
	}
	o.CreatedAt = utc(o.CreatedAt)
	return &o, err
}

// CreateOrganization stores an organization with ownerID as its owner.
func (db *DB) CreateOrganization(ctx context.Context, o *org.Organization, ownerID string) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4)`,
			o.ID, o.Name, o.TimeZone, o.CreatedAt); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
			o.ID, ownerID, o.CreatedAt)
		return err
	})
}

// UpdateOrganization sets the organization's name, time zone and
// round-robin setting, with an organization.updated event.
func (db *DB) UpdateOrganization(ctx context.Context, orgID, name, timeZone string, roundRobin bool, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE organizations SET name = $2, time_zone = $3, round_robin = $4 WHERE id = $1`,
			orgID, name, timeZone, roundRobin)
		if err := mustAffect(res, err, errOrgNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "organization.updated", orgID, map[string]string{"name": name, "time_zone": timeZone}, org.RoleMember, now)
	})
}

// DeleteOrganization removes the organization and everything of it
// (memberships, sessions in it, invitations, its audit log).
func (db *DB) DeleteOrganization(ctx context.Context, orgID string) error {
	res, err := db.write.ExecContext(ctx, `DELETE FROM organizations WHERE id = $1`, orgID)
	return mustAffect(res, err, errOrgNotFound)
}

func mustAffect(res sql.Result, err error, none error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return none
	}
	return nil
}

// Members lists the organization's members, owners first, then by name.
func (db *DB) Members(ctx context.Context, orgID string) ([]org.Member, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT u.id, u.name, u.email, m.role, m.created_at, m.available
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1
		ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, u.name, u.id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []org.Member{}
	for rows.Next() {
		var m org.Member
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Role, &m.JoinedAt, &m.Available); err != nil {
			return nil, err
		}
		m.JoinedAt = utc(m.JoinedAt)
		out = append(out, m)
	}
	return out, rows.Err()
}

var errMemberNotFound = piloto.Errorf(piloto.ENOTFOUND, "Membro não encontrado.")
var errLastOwner = piloto.Errorf(piloto.ECONFLICT, "A organização precisa de pelo menos um proprietário. Promova outra pessoa antes.")

// changeMember applies change to a member of the organization unless it would
// leave the organization without an owner (ECONFLICT). ENOTFOUND when the
// user is not a member.
func (db *DB) changeMember(ctx context.Context, orgID, userID string, keepsOwner bool, now time.Time, change string, args ...any) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2`, orgID, userID).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return errMemberNotFound
		}
		if err != nil {
			return err
		}
		if role == string(org.RoleOwner) && !keepsOwner {
			var owners int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'owner'`, orgID).Scan(&owners); err != nil {
				return err
			}
			if owners <= 1 {
				return errLastOwner
			}
		}
		if _, err = tx.ExecContext(ctx, change, append([]any{orgID, userID}, args...)...); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "members.changed", userID, nil, org.RoleMember, now)
	})
}

// SetMemberRole changes a member's role. ENOTFOUND; ECONFLICT when it would
// demote the last owner.
func (db *DB) SetMemberRole(ctx context.Context, orgID, userID string, role org.Role, now time.Time) error {
	return db.changeMember(ctx, orgID, userID, role == org.RoleOwner, now,
		`UPDATE memberships SET role = $3 WHERE organization_id = $1 AND user_id = $2`, role)
}

// RemoveMember takes a member out of the organization; their sessions in it
// stop at once (every request loads the membership). ENOTFOUND; ECONFLICT for
// the last owner.
func (db *DB) RemoveMember(ctx context.Context, orgID, userID string, now time.Time) error {
	return db.changeMember(ctx, orgID, userID, false, now,
		`DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2`)
}

const invitationColumns = `i.id, i.organization_id, i.email, i.role, COALESCE(u.name, ''), i.created_at, i.expires_at, i.accepted_at, i.revoked_at`

func scanInvitation(row interface{ Scan(...any) error }) (*org.Invitation, error) {
	var i org.Invitation
	if err := row.Scan(&i.ID, &i.OrganizationID, &i.Email, &i.Role, &i.InvitedBy, &i.CreatedAt, &i.ExpiresAt, &i.AcceptedAt, &i.RevokedAt); err != nil {
		return nil, err
	}
	i.CreatedAt, i.ExpiresAt = utc(i.CreatedAt), utc(i.ExpiresAt)
	i.AcceptedAt, i.RevokedAt = utcPtr(i.AcceptedAt), utcPtr(i.RevokedAt)
	return &i, nil
}

var errInvitationNotFound = piloto.Errorf(piloto.ENOTFOUND, "Convite não encontrado.")

// Invitations lists the organization's invitations, newest first.
func (db *DB) Invitations(ctx context.Context, orgID string) ([]org.Invitation, error) {
	return listRows(ctx, db.read, scanInvitation, `
		SELECT `+invitationColumns+` FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
		WHERE i.organization_id = $1 ORDER BY i.created_at DESC, i.id`, orgID)
}

// Invitation returns one invitation of the organization, or ENOTFOUND.
func (db *DB) Invitation(ctx context.Context, orgID, id string) (*org.Invitation, error) {
	i, err := scanInvitation(db.read.QueryRowContext(ctx, `
		SELECT `+invitationColumns+` FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
		WHERE i.organization_id = $1 AND i.id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errInvitationNotFound
	}
	return i, err
}

// CreateInvitation stores an invitation. ECONFLICT when the email already
// has a pending one in the organization, or is a member.
func (db *DB) CreateInvitation(ctx context.Context, i *org.Invitation, invitedBy string, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = $1 AND u.email = $2`, i.OrganizationID, i.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return piloto.Errorf(piloto.ECONFLICT, "Esta pessoa já faz parte da organização.")
		}
		if err := tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM invitations
			WHERE organization_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3`,
			i.OrganizationID, i.Email, now).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return piloto.Errorf(piloto.ECONFLICT, "Já há um convite pendente para este e-mail. Reenvie-o.")
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO invitations (id, organization_id, email, role, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			i.ID, i.OrganizationID, i.Email, i.Role, nullString(invitedBy), i.CreatedAt, i.ExpiresAt); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, i.OrganizationID, "invitations.changed", i.ID, nil, org.RoleAdmin, now)
	})
}

// RevokeInvitation revokes a pending invitation of the organization.
// ENOTFOUND for none pending.
func (db *DB) RevokeInvitation(ctx context.Context, orgID, id string, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE invitations SET revoked_at = $3, token_hash = NULL
			WHERE organization_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`, orgID, id, now)
		if err := mustAffect(res, err, errInvitationNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "invitations.changed", id, nil, org.RoleAdmin, now)
	})
}

// RenewInvitation gives a pending or expired invitation a new expiry and
// voids its link (the resend mail mints a new one). ENOTFOUND when it was
// accepted or revoked.
func (db *DB) RenewInvitation(ctx context.Context, orgID, id string, expires time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE invitations SET expires_at = $3, token_hash = NULL
			WHERE organization_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`, orgID, id, expires)
		if err := mustAffect(res, err, errInvitationNotFound); err != nil {
			return err
		}
		return db.recordEvent(ctx, tx, orgID, "invitations.changed", id, nil, org.RoleAdmin, expires.Add(-org.InvitationLifetime))
	})
}

// SetInvitationToken stores the hash of the invitation's link token,
// replacing the last.
func (db *DB) SetInvitationToken(ctx context.Context, id, hash string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE invitations SET token_hash = $2 WHERE id = $1`, id, hash)
	return err
}

// InvitationByID returns an invitation with its organization's name, for its
// mail.
func (db *DB) InvitationByID(ctx context.Context, id string) (*org.Invitation, string, error) {
	return db.invitationWhere(ctx, `i.id = $1`, id)
}

// InvitationByToken returns the invitation of a link token with its
// organization's name, or ENOTFOUND.
func (db *DB) InvitationByToken(ctx context.Context, hash string) (*org.Invitation, string, error) {
	return db.invitationWhere(ctx, `i.token_hash = $1`, hash)
}

func (db *DB) invitationWhere(ctx context.Context, where string, arg string) (*org.Invitation, string, error) {
	var orgName string
	row := db.read.QueryRowContext(ctx, `
		SELECT `+invitationColumns+`, o.name FROM invitations i
		JOIN organizations o ON o.id = i.organization_id
		LEFT JOIN users u ON u.id = i.invited_by
		WHERE `+where, arg)
	var i org.Invitation
	err := row.Scan(&i.ID, &i.OrganizationID, &i.Email, &i.Role, &i.InvitedBy, &i.CreatedAt, &i.ExpiresAt, &i.AcceptedAt, &i.RevokedAt, &orgName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", errInvitationNotFound
	}
	if err != nil {
		return nil, "", err
	}
	i.CreatedAt, i.ExpiresAt = utc(i.CreatedAt), utc(i.ExpiresAt)
	i.AcceptedAt, i.RevokedAt = utcPtr(i.AcceptedAt), utcPtr(i.RevokedAt)
	return &i, orgName, nil
}

// AcceptInvitation uses an invitation's link for userID: the invitation is
// marked accepted and the user becomes a member with its role (a member
// already keeps their role). EINVALID when the link is not pending at now.
func (db *DB) AcceptInvitation(ctx context.Context, hash, userID string, now time.Time) (*org.Invitation, error) {
	var inv *org.Invitation
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		return db.acceptInvitation(ctx, tx, hash, userID, now, &inv)
	})
	return inv, err
}

var errBadInvitation = piloto.Invalid("Este convite é inválido, foi revogado, já foi usado ou expirou. Peça um novo.",
	map[string]string{"token": "convite inválido, usado ou expirado"})

func (db *DB) acceptInvitation(ctx context.Context, tx *sql.Tx, hash, userID string, now time.Time, out **org.Invitation) error {
	row := tx.QueryRowContext(ctx, `
		SELECT `+invitationColumns+` FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
		WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2`, hash, now)
	inv, err := scanInvitation(row)
	if errors.Is(err, sql.ErrNoRows) {
		return errBadInvitation
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $2, token_hash = NULL WHERE id = $1`, inv.ID, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (organization_id, user_id) DO NOTHING`, inv.OrganizationID, userID, inv.Role, now); err != nil {
		return err
	}
	*out = inv
	return db.recordEvent(ctx, tx, inv.OrganizationID, "members.changed", userID, nil, org.RoleMember, now)
}

// CreateInvitedUser creates a user from an invitation's link — their email,
// verified by the link — makes them a member with the invitation's role,
// and opens their first session, in one transaction. EINVALID when the link
// is not pending; ECONFLICT when the email has an account.
func (db *DB) CreateInvitedUser(ctx context.Context, u *auth.User, hash string, s *auth.Session, refreshHash string, now time.Time) (*org.Invitation, error) {
	var inv *org.Invitation
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5, $5)`, u.ID, u.Email, u.Name, u.PasswordHash, now)
		if isUniqueViolation(err) {
			return piloto.Errorf(piloto.ECONFLICT, "Já existe uma conta com este e-mail. Entre para aceitar o convite.")
		}
		if err != nil {
			return err
		}
		if err := db.acceptInvitation(ctx, tx, hash, u.ID, now, &inv); err != nil {
			return err
		}
		if !strings.EqualFold(inv.Email, u.Email) {
			return errBadInvitation
		}
		s.OrganizationID = inv.OrganizationID
		return insertSession(ctx, tx, s, refreshHash)
	})
	return inv, err
}

// SetSessionOrganization moves a session to another organization of its
// user. ENOTFOUND when the user is not a member of it.
func (db *DB) SetSessionOrganization(ctx context.Context, sessionID, userID, orgID string) error {
	res, err := db.write.ExecContext(ctx, `
		UPDATE sessions SET organization_id = $3
		WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
		  AND EXISTS (SELECT 1 FROM memberships WHERE organization_id = $3 AND user_id = $2)`, sessionID, userID, orgID)
	return mustAffect(res, err, errOrgNotFound)
}
