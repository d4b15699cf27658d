import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { Source } from './knowledge';

export type SiteStatus = 'queued' | 'crawling' | 'ready' | 'failed';

/** A web site a knowledge base reads; each of its pages is a source of its own. */
export interface Site {
  id: string;
  knowledge_base_id: string;
  url: string;
  crawl: boolean;
  max_pages: number;
  status: SiteStatus;
  error: string;
  pages_found: number;
  last_synced_at: string | null;
  next_sync_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A site and its pages (sources with site_id and url). */
export interface SiteWithPages extends Site {
  pages: Source[];
}

/** The prefix of every base's list of sites. */
export const allSitesKey = ['knowledge', 'sites'] as const;
/** The prefix of every site's details (with its pages). */
export const allSiteDetailsKey = ['knowledge', 'site'] as const;

/** GET /api/v1/knowledge-bases/{id}/sites. */
export function sitesQueryOptions(baseId: string) {
  return queryOptions({
    queryKey: [...allSitesKey, baseId],
    queryFn: () => apiRequest<{ items: Site[] }>(`/api/v1/knowledge-bases/${encodeURIComponent(baseId)}/sites`),
  });
}

/** GET /api/v1/sites/{id}: the site with its pages. */
export function siteQueryOptions(siteId: string) {
  return queryOptions({
    queryKey: [...allSiteDetailsKey, siteId],
    queryFn: () => apiRequest<SiteWithPages>(`/api/v1/sites/${encodeURIComponent(siteId)}`),
  });
}

/** Puts a site (new or changed) in its base's cached list and in its cached details. */
export function putSite(queryClient: QueryClient, site: Site): void {
  queryClient.setQueryData(sitesQueryOptions(site.knowledge_base_id).queryKey, (data) => {
    if (!data) return data;
    const items = data.items ?? [];
    const exists = items.some((s) => s.id === site.id);
    return { items: exists ? items.map((s) => (s.id === site.id ? site : s)) : [...items, site] };
  });
  queryClient.setQueryData(siteQueryOptions(site.id).queryKey, (data) => (data ? { ...data, ...site, pages: data.pages } : data));
}

/** Drops a site from every cached list, and its details. */
export function dropSite(queryClient: QueryClient, siteId: string): void {
  for (const [key, data] of queryClient.getQueriesData<{ items: Site[] }>({ queryKey: allSitesKey })) {
    if (data?.items?.some((s) => s.id === siteId)) {
      queryClient.setQueryData<{ items: Site[] }>(key, { items: data.items.filter((s) => s.id !== siteId) });
    }
  }
  queryClient.removeQueries({ queryKey: siteQueryOptions(siteId).queryKey });
}

/** Puts a page (a source with site_id) in its site's cached details, in URL order. */
export function putSitePage(queryClient: QueryClient, page: Source): void {
  if (!page.site_id) return;
  queryClient.setQueryData(siteQueryOptions(page.site_id).queryKey, (data) => {
    if (!data) return data;
    const exists = data.pages.some((p) => p.id === page.id);
    const pages = exists ? data.pages.map((p) => (p.id === page.id ? page : p)) : [...data.pages, page];
    return { ...data, pages: pages.sort((a, b) => (a.url ?? '').localeCompare(b.url ?? '')) };
  });
}

/** Changes a page wherever its site's details are cached; false when none has it. */
export function patchSitePage(queryClient: QueryClient, sourceId: string, patch: Partial<Source>): boolean {
  let found = false;
  for (const [key, data] of queryClient.getQueriesData<SiteWithPages>({ queryKey: allSiteDetailsKey })) {
    if (data?.pages?.some((p) => p.id === sourceId)) {
      found = true;
      queryClient.setQueryData<SiteWithPages>(key, {
        ...data,
        pages: data.pages.map((p) => (p.id === sourceId ? { ...p, ...patch } : p)),
      });
    }
  }
  return found;
}

/** Drops a page from every cached site; false when none had it. */
export function dropSitePage(queryClient: QueryClient, sourceId: string): boolean {
  let found = false;
  for (const [key, data] of queryClient.getQueriesData<SiteWithPages>({ queryKey: allSiteDetailsKey })) {
    if (data?.pages?.some((p) => p.id === sourceId)) {
      found = true;
      queryClient.setQueryData<SiteWithPages>(key, { ...data, pages: data.pages.filter((p) => p.id !== sourceId) });
    }
  }
  return found;
}

/** The body of POST /api/v1/knowledge-bases/{id}/sites. */
export interface NewSite {
  url: string;
  crawl: boolean;
  max_pages: number;
}

/** POST /api/v1/knowledge-bases/{id}/sites (admins): its first sync is queued. */
export function useAddSite(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: NewSite) =>
      apiRequest<Site>(`/api/v1/knowledge-bases/${encodeURIComponent(baseId)}/sites`, { method: 'POST', body: values }),
    onSuccess: (site) => putSite(queryClient, site),
  });
}

/** POST /api/v1/sites/{id}/sync (admins). */
export function useSyncSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<Site>(`/api/v1/sites/${encodeURIComponent(id)}/sync`, { method: 'POST' }),
    onSuccess: (site) => putSite(queryClient, site),
  });
}

/** DELETE /api/v1/sites/{id} (admins): its pages and their passages go too. */
export function useDeleteSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/v1/sites/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => dropSite(queryClient, id),
  });
}
