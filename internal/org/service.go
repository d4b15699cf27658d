package org

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pilotodevendas/piloto"
	"github.com/pilotodevendas/piloto/internal/mail"
	"github.com/riverqueue/river"
)

// Store is what organizations need of the database. Every method takes the
// organization id first and answers ENOTFOUND for objects of another one.
type Store interface {
	Organization(ctx context.Context, orgID string) (*Organization, error)
	CreateOrganization(ctx context.Context, o *Organization, ownerID string) error
	UpdateOrganization(ctx context.Context, orgID, name, timeZone string, roundRobin bool, now time.Time) error
	DeleteOrganization(ctx context.Context, orgID string) error
	Members(ctx context.Context, orgID string) ([]Member, error)
	// SetMemberRole and RemoveMember answer ECONFLICT when the organization
	// would be left without an owner.
	SetMemberRole(ctx context.Context, orgID, userID string, role Role, now time.Time) error
	RemoveMember(ctx context.Context, orgID, userID string, now time.Time) error
	Invitations(ctx context.Context, orgID string) ([]Invitation, error)
	Invitation(ctx context.Context, orgID, id string) (*Invitation, error)
	// CreateInvitation answers ECONFLICT for a member or a pending invitation
	// of the same email.
	CreateInvitation(ctx context.Context, i *Invitation, invitedBy string, now time.Time) error
	RevokeInvitation(ctx context.Context, orgID, id string, now time.Time) error
	RenewInvitation(ctx context.Context, orgID, id string, expires time.Time) error
}

// Enqueuer inserts jobs.
type Enqueuer interface {
	Enqueue(ctx context.Context, args river.JobArgs) error
}

// Service runs organizations, members and invitations. The caller's
// organization and role come from the session, checked by the API before
// any method runs; methods check what depends on the target (another
// member's role, the last owner).
type Service struct {
	Store Store
	Jobs  Enqueuer
	Clock piloto.Clock
}

// Caller is who acts: a user with a role in one organization.
type Caller struct {
	UserID string
	OrgID  string
	Role   Role
}

func checkName(name string) string {
	n := utf8.RuneCountInString(strings.TrimSpace(name))
	switch {
	case n == 0:
		return "Informe o nome da organização."
	case n > 100:
		return "Use no máximo 100 caracteres."
	}
	return ""
}

// Create makes a new organization with the caller as its owner.
func (s *Service) Create(ctx context.Context, userID, name string) (*Organization, error) {
	if msg := checkName(name); msg != "" {
		return nil, piloto.Invalid("Confira os campos destacados.", map[string]string{"name": msg})
	}
	o := &Organization{ID: piloto.NewID(), Name: strings.TrimSpace(name), TimeZone: DefaultTimeZone, CreatedAt: s.Clock.Now()}
	if err := s.Store.CreateOrganization(ctx, o, userID); err != nil {
		return nil, err
	}
	return o, nil
}

// Settings are an organization's editable fields; nil leaves one as is.
type Settings struct {
	Name     *string `json:"name"`
	TimeZone *string `json:"time_zone"`
	// RoundRobin turns round-robin assignment of handed-off conversations
	// on or off (admins, as every setting).
	RoundRobin *bool `json:"round_robin"`
}

