import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { endSession } from '@/features/auth/api/session';
import { apiRequest, forgetCsrfToken } from '@/lib/api';

/** One place where the user is signed in. */
export interface AccountSession {
  id: string;
  /** For people, e.g. "Chrome no Windows". */
  device: string;
  user_agent: string;
  ip: string;
  created_at: string;
  last_used_at: string;
  /** This browser's session. */
  current: boolean;
}

/** GET /api/v1/account/sessions: the user's open sessions, this one first, then the most recently used. */
export const accountSessionsQueryOptions = queryOptions({
  queryKey: ['account', 'sessions'],
  queryFn: ({ signal }) => apiRequest<{ items: AccountSession[] }>('/api/v1/account/sessions', { signal }),
  select: (data) =>
    [...data.items].sort(
      (a, b) => Number(b.current) - Number(a.current) || Date.parse(b.last_used_at) - Date.parse(a.last_used_at),
    ),
});

/**
 * DELETE /api/v1/account/sessions/{id}: ends one session. Ending this
 * browser's own signs out here (the route guard goes to the sign-in page).
 */
export function useEndAccountSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: AccountSession) =>
      apiRequest<void>(`/api/v1/account/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }),
    onSuccess: (_, session) => {
      if (session.current) {
        forgetCsrfToken();
        endSession(queryClient, { byUser: true });
        return;
      }
      return queryClient.invalidateQueries({ queryKey: accountSessionsQueryOptions.queryKey });
    },
  });
}
