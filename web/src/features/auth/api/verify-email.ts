import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import { updateSessionUser, type User } from './session';

/**
 * POST /api/v1/auth/verify-email: uses the link's token (a sign-up's or an
 * e-mail change's). When the user is signed in here, the cached session
 * gets the confirmed (possibly new) e-mail.
 */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      apiRequest<{ user: User }>('/api/v1/auth/verify-email', { method: 'POST', body: { token } }),
    onSuccess: ({ user }) => updateSessionUser(queryClient, user),
  });
}

/** POST /api/v1/auth/verify-email/resend: mails the signed-in user a new confirmation link. */
export function useResendVerification() {
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/v1/auth/verify-email/resend', { method: 'POST' }),
  });
}
