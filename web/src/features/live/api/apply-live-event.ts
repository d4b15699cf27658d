import type { QueryClient } from '@tanstack/react-query';
import { allAgentsKey } from '@/features/agents/api/agents';
import { sessionQueryOptions } from '@/features/auth/api/session';
import { allChannelsKey } from '@/features/channels/api/channels';
import { refreshInbox } from '@/features/inbox/api/inbox';
import { invitationsQueryOptions } from '@/features/organizations/api/invitations';
import { membersQueryOptions } from '@/features/organizations/api/members';
import { organizationQueryOptions } from '@/features/organizations/api/organization';
import { allSourcesKey, dropSource, patchSource, putSource, type Source } from '@/features/knowledge/api/knowledge';
import {
  allConversationsKey,
  conversationMessagesQueryOptions,
  conversationQueryOptions,
} from '@/features/playground/api/playground';
import {
  allSiteDetailsKey,
  allSitesKey,
  dropSite,
  dropSitePage,
  patchSitePage,
  putSite,
  putSitePage,
  type Site,
} from '@/features/knowledge/api/sites';
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
    case 'knowledge.source.updated': {
      // On creation the payload is the whole source; after that, its state and progress.
      const payload = (event.payload ?? {}) as Partial<Source>;
      if (typeof payload.knowledge_base_id === 'string' && typeof payload.id === 'string') {
        // A page of a web site is listed with its site, not with the files.
        if (payload.site_id) putSitePage(queryClient, payload as Source);
        else putSource(queryClient, payload as Source);
        return;
      }
      const patch: Partial<Source> = {};
      if (typeof payload.name === 'string') patch.name = payload.name;
      if (typeof payload.status === 'string') patch.status = payload.status;
      if (typeof payload.progress_done === 'number') patch.progress_done = payload.progress_done;
      if (typeof payload.progress_total === 'number') patch.progress_total = payload.progress_total;
      if (typeof payload.error === 'string') patch.error = payload.error;
      if (patchSitePage(queryClient, event.subject_id, patch)) return;
      if (!patchSource(queryClient, event.subject_id, patch)) {
        // A source no list shows yet (e.g. uploaded in another tab, or a page whose site was
        // loading when it was created): the lists load again.
        void queryClient.invalidateQueries({ queryKey: allSourcesKey });
        void queryClient.invalidateQueries({ queryKey: allSiteDetailsKey });
      }
      return;
    }
    case 'knowledge.source.deleted':
      if (!dropSitePage(queryClient, event.subject_id)) dropSource(queryClient, event.subject_id);
      return;
    case 'knowledge.site.updated': {
      // The payload is the whole site.
      const site = (event.payload ?? {}) as Partial<Site>;
      if (typeof site.id === 'string' && typeof site.knowledge_base_id === 'string') {
        putSite(queryClient, site as Site);
      } else {
        void queryClient.invalidateQueries({ queryKey: allSitesKey });
      }
      return;
    }
    case 'knowledge.site.deleted':
      dropSite(queryClient, event.subject_id);
      return;
    case 'agent.changed':
    case 'agent.deleted':
      // Lists, the agent and its history load again (an editor with unsaved changes keeps them).
      void queryClient.invalidateQueries({ queryKey: allAgentsKey });
      return;
    case 'channel.updated':
    case 'channel.deleted':
      // A WhatsApp channel changed, was tested, got a webhook or was deleted: the list loads again.
      void queryClient.invalidateQueries({ queryKey: allChannelsKey });
      return;
    case 'conversation.message':
      // A message stored (e.g. a playground reply streamed in another tab): the messages load again.
      void queryClient.invalidateQueries({ queryKey: conversationMessagesQueryOptions(event.subject_id).queryKey });
      refreshInbox(queryClient, event.kind, event.subject_id);
      return;
    case 'conversation.updated':
      // Its status, the AI's pause or the lead's fields changed.
      void queryClient.invalidateQueries({ queryKey: conversationQueryOptions(event.subject_id).queryKey });
      refreshInbox(queryClient, event.kind, event.subject_id);
      return;
    case 'conversation.note':
    case 'lead.updated':
      // An internal note; a lead's stage, assignee or fields (the inbox's lists, conversations and notes).
      refreshInbox(queryClient, event.kind, event.subject_id);
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
    allSourcesKey,
    allSitesKey,
    allSiteDetailsKey,
    allAgentsKey,
    allChannelsKey,
    allConversationsKey,
  ]) {
    void queryClient.invalidateQueries({ queryKey });
  }
}
