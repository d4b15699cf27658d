import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sessionQueryOptions, useSession } from '@/features/auth/api/session';
import { apiUrl, renewSession } from '@/lib/api';
import { applyLiveEvent, resyncLiveQueries } from './api/apply-live-event';
import { connectLiveEvents, type EventSourceConstructor } from './api/live-connection';
import { setLiveStatus } from './api/live-store';

/** The browser's EventSource, if it has one (jsdom does not). */
const browserEventSource: EventSourceConstructor | undefined = globalThis.EventSource;

/**
 * The live updates of the signed-in shell (mounted once there): one stream of
 * the organization's events, closed on sign-out and opened again for another
 * organization; each event updates the queries it concerns.
 */
export function useLiveEvents({ EventSource = browserEventSource }: { EventSource?: EventSourceConstructor } = {}): void {
  const queryClient = useQueryClient();
  const session = useSession();
  const userId = session?.user.id;
  const organizationId = session?.organization.id;

  useEffect(() => {
    if (!userId || !organizationId || !EventSource) return;
    const disconnect = connectLiveEvents({
      url: apiUrl('/api/v1/events'),
      EventSource,
      onEvent: (event) => applyLiveEvent(queryClient, event),
      onStatus: setLiveStatus,
      onResync: () => resyncLiveQueries(queryClient),
      refresh: renewSession,
      // The session moved to another organization: loading it makes the app follow (and reconnect).
      onRevoked: () => queryClient.fetchQuery({ ...sessionQueryOptions, staleTime: 0 }),
    });
    return () => {
      disconnect();
      setLiveStatus(null);
    };
  }, [EventSource, queryClient, userId, organizationId]);
}
