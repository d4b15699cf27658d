// Package org holds organizations — the tenants — and their members' roles.
// Every piece of tenant data belongs to one organization.
package org

import "time"

// Role is what a member may do in an organization.
type Role string

// Roles, from most to least powerful.
const (
	RoleOwner  Role = "owner"  // everything, including deleting the organization
	RoleAdmin  Role = "admin"  // settings, members, keys and channels
	RoleMember Role = "member" // conversations, leads and the knowledge base
)

// Organization is a tenant: a company using Piloto de Vendas.
type Organization struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Membership is an organization as one of its members sees it.
type Membership struct {
	Organization
	Role Role `json:"role"`
}
