import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionQueryOptions } from '@/features/auth/api/session';
import { apiRequest } from '@/lib/api';
import type { ChangeEmailValues, ChangePasswordValues } from '../schemas';
import { accountSessionsQueryOptions } from './sessions';

/**
 * POST /api/v1/account/password: a new password (or a first one, with an
 * empty current_password), and maybe the end of the other sessions. The
 * session is loaded again: has_password is true from now on.
 */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: ChangePasswordValues) =>
      apiRequest<void>('/api/v1/account/password', { method: 'POST', body: values }),
    onSuccess: (_, values) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sessionQueryOptions.queryKey }),
        values.end_other_sessions
          ? queryClient.invalidateQueries({ queryKey: accountSessionsQueryOptions.queryKey })
          : undefined,
      ]),
  });
}

/**
 * POST /api/v1/account/email: mails a confirmation link to the new address;
 * the e-mail changes when that link is opened.
 */
export function useChangeEmail() {
  return useMutation({
    mutationFn: (values: ChangeEmailValues) => apiRequest<void>('/api/v1/account/email', { method: 'POST', body: values }),
  });
}
