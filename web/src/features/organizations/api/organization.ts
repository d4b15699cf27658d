import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { endSession, sessionQueryOptions } from '@/features/auth/api/session';
import { ApiError, apiRequest } from '@/lib/api';
import type { OrganizationValues } from '../schemas';

/** The organization the session is in, with its settings. */
export interface OrganizationDetails {
  id: string;
  name: string;
  time_zone: string;
  /** Whether it has a logo (GET /api/v1/organization/logo is asked only then). */
  has_logo: boolean;
  created_at: string;
}

const organizationKey = 'organization';

// The organization's queries do not hand TanStack's abort signal to the
// request: a page left while its data loads (e.g. right after a switch of
// organization, which reloads what is on the screen) lets the small read
// finish into the cache, rather than cut it off mid-way.

/** GET /api/v1/organization. */
export const organizationQueryOptions = queryOptions({
  queryKey: [organizationKey, 'details'],
  queryFn: () => apiRequest<OrganizationDetails>('/api/v1/organization'),
});

/**
 * GET /api/v1/organization/logo: the logo as an image. Asked only when the
 * organization's has_logo says there is one (enabled); null if it went in
 * the meantime (the server answers 404).
 */
export const organizationLogoQueryOptions = queryOptions({
  queryKey: [organizationKey, 'logo'],
  queryFn: async ({ client }): Promise<Blob | null> => {
    // A reload of every query (a switch of organization) may reach this one before the
    // component sees the new organization's details: without them saying so, no logo.
    if (client.getQueryData(organizationQueryOptions.queryKey)?.has_logo !== true) {
      return null;
    }
    try {
      return await apiRequest<Blob>('/api/v1/organization/logo', { responseType: 'blob' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        return null;
      }
      throw err;
    }
  },
});

/** PATCH /api/v1/organization (admins): the new settings show here and in the session (its name). */
export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: OrganizationValues) =>
      apiRequest<OrganizationDetails>('/api/v1/organization', { method: 'PATCH', body: values }),
    onSuccess: (organization) => {
      queryClient.setQueryData(organizationQueryOptions.queryKey, organization);
      return queryClient.invalidateQueries({ queryKey: sessionQueryOptions.queryKey });
    },
  });
}

/** DELETE /api/v1/organization (owners), confirmed by its exact name. The session ends with it. */
export function useDeleteOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) => apiRequest<void>('/api/v1/organization', { method: 'DELETE', body: { confirm } }),
    onSuccess: () => endSession(queryClient, { byUser: true }),
  });
}

/** The logo's limits, as the server checks them. */
export const logoTypes: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];
export const maxLogoBytes = 512 * 1024;

/** Puts the new logo (or none) in the cache, and loads the organization again (its has_logo). */
function logoChanged(queryClient: QueryClient, logo: Blob | null): Promise<void> {
  queryClient.setQueryData(organizationLogoQueryOptions.queryKey, logo);
  queryClient.setQueryData(organizationQueryOptions.queryKey, (details) => details && { ...details, has_logo: logo !== null });
  return queryClient.invalidateQueries({ queryKey: organizationQueryOptions.queryKey });
}

/** PUT /api/v1/organization/logo (admins): the file itself is the body. */
export function useUploadLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: Blob) => apiRequest<void>('/api/v1/organization/logo', { method: 'PUT', body: file }),
    onSuccess: (_, file) => logoChanged(queryClient, file),
  });
}

/** DELETE /api/v1/organization/logo (admins). */
export function useRemoveLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/v1/organization/logo', { method: 'DELETE' }),
    onSuccess: () => logoChanged(queryClient, null),
  });
}
