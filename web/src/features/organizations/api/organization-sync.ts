import { hashKey, type QueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { type Session, sessionQueryOptions } from '@/features/auth/api/session';
import { versionQueryOptions } from '@/features/system/api/version';
import { i18n } from '@/i18n';
import { onOrganizationConflict, setShownOrganization } from '@/lib/api';

// The organization the app shows is the session's. The API client names it
// in X-Piloto-Org on every request; this module keeps that header in step
// with the session query, and notices when the session moved to another
// organization behind the app's back (in another tab): it says so and
// reloads the page's data.

/** Query keys that do not depend on the organization (the session, the server's version). */
const organizationFreeKeys: ReadonlySet<unknown> = new Set([sessionQueryOptions.queryKey[0], versionQueryOptions.queryKey[0]]);

/**
 * Resets every query that belongs to an organization: the cached data goes,
 * and what is on the screen loads again. The session query is kept.
 */
export function resetOrganizationQueries(queryClient: QueryClient): void {
  void queryClient.resetQueries({ predicate: (query) => !organizationFreeKeys.has(query.queryKey[0]) });
}

/** What the app shows: whose session, in which organization. */
interface Shown {
  userId: string;
  organizationId: string;
}

let shown: Shown | null = null;
/** The organization the app itself is moving to (switch, create, accept): no notice for it. */
let expected: string | null = null;

function follow(queryClient: QueryClient, session: Session | null | undefined): void {
  const next = session ? { userId: session.user.id, organizationId: session.organization.id } : null;
  const previous = shown;
  if (previous?.organizationId === next?.organizationId && previous?.userId === next?.userId) {
    return;
  }
  shown = next;
  setShownOrganization(next?.organizationId ?? null);
  if (!previous || !next) {
    return; // signing in or out: the auth flows drop the account's data themselves
  }
  if (next.organizationId === expected) {
    expected = null;
    return;
  }
  resetOrganizationQueries(queryClient);
  if (session && previous.userId === next.userId) {
    toast({
      title: i18n.t('organizations.switchedElsewhere'),
      description: i18n.t('organizations.switchedElsewhereBody', { name: session.organization.name }),
    });
  }
}

/**
 * Moves the app to the organization of session (the answer of a switch, of
 * a new organization, of an accepted invitation): the session query holds
 * it, and every query of the previous organization is reset (what is on the
 * screen loads again, from the new one).
 */
export function showOrganization(queryClient: QueryClient, session: Session): void {
  expected = session.organization.id;
  queryClient.setQueryData(sessionQueryOptions.queryKey, session);
  expected = null;
  resetOrganizationQueries(queryClient);
}

/**
 * Keeps X-Piloto-Org in step with the session query, and answers the 409 of
 * a request that named another organization than the session's by loading
 * the session again (following it resets the page's data and says why).
 * Returns a function that stops.
 */
export function watchOrganization(queryClient: QueryClient): () => void {
  follow(queryClient, queryClient.getQueryData(sessionQueryOptions.queryKey));
  const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.query.queryHash === sessionQueryHash) {
      follow(queryClient, event.query.state.data as Session | null | undefined);
    }
  });
  const unregister = onOrganizationConflict((organizationId) => {
    if (organizationId !== shown?.organizationId) {
      return; // the app has moved on since that request left
    }
    // fetchQuery shares a load already under way; the answer comes back through follow().
    queryClient.fetchQuery({ ...sessionQueryOptions, staleTime: 0 }).catch(() => undefined);
  });
  return () => {
    unsubscribe();
    unregister();
    shown = null;
    expected = null;
    setShownOrganization(null);
  };
}

const sessionQueryHash = hashKey(sessionQueryOptions.queryKey);
