package auth

import (
	"context"
	"strings"
	"time"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/org"
)

// InvitationStore is what accepting invitations needs of the database.
type InvitationStore interface {
	InvitationByToken(ctx context.Context, hash string) (*org.Invitation, string, error)
	AcceptInvitation(ctx context.Context, hash, userID string, now time.Time) (*org.Invitation, error)
	CreateInvitedUser(ctx context.Context, u *User, hash string, s *Session, refreshHash string, now time.Time) (*org.Invitation, error)
	SetSessionOrganization(ctx context.Context, sessionID, userID, orgID string) error
}

// InvitationInfo is what the invitation page shows before accepting.
type InvitationInfo struct {
	Organization  string   `json:"organization"`
	Email         string   `json:"email"`
	Role          org.Role `json:"role"`
	InvitedBy     string   `json:"invited_by"`
	AccountExists bool     `json:"account_exists"`
}

var errBadInvitationLink = piloto.Invalid("Este convite é inválido, foi revogado, já foi usado ou expirou. Peça um novo.",
	map[string]string{"token": "convite inválido, usado ou expirado"})

// LookupInvitation describes a pending invitation by its link token.
// EINVALID when the link is not pending.
func (s *Service) LookupInvitation(ctx context.Context, token string) (*InvitationInfo, error) {
	if token == "" {
		return nil, errBadInvitationLink
	}
	inv, orgName, err := s.invitations.InvitationByToken(ctx, piloto.TokenHash(token))
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil, errBadInvitationLink
	}
	if err != nil {
		return nil, err
	}
	if inv.Status(s.clock.Now()) != "pending" {
		return nil, errBadInvitationLink
	}
	info := &InvitationInfo{Organization: orgName, Email: inv.Email, Role: inv.Role, InvitedBy: inv.InvitedBy}
	if _, err := s.store.UserByEmail(ctx, inv.Email); err == nil {
		info.AccountExists = true
	} else if piloto.ErrorCode(err) != piloto.ENOTFOUND {
		return nil, err
	}
	return info, nil
}

// AcceptInvitation makes the signed-in user a member of the invitation's
// organization and moves their session there. The invitation must be for
// their email: EFORBIDDEN otherwise; EINVALID when the link is not pending.
func (s *Service) AcceptInvitation(ctx context.Context, id *Identity, token string) (*Grant, error) {
	if token == "" {
		return nil, errBadInvitationLink
	}
	hash := piloto.TokenHash(token)
	inv, _, err := s.invitations.InvitationByToken(ctx, hash)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil, errBadInvitationLink
	}
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(inv.Email, id.User.Email) {
		return nil, piloto.Errorf(piloto.EFORBIDDEN, "Este convite foi enviado para %s. Entre com esse e-mail para aceitar.", inv.Email)
	}
	if _, err := s.invitations.AcceptInvitation(ctx, hash, id.User.ID, s.clock.Now()); err != nil {
		return nil, err
	}
	return s.SwitchOrganization(ctx, id, inv.OrganizationID)
}

// AcceptInvitationRequest creates an account from an invitation.
type AcceptInvitationRequest struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

// AcceptInvitationAsNewUser creates an account for the invitation's email
// (verified by the link), makes it a member and signs it in. EINVALID;
// ECONFLICT when the email has an account (sign in, then accept).
func (s *Service) AcceptInvitationAsNewUser(ctx context.Context, req AcceptInvitationRequest, c Client) (*Grant, error) {
	fields := map[string]string{}
	checkName(fields, "name", req.Name, "Informe seu nome.")
	if msg := CheckPassword(req.Password); msg != "" {
		fields["password"] = msg
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	info, err := s.LookupInvitation(ctx, req.Token)
	if err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	u := &User{ID: piloto.NewID(), Email: info.Email, Name: strings.TrimSpace(req.Name), CreatedAt: now, EmailVerifiedAt: &now, PasswordHash: hash, HasPassword: true}
	sess := s.newSession(u.ID, "", c)
	refresh := piloto.RandomToken()
	if _, err := s.invitations.CreateInvitedUser(ctx, u, piloto.TokenHash(req.Token), sess, piloto.TokenHash(refresh), now); err != nil {
		return nil, err
	}
	if err := s.noteDevice(ctx, u.ID, c, false); err != nil {
		return nil, err
	}
	id, err := s.store.SessionIdentity(ctx, sess.ID, now)
	if err != nil {
		return nil, err
	}
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return s.grant(id, ms, refresh)
}

// SwitchOrganization moves the session to another organization of the user
// and issues an access token for it (the refresh token stays). ENOTFOUND
// when the user is not a member there.
func (s *Service) SwitchOrganization(ctx context.Context, id *Identity, orgID string) (*Grant, error) {
	if err := s.invitations.SetSessionOrganization(ctx, id.Session.ID, id.User.ID, orgID); err != nil {
		return nil, err
	}
	next, err := s.store.SessionIdentity(ctx, id.Session.ID, s.clock.Now())
	if err != nil {
		return nil, err
	}
	ms, err := s.store.Memberships(ctx, id.User.ID)
	if err != nil {
		return nil, err
	}
	g, err := s.grant(next, ms, "")
	if err != nil {
		return nil, err
	}
	g.RefreshExpires = next.Session.ExpiresAt
	return g, nil
}
