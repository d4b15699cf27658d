import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** An account at a sign-in provider (Google) linked to the user. */
export interface ConnectedIdentity {
  id: string;
  /** The provider's OpenID issuer, e.g. https://accounts.google.com. */
  issuer: string;
  email: string;
  created_at: string;
}

/** GET /api/v1/account/identities. */
export const identitiesQueryOptions = queryOptions({
  queryKey: ['account', 'identities'],
  queryFn: ({ signal }) => apiRequest<{ items: ConnectedIdentity[] }>('/api/v1/account/identities', { signal }),
  select: (data) => data.items,
});

/** DELETE /api/v1/account/identities/{id}; 409 when it is the last way to sign in (the server says so). */
export function useDisconnectIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (identity: ConnectedIdentity) =>
      apiRequest<void>(`/api/v1/account/identities/${encodeURIComponent(identity.id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: identitiesQueryOptions.queryKey }),
  });
}
