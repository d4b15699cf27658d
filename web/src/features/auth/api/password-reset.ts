import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { ForgotPasswordValues, ResetPasswordValues } from '../schemas';
import { type Session, startSession } from './session';

/**
 * POST /api/v1/auth/password-reset: mails a link to create a new password.
 * The server answers 202 whether or not the e-mail has an account.
 */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (values: ForgotPasswordValues) =>
      apiRequest<void>('/api/v1/auth/password-reset', { method: 'POST', body: values }),
  });
}

/**
 * POST /api/v1/auth/password-reset/confirm: sets the new password with the
 * link's token. The user is signed in here (every other session ended): the
 * session query holds the new session.
 */
export function useConfirmPasswordReset(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: ResetPasswordValues) =>
      apiRequest<Session>('/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, ...values } }),
    onSuccess: (session) => startSession(queryClient, session),
  });
}
