import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { SignInValues } from '../schemas';
import { type Session, startSession } from './session';

/** POST /api/v1/auth/login; on success the session query holds the new session. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: SignInValues) => apiRequest<Session>('/api/v1/auth/login', { method: 'POST', body: values }),
    onSuccess: (session) => startSession(queryClient, session),
  });
}
