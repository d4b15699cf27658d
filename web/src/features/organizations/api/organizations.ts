import { useMutation } from '@tanstack/react-query';
import type { Session } from '@/features/auth/api/session';
import { apiRequest } from '@/lib/api';
import type { CreateOrganizationValues } from '../schemas';
import type { OrganizationDetails } from './organization';

function switchTo(organizationId: string): Promise<Session> {
  return apiRequest<Session>('/api/v1/auth/switch-org', { method: 'POST', body: { organization_id: organizationId } });
}

/**
 * POST /api/v1/auth/switch-org: moves the session to another of the user's
 * organizations. The caller moves the app there (useOpenOrganization).
 */
export function useSwitchOrganization() {
  return useMutation({ mutationFn: switchTo });
}

/**
 * POST /api/v1/organizations, then a switch to it: the user owns it and is
 * in it. The caller moves the app there (useOpenOrganization).
 */
export function useCreateOrganization() {
  return useMutation({
    mutationFn: async (values: CreateOrganizationValues) => {
      const organization = await apiRequest<OrganizationDetails>('/api/v1/organizations', { method: 'POST', body: values });
      return switchTo(organization.id);
    },
  });
}
