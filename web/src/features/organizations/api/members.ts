import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { endSession, type Role } from '@/features/auth/api/session';
import { apiRequest } from '@/lib/api';

/** A person in the organization. */
export interface Member {
  user_id: string;
  name: string;
  email: string;
  role: Role;
  joined_at: string;
}

/** GET /api/v1/members (no abort signal: see organization.ts). */
export const membersQueryOptions = queryOptions({
  queryKey: ['members', 'list'],
  queryFn: () => apiRequest<{ items: Member[] }>('/api/v1/members'),
  select: (data) => data.items ?? [],
});

/** PATCH /api/v1/members/{user_id} (owners). 409 when it would leave no owner. */
export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      apiRequest<void>(`/api/v1/members/${encodeURIComponent(userId)}`, { method: 'PATCH', body: { role } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQueryOptions.queryKey }),
  });
}

/** DELETE /api/v1/members/{user_id}: owners remove others. 409 for the last owner. */
export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiRequest<void>(`/api/v1/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersQueryOptions.queryKey }),
  });
}

/**
 * DELETE /api/v1/members/{own id}: leaves the organization. The session was
 * in it, so it ends: the user goes to the sign-in page.
 */
export function useLeaveOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiRequest<void>(`/api/v1/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    onSuccess: () => endSession(queryClient, { byUser: true }),
  });
}
