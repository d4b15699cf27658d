import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest } from '@/lib/api';

export type Role = 'owner' | 'admin' | 'member';

export interface User {
  id: string;
  email: string;
  name: string;
  email_verified_at: string | null;
  /** False for who has only ever signed in with Google: the Segurança page then sets a first password. */
  has_password: boolean;
  created_at: string;
}

export interface Organization {
  id: string;
  name: string;
  created_at: string;
}

/** An organization as one of its members sees it. */
export interface Membership extends Organization {
  role: Role;
}

/** The body of signup, login, refresh and me: who is signed in, and where. */
export interface Session {
  user: User;
  organization: Organization;
  role: Role;
  /** Every organization of the user (empty in a refresh's answer). */
  organizations: Membership[];
  csrf_token: string;
}

/** The first element of every query key that belongs to the session itself. */
const authKey = 'auth';

/**
 * GET /api/v1/auth/me: the signed-in user, or null when nobody is signed in
 * (a 401 that a refresh could not cure is an answer here, not an error).
 */
export const sessionQueryOptions = queryOptions({
  queryKey: [authKey, 'session'],
  queryFn: async ({ signal }): Promise<Session | null> => {
    try {
      return await apiRequest<Session>('/api/v1/auth/me', { signal });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        return null;
      }
      throw err;
    }
  },
  // Checked again after a minute on navigation (the route guard) and when the tab regains focus.
  staleTime: 60 * 1000,
});

/** The session, for components under the route guard (null only while signing out). */
export function useSession(): Session | null {
  return useQuery(sessionQueryOptions).data ?? null;
}

/**
 * Query keys whose data is the same for everybody (e.g. ['system', 'version']):
 * kept when the user changes. Everything else belongs to an account.
 */
const publicKeys: ReadonlySet<unknown> = new Set([authKey, 'system']);

/** Drops every cached query that belongs to an account, so the next user never sees it. */
export function removeAccountQueries(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => !publicKeys.has(query.queryKey[0]) });
}

/** Caches whose session the user ended by signing out (rather than it expiring or never existing). */
const signedOutByUser = new WeakSet<QueryClient>();

/** Puts a fresh session in the cache (after sign-up or sign-in), dropping the previous account's data. */
export function startSession(queryClient: QueryClient, session: Session): void {
  signedOutByUser.delete(queryClient);
  removeAccountQueries(queryClient);
  queryClient.setQueryData(sessionQueryOptions.queryKey, session);
}

/**
 * Marks the session as over: nobody is signed in, and no account data stays
 * cached. byUser says the user signed out (the route guard then sends them to
 * the plain sign-in page, with no way back to where they were).
 */
export function endSession(queryClient: QueryClient, { byUser = false }: { byUser?: boolean } = {}): void {
  if (byUser) {
    signedOutByUser.add(queryClient);
  } else {
    signedOutByUser.delete(queryClient);
  }
  const previous = queryClient.getQueryData(sessionQueryOptions.queryKey);
  queryClient.setQueryData(sessionQueryOptions.queryKey, null);
  if (previous) {
    removeAccountQueries(queryClient);
  }
}

/** Puts the user's new state (e.g. an e-mail just confirmed) in the cached session, when it is that user's. */
export function updateSessionUser(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData(sessionQueryOptions.queryKey, (session) =>
    session && session.user.id === user.id ? { ...session, user } : session,
  );
}

/** Whether the user ended the session by signing out (see endSession). */
export function sessionEndedByUser(queryClient: QueryClient): boolean {
  return signedOutByUser.has(queryClient);
}
