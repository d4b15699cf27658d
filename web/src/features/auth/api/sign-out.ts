import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import { endSession } from './session';

// After either, the session query holds null and the route guard takes the
// user to the sign-in page.

/** POST /api/v1/auth/logout: ends this session; the cache forgets the account. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/v1/auth/logout', { method: 'POST' }),
    onSuccess: () => endSession(queryClient, { byUser: true }),
  });
}

/** POST /api/v1/auth/logout-all: ends every session of the user, on every device. */
export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/v1/auth/logout-all', { method: 'POST' }),
    onSuccess: () => endSession(queryClient, { byUser: true }),
  });
}
