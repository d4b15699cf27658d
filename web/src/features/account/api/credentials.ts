import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { ChangeEmailValues, ChangePasswordValues } from '../schemas';
import { accountSessionsQueryOptions } from './sessions';

/** POST /api/v1/account/password: a new password, and maybe the end of the other sessions. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: ChangePasswordValues) =>
      apiRequest<void>('/api/v1/account/password', { method: 'POST', body: values }),
    onSuccess: (_, values) =>
      values.end_other_sessions
        ? queryClient.invalidateQueries({ queryKey: accountSessionsQueryOptions.queryKey })
        : undefined,
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
