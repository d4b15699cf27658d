import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** The sign-in providers the server is configured for. */
export interface Providers {
  google: boolean;
  /** Whether the server keeps account mail in a development outbox (GET /api/v1/dev/outbox). */
  dev_outbox: boolean;
}

/** GET /api/v1/auth/providers: the same for everybody, and it changes only with the server's settings. */
export const providersQueryOptions = queryOptions({
  queryKey: ['auth', 'providers'],
  queryFn: ({ signal }) => apiRequest<Providers>('/api/v1/auth/providers', { signal }),
  staleTime: Number.POSITIVE_INFINITY,
});
