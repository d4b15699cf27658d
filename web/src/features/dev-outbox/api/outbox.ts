import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** One mail the development server kept instead of sending it. */
export interface KeptMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

/**
 * GET /api/v1/dev/outbox: the mail kept by a development server without SMTP
 * (any other server answers 404). Nobody's account: it is the server's.
 */
export const devOutboxQueryOptions = queryOptions({
  queryKey: ['system', 'dev-outbox'],
  queryFn: ({ signal }) => apiRequest<{ items: KeptMail[] }>('/api/v1/dev/outbox', { signal }),
  staleTime: 10 * 1000,
  // Newest first, whatever order the server used.
  select: (data) => [...data.items].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at)),
});
