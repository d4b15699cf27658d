import type { Role } from '@/features/auth/api/session';

/** The roles, from most to least powerful (shown as Proprietário, Administrador, Vendedor). */
export const roles = ['owner', 'admin', 'member'] as const satisfies readonly Role[];

const rank: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/** Whether role is min or above it (owner > admin > member). */
export function atLeast(role: Role, min: Role): boolean {
  return rank[role] >= rank[min];
}

/** The roles someone with role may give in an invitation: their own and below. */
export function invitableRoles(role: Role): Role[] {
  return roles.filter((candidate) => atLeast(role, candidate));
}
