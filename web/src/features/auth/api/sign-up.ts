import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { SignUpValues } from '../schemas';
import { type Session, startSession } from './session';

/** POST /api/v1/auth/signup: creates the user and the organization, and signs in. */
export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: SignUpValues) => apiRequest<Session>('/api/v1/auth/signup', { method: 'POST', body: values }),
    onSuccess: (session) => startSession(queryClient, session),
  });
}
