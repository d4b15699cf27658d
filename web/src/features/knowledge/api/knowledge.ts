import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** A knowledge base: a set of files and FAQs the agents consult. */
export interface KnowledgeBase {
  id: string;
  name: string;
  created_at: string;
}

export type SourceStatus = 'queued' | 'extracting' | 'indexing' | 'ready' | 'failed';

/** A file or a FAQ in a knowledge base, with where its processing is. */
export interface Source {
  id: string;
  knowledge_base_id: string;
  kind: 'file' | 'faq';
  name: string;
  format: string;
  size_bytes: number;
  question: string;
  answer: string;
  /** Set on a page of a web site (see sites.ts). */
  site_id?: string;
  /** A page's address. */
  url?: string;
  status: SourceStatus;
  progress_done: number;
  progress_total: number;
  error: string;
  created_at: string;
  updated_at: string;
}

/** A piece of a source's text, as the agents find it. */
export interface Chunk {
  seq: number;
  heading: string;
  text: string;
}

const baseKey = 'knowledge';

/** GET /api/v1/knowledge-bases. */
export const knowledgeBasesQueryOptions = queryOptions({
  queryKey: [baseKey, 'bases'],
  queryFn: () => apiRequest<{ items: KnowledgeBase[] }>('/api/v1/knowledge-bases'),
  select: (data) => data.items ?? [],
});

/** The prefix of every base's sources list (the live updates go through them all). */
export const allSourcesKey = [baseKey, 'sources'] as const;

/** GET /api/v1/knowledge-bases/{id}/sources. */
export function sourcesQueryOptions(baseId: string) {
  return queryOptions({
    queryKey: [...allSourcesKey, baseId],
    queryFn: () => apiRequest<{ items: Source[] }>(`/api/v1/knowledge-bases/${encodeURIComponent(baseId)}/sources`),
  });
}

/** GET /api/v1/sources/{id}/chunks. */
export function chunksQueryOptions(sourceId: string) {
  return queryOptions({
    queryKey: [baseKey, 'chunks', sourceId],
    queryFn: () => apiRequest<{ items: Chunk[] }>(`/api/v1/sources/${encodeURIComponent(sourceId)}/chunks`),
    select: (data) => data.items ?? [],
  });
}

/** Puts a source (new or changed) in its base's cached list. */
export function putSource(queryClient: QueryClient, source: Source): void {
  queryClient.setQueryData(sourcesQueryOptions(source.knowledge_base_id).queryKey, (data) => {
    if (!data) return data;
    const items = data.items ?? [];
    const exists = items.some((s) => s.id === source.id);
    return { items: exists ? items.map((s) => (s.id === source.id ? source : s)) : [source, ...items] };
  });
}

/** Changes a source wherever it is cached; false when no cached list has it. */
export function patchSource(queryClient: QueryClient, sourceId: string, patch: Partial<Source>): boolean {
  let found = false;
  for (const [key, data] of queryClient.getQueriesData<{ items: Source[] }>({ queryKey: allSourcesKey })) {
    if (data?.items?.some((s) => s.id === sourceId)) {
      found = true;
      queryClient.setQueryData<{ items: Source[] }>(key, {
        items: data.items.map((s) => (s.id === sourceId ? { ...s, ...patch } : s)),
      });
    }
  }
  return found;
}

/** Drops a source from every cached list. */
export function dropSource(queryClient: QueryClient, sourceId: string): void {
  for (const [key, data] of queryClient.getQueriesData<{ items: Source[] }>({ queryKey: allSourcesKey })) {
    if (data?.items?.some((s) => s.id === sourceId)) {
      queryClient.setQueryData<{ items: Source[] }>(key, { items: data.items.filter((s) => s.id !== sourceId) });
    }
  }
}

/** POST /api/v1/knowledge-bases (admins). */
export function useCreateKnowledgeBase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: { name: string }) =>
      apiRequest<KnowledgeBase>('/api/v1/knowledge-bases', { method: 'POST', body: values }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeBasesQueryOptions.queryKey }),
  });
}

/** DELETE /api/v1/knowledge-bases/{id} (admins): its sources, chunks and files go too. */
export function useDeleteKnowledgeBase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/v1/knowledge-bases/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeBasesQueryOptions.queryKey }),
  });
}

/** POST /api/v1/knowledge-bases/{id}/files: one file, multipart. */
export function useUploadFile(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return apiRequest<Source>(`/api/v1/knowledge-bases/${encodeURIComponent(baseId)}/files`, { method: 'POST', body });
    },
    onSuccess: (source) => putSource(queryClient, source),
  });
}

/** POST /api/v1/knowledge-bases/{id}/faqs. */
export function useAddFaq(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: { question: string; answer: string }) =>
      apiRequest<Source>(`/api/v1/knowledge-bases/${encodeURIComponent(baseId)}/faqs`, { method: 'POST', body: values }),
    onSuccess: (source) => putSource(queryClient, source),
  });
}

/** POST /api/v1/sources/{id}/reingest. */
export function useReingestSource(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/v1/sources/${encodeURIComponent(id)}/reingest`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sourcesQueryOptions(baseId).queryKey }),
  });
}

/** DELETE /api/v1/sources/{id}. */
export function useDeleteSource(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/v1/sources/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => {
      dropSource(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: sourcesQueryOptions(baseId).queryKey });
    },
  });
}
