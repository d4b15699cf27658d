import { infiniteQueryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** One entry of the organization's security log. */
export interface AuditEvent {
  id: string;
  user_name?: string;
  user_email?: string;
  action: string;
  ip: string;
  user_agent: string;
  details: Record<string, string> | null;
  created_at: string;
}

export interface AuditEventsPage {
  items: AuditEvent[];
  /** The cursor of the next (older) page; empty or absent on the last. */
  next_cursor?: string;
}

/**
 * GET /api/v1/audit-events?cursor= (owners): the log, newest first, a page
 * at a time. Without the abort signal, as the organization's other queries
 * (see features/organizations/api/organization.ts).
 */
export const auditEventsQueryOptions = infiniteQueryOptions({
  queryKey: ['audit', 'events'],
  queryFn: ({ pageParam }) => {
    const query = pageParam ? `?${new URLSearchParams({ cursor: pageParam }).toString()}` : '';
    return apiRequest<AuditEventsPage>(`/api/v1/audit-events${query}`);
  },
  initialPageParam: '',
  getNextPageParam: (page) => page.next_cursor || undefined,
});
