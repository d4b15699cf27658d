import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** A piece of a passage's text; match marks a word the query found. */
export interface SnippetPart {
  text: string;
  match?: boolean;
}

/** A passage search found, best first. */
export interface SearchHit {
  chunk_id: string;
  source_id: string;
  source_name: string;
  knowledge_base_id: string;
  /** Heading path, "Garantias › Inversores". */
  heading: string;
  seq: number;
  /** BM25: higher is better. */
  score: number;
  text: string;
  snippet: SnippetPart[];
}

/** How many passages "Testar busca" shows. */
export const searchLimit = 5;

/** GET /api/v1/knowledge/search?q=…&limit=5[&base_id=…]: what the agent would find. */
export function searchQueryOptions(q: string, baseIds: readonly string[] = []) {
  const params = new URLSearchParams({ q, limit: String(searchLimit) });
  for (const id of baseIds) params.append('base_id', id);
  return queryOptions({
    queryKey: ['knowledge', 'search', q, [...baseIds]],
    queryFn: ({ signal }) => apiRequest<{ items: SearchHit[] }>(`/api/v1/knowledge/search?${params.toString()}`, { signal }),
    select: (data) => data.items ?? [],
    staleTime: 0,
    retry: false,
  });
}
