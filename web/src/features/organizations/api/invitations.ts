import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type Role, type Session, startSession } from '@/features/auth/api/session';
import { apiRequest } from '@/lib/api';
import type { AcceptInvitationValues, InviteValues } from '../schemas';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/** An invitation to the organization, as its admins see it. */
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  /** The inviter's name. */
  invited_by: string;
  created_at: string;
  expires_at: string;
  status: InvitationStatus;
}

/** GET /api/v1/invitations (admins; no abort signal: see organization.ts). */
export const invitationsQueryOptions = queryOptions({
  queryKey: ['invitations', 'list'],
  queryFn: () => apiRequest<{ items: Invitation[] }>('/api/v1/invitations'),
  select: (data) => data.items ?? [],
});

/** POST /api/v1/invitations (admins): mails the link. 409 for a member or a pending invitation. */
export function useInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: InviteValues) => apiRequest<Invitation>('/api/v1/invitations', { method: 'POST', body: values }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryOptions.queryKey }),
  });
}

/** DELETE /api/v1/invitations/{id}: the link stops working. */
export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/v1/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationsQueryOptions.queryKey }),
  });
}

/** POST /api/v1/invitations/{id}/resend: seven more days and a new link (the old one stops working). */
export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<unknown>(`/api/v1/invitations/${encodeURIComponent(id)}/resend`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationsQueryOptions.queryKey }),
  });
}

/** What the invitation page shows before accepting. */
export interface InvitationInfo {
  organization: string;
  email: string;
  role: Role;
  invited_by: string;
  account_exists: boolean;
}

/**
 * POST /api/v1/invitations/lookup: the invitation of a link's token; 400
 * when it cannot be accepted. Public, the same for whoever asks: its key
 * starts with 'auth', so signing in or out, or switching, keeps it.
 */
export function invitationLookupQueryOptions(token: string) {
  return queryOptions({
    queryKey: ['auth', 'invitation', token],
    queryFn: ({ signal }) =>
      apiRequest<InvitationInfo>('/api/v1/invitations/lookup', { method: 'POST', body: { token }, signal }),
    staleTime: Infinity,
  });
}

/**
 * POST /api/v1/invitations/accept: the signed-in user joins, and the session
 * moves there. The caller moves the app there (useOpenOrganization).
 */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (token: string) => apiRequest<Session>('/api/v1/invitations/accept', { method: 'POST', body: { token } }),
  });
}

/** POST /api/v1/invitations/accept-new: creates the invitee's account, signed in, in the organization. */
export function useAcceptInvitationAsNewUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: AcceptInvitationValues & { token: string }) =>
      apiRequest<Session>('/api/v1/invitations/accept-new', { method: 'POST', body: values }),
    onSuccess: (session) => startSession(queryClient, session),
  });
}