// Update changes the caller's organization's settings. EINVALID with fields.
func (s *Service) Update(ctx context.Context, c Caller, req Settings) (*Organization, error) {
	o, err := s.Store.Organization(ctx, c.OrgID)
	if err != nil {
		return nil, err
	}
	fields := map[string]string{}
	if req.Name != nil {
		if msg := checkName(*req.Name); msg != "" {
			fields["name"] = msg
		}
		o.Name = strings.TrimSpace(*req.Name)
	}
	if req.TimeZone != nil {
		if _, err := time.LoadLocation(*req.TimeZone); err != nil || *req.TimeZone == "" || *req.TimeZone == "Local" {
			fields["time_zone"] = "Fuso horário desconhecido."
		}
		o.TimeZone = *req.TimeZone
	}
	if req.RoundRobin != nil {
		o.RoundRobin = *req.RoundRobin
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	if err := s.Store.UpdateOrganization(ctx, c.OrgID, o.Name, o.TimeZone, o.RoundRobin, s.Clock.Now()); err != nil {
		return nil, err
	}
	return o, nil
}

// Delete removes the caller's organization when confirm is its exact name.
func (s *Service) Delete(ctx context.Context, c Caller, confirm string) error {
	o, err := s.Store.Organization(ctx, c.OrgID)
	if err != nil {
		return err
	}
	if confirm != o.Name {
		return piloto.Invalid("Digite o nome da organização para confirmar.", map[string]string{"confirm": "O nome não confere."})
	}
	return s.Store.DeleteOrganization(ctx, c.OrgID)
}

// ChangeRole sets a member's role (owners only, checked by the route).
// ENOTFOUND for a non-member; ECONFLICT for the last owner.
func (s *Service) ChangeRole(ctx context.Context, c Caller, userID string, role Role) error {
	if !role.Valid() {
		return piloto.Invalid("Papel inválido.", map[string]string{"role": "Use owner, admin ou member."})
	}
	return s.Store.SetMemberRole(ctx, c.OrgID, userID, role, s.Clock.Now())
}

// Remove takes a member out: anyone may leave; only owners remove others.
// ENOTFOUND; EFORBIDDEN; ECONFLICT for the last owner.
func (s *Service) Remove(ctx context.Context, c Caller, userID string) error {
	if userID != c.UserID && c.Role != RoleOwner {
		return piloto.Errorf(piloto.EFORBIDDEN, "Só proprietários removem outras pessoas.")
	}
	return s.Store.RemoveMember(ctx, c.OrgID, userID, s.Clock.Now())
}

// InviteRequest invites an email with a role.
type InviteRequest struct {
	Email string `json:"email"`
	Role  Role   `json:"role"`
}

// Invite creates an invitation and mails its link. Admins invite members
// and admins; only owners invite owners. EINVALID, EFORBIDDEN, ECONFLICT.
func (s *Service) Invite(ctx context.Context, c Caller, req InviteRequest, normalizeEmail func(string) string) (*Invitation, error) {
	email := normalizeEmail(req.Email)
	fields := map[string]string{}
	if email == "" {
		fields["email"] = "Informe um e-mail válido."
	}
	if !req.Role.Valid() {
		fields["role"] = "Escolha um papel."
	}
	if len(fields) > 0 {
		return nil, piloto.Invalid("Confira os campos destacados.", fields)
	}
	if !AtLeast(c.Role, req.Role) {
		return nil, piloto.Errorf(piloto.EFORBIDDEN, "Você não pode convidar alguém com um papel acima do seu.")
	}
	now := s.Clock.Now()
	inv := &Invitation{ID: piloto.NewID(), OrganizationID: c.OrgID, Email: email, Role: req.Role, CreatedAt: now, ExpiresAt: now.Add(InvitationLifetime)}
	if err := s.Store.CreateInvitation(ctx, inv, c.UserID, now); err != nil {
		return nil, err
	}
	if err := s.Jobs.Enqueue(ctx, InviteMailArgs{InvitationID: inv.ID}); err != nil {
		return nil, err
	}
	return s.Store.Invitation(ctx, c.OrgID, inv.ID)
}

// Resend gives an invitation seven more days and mails a new link (the old
// one stops working). ENOTFOUND when it was accepted or revoked.
func (s *Service) Resend(ctx context.Context, c Caller, id string) error {
	if err := s.Store.RenewInvitation(ctx, c.OrgID, id, s.Clock.Now().Add(InvitationLifetime)); err != nil {
		return err
	}
	return s.Jobs.Enqueue(ctx, InviteMailArgs{InvitationID: id})
}

// Revoke cancels a pending invitation. ENOTFOUND.
func (s *Service) Revoke(ctx context.Context, c Caller, id string) error {
	return s.Store.RevokeInvitation(ctx, c.OrgID, id, s.Clock.Now())
}

// InviteMailArgs is the durable job that mails an invitation. It holds the
// invitation's id only: the job mints the link's token when it sends.
type InviteMailArgs struct {
	InvitationID string `json:"invitation_id"`
}

// Kind identifies the job.
func (InviteMailArgs) Kind() string { return "invite_mail" }

// InsertOpts retries a failed send up to 10 times.
func (InviteMailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 10} }

// InviteMailStore is what the invitation mail needs.
type InviteMailStore interface {
	InvitationByID(ctx context.Context, id string) (*Invitation, string, error)
	SetInvitationToken(ctx context.Context, id, hash string) error
}

// InviteMailWorker works InviteMailArgs.
type InviteMailWorker struct {
	river.WorkerDefaults[InviteMailArgs]
	Store  InviteMailStore
	Sender mail.Sender
	Clock  piloto.Clock
	AppURL string
}

var roleNames = map[Role]string{RoleOwner: "proprietário(a)", RoleAdmin: "administrador(a)", RoleMember: "vendedor(a)"}

// Work mints the invitation's token and mails the link, unless the
// invitation is no longer pending.
func (w *InviteMailWorker) Work(ctx context.Context, job *river.Job[InviteMailArgs]) error {
	inv, orgName, err := w.Store.InvitationByID(ctx, job.Args.InvitationID)
	if piloto.ErrorCode(err) == piloto.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if inv.Status(w.Clock.Now()) != "pending" {
		return nil
	}
	token := piloto.RandomToken()
	if err := w.Store.SetInvitationToken(ctx, inv.ID, piloto.TokenHash(token)); err != nil {
		return err
	}
	inviter := inv.InvitedBy
	if inviter == "" {
		inviter = "Alguém"
	}
	m, err := mail.Render(mail.KindInvite, mail.LocalePTBR, inv.Email, mail.Data{
		Org: orgName, Role: roleNames[inv.Role], Inviter: inviter, Link: w.AppURL + "/convite?token=" + token,
	})
	if err != nil {
		return err
	}
	return w.Sender.Send(ctx, m)
}
