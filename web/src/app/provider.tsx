import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Toaster } from '@/components/ui/toast';
import { endSession } from '@/features/auth/api/session';
import { watchOrganization } from '@/features/organizations/api/organization-sync';
import { onSessionExpired } from '@/lib/api';

/** Everything the pages rely on: the query cache and the toasts. */
export function AppProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  // When the API client cannot renew the session, nobody is signed in any more:
  // the route guard then sends the user to the sign-in page.
  useEffect(() => onSessionExpired(() => endSession(queryClient)), [queryClient]);
  // Every request names the organization shown; a switch in another tab is noticed and followed.
  useEffect(() => watchOrganization(queryClient), [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
