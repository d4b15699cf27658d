import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { paths } from '@/app/paths';
import type { Session } from '@/features/auth/api/session';
import { showOrganization } from './api/organization-sync';

/**
 * After the session moved to another organization (a switch, a new
 * organization, an accepted invitation): the app shows that organization,
 * from its dashboard.
 */
export function useOpenOrganization(): (session: Session) => void {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (session) => {
    showOrganization(queryClient, session);
    void navigate(paths.dashboard);
  };
}
