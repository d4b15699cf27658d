import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';
import { paths } from '@/app/paths';
import type { Role } from '@/features/auth/api/session';

/** One page of the settings area: a tab of its sub-navigation and a route under /configuracoes. */
export interface SettingsTab {
  /** The full path, e.g. '/configuracoes/seguranca'. */
  path: string;
  /** The tab's label: a translation key. */
  label: ParseKeys;
  /** The least role that sees the tab and may open its page. */
  minRole: Role;
  /** Loads the page (its own chunk), the first time it is visited. */
  load: () => Promise<ComponentType>;
}

/**
 * The settings tabs, in the order the sub-navigation shows them. Each one
 * becomes a route (see router.tsx) and a tab for the roles that may see it.
 */
export const settingsTabs: readonly SettingsTab[] = [
  {
    path: paths.settingsSecurity,
    label: 'account.security.title',
    minRole: 'member',
    load: () => import('./security').then((module) => module.SecurityPage),
  },
  {
    path: paths.settingsOrganization,
    label: 'organizations.tab',
    minRole: 'member', // members read it; admins and owners change it
    load: () =>
      import('@/features/organizations/components/organization-settings-page').then(
        (module) => module.OrganizationSettingsPage,
      ),
  },
  {
    path: paths.settingsTeam,
    label: 'team.tab',
    minRole: 'member', // the invitations show for admins and owners
    load: () => import('@/features/organizations/components/team-settings-page').then((module) => module.TeamSettingsPage),
  },
  {
    path: paths.settingsAi,
    label: 'llm.tab',
    minRole: 'member', // members read which keys are in use; admins and owners set them
    load: () => import('@/features/llm/components/ai-settings-page').then((module) => module.AiSettingsPage),
  },
  {
    path: paths.settingsChannels,
    label: 'channels.tab',
    minRole: 'member', // members see which numbers are connected; admins and owners add, test and change them
    load: () =>
      import('@/features/channels/components/channels-settings-page').then((module) => module.ChannelsSettingsPage),
  },
  {
    path: paths.settingsUsage,
    label: 'usage.tab',
    minRole: 'owner',
    load: () => import('@/features/usage/components/usage-page').then((module) => module.UsagePage),
  },
  {
    path: paths.settingsAudit,
    label: 'audit.tab',
    minRole: 'owner',
    load: () => import('@/features/audit/components/audit-log-page').then((module) => module.AuditLogPage),
  },
];

const roleRank: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/** Whether role is at least min (owner > admin > member). */
export function hasRole(role: Role, min: Role): boolean {
  return roleRank[role] >= roleRank[min];
}

/** The tabs a role may see. */
export function settingsTabsFor(role: Role): SettingsTab[] {
  return settingsTabs.filter((tab) => hasRole(role, tab.minRole));
}
