import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** GET /api/v1/version: which build of the server is running. */
export interface ServerVersion {
  version: string;
  commit: string;
}

export const versionQueryOptions = queryOptions({
  queryKey: ['system', 'version'],
  queryFn: ({ signal }) => apiRequest<ServerVersion>('/api/v1/version', { signal }),
  staleTime: 5 * 60 * 1000,
});
