// Package org holds organizations — the tenants — their members and roles,
// and invitations. Every piece of tenant data belongs to one organization,
// and every rule here takes the organization from the caller's session,
// never from the client.
package org

import "time"

// Role is what a member may do in an organization.
type Role string

// Roles, from most to least powerful (UI: Proprietário, Administrador,
// Vendedor).
const (
	RoleOwner  Role = "owner"  // everything, including members' roles and deleting the organization
	RoleAdmin  Role = "admin"  // also agents, channels, knowledge, integrations, settings, invitations
	RoleMember Role = "member" // the inbox and leads
)

var rank = map[Role]int{RoleMember: 1, RoleAdmin: 2, RoleOwner: 3}

// AtLeast reports whether role r is min or above it.
func AtLeast(r, min Role) bool { return rank[r] >= rank[min] && rank[r] > 0 }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return rank[r] > 0 }

// DefaultTimeZone is a new organization's time zone.
const DefaultTimeZone = "America/Sao_Paulo"

// Organization is a tenant: a company using Piloto de Vendas.
type Organization struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	// RoundRobin hands conversations passed to a person, whose lead has no
	// assignee, to the available members in turn (see inbox).
	RoundRobin bool      `json:"round_robin"`
	CreatedAt  time.Time `json:"created_at"`
}

// Membership is an organization as one of its members sees it.
type Membership struct {
	Organization
	Role Role `json:"role"`
}

// Member is a person in an organization, as its members see them.
type Member struct {
	UserID   string    `json:"user_id"`
	Name     string    `json:"name"`
	Email    string    `json:"email"`
	Role     Role      `json:"role"`
	JoinedAt time.Time `json:"joined_at"`
	// Available says the member takes conversations ("Disponível para
	// atendimento"): round-robin assignment picks only available members.
	Available bool `json:"available"`
}

// Invitation asks a person, by email, to join an organization with a role.
type Invitation struct {
	ID             string     `json:"id"`
	OrganizationID string     `json:"-"`
	Email          string     `json:"email"`
	Role           Role       `json:"role"`
	InvitedBy      string     `json:"invited_by"` // the inviter's name
	CreatedAt      time.Time  `json:"created_at"`
	ExpiresAt      time.Time  `json:"expires_at"`
	AcceptedAt     *time.Time `json:"accepted_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
}

// Status is where an invitation stands at now.
func (i *Invitation) Status(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return "accepted"
	case i.RevokedAt != nil:
		return "revoked"
	case !now.Before(i.ExpiresAt):
		return "expired"
	}
	return "pending"
}

// InvitationLifetime is how long an invitation can be accepted.
const InvitationLifetime = 7 * 24 * time.Hour
