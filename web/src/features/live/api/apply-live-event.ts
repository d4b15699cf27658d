import type { QueryClient } from '@tanstack/react-query';
import { sessionQueryOptions } from '@/features/auth/api/session';
import { invitationsQueryOptions } from '@/features/organizations/api/invitations';
import { membersQueryOptions } from '@/features/organizations/api/members';
import { organizationQueryOptions } from '@/features/organizations/api/organization';
import type { LiveEvent } from './live-connection';

interface OrganizationUpdated {
  name?: string;
  time_zone?: string;
}

/** What an event changes in the cache: the data on the screen follows without a reload. */
export function applyLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  switch (event.kind) {
    case 'organization.updated': {
      const { name, time_zone: timeZone } = (event.payload ?? {}) as OrganizationUpdated;
      const organizationId = event.subject_id;
      if (typeof name === 'string') {
        // The name in the switcher (the session's organization and its list).
        queryClient.setQueryData(sessionQueryOptions.queryKey, (session) =>
          session
            ? {
                ...session,
                organization: session.organization.id === organizationId ? { ...session.organization, name } : session.organization,
                organizations: session.organizations.map((o) => (o.id === organizationId ? { ...o, name } : o)),
              }
            : session,
        );
      }
      queryClient.setQueryData(organizationQueryOptions.queryKey, (details) =>
        details && details.id === organizationId
          ? { ...details, ...(typeof name === 'string' && { name }), ...(typeof timeZone === 'string' && { time_zone: timeZone }) }
          : details,
      );
      void queryClient.invalidateQueries({ queryKey: organizationQueryOptions.queryKey });
      return;
    }
    case 'members.changed':
      void queryClient.invalidateQueries({ queryKey: membersQueryOptions.queryKey });
      return;
    case 'invitations.changed':
      void queryClient.invalidateQueries({ queryKey: invitationsQueryOptions.queryKey });
      return;
  }
}

/**
 * After the app opened the stream again itself, events in between may be
 * missed: what they would have changed is read again.
 */
export function resyncLiveQueries(queryClient: QueryClient): void {
  for (const queryKey of [
    sessionQueryOptions.queryKey,
    organizationQueryOptions.queryKey,
    membersQueryOptions.queryKey,
    invitationsQueryOptions.queryKey,
  ]) {
    void queryClient.invalidateQueries({ queryKey });
  }
}
