// Test data and API handlers for the knowledge base.
import { http, HttpResponse } from 'msw';
import type { Role } from '@/features/auth/api/session';
import { sessionAs } from '@/features/organizations/testing/fixtures';
import { server, signedIn } from '@/testing/server';
import type { KnowledgeBase, Source } from '../api/knowledge';
import type { Site } from '../api/sites';

export const catalogo: KnowledgeBase = { id: 'kb_1', name: 'Catálogo 2025', created_at: '2025-03-01T12:00:00Z' };

export function source(overrides: Partial<Source> = {}): Source {
  return {
    id: 'src_1',
    knowledge_base_id: catalogo.id,
    kind: 'file',
    name: 'precos.pdf',
    format: 'pdf',
    size_bytes: 1536,
    question: '',
    answer: '',
    status: 'ready',
    progress_done: 0,
    progress_total: 0,
    error: '',
    created_at: '2025-03-02T12:00:00Z',
    updated_at: '2025-03-02T12:00:00Z',
    ...overrides,
  };
}

export function site(overrides: Partial<Site> = {}): Site {
  return {
    id: 'site_1',
    knowledge_base_id: catalogo.id,
    url: 'https://www.soldocerrado.com.br/',
    crawl: true,
    max_pages: 20,
    status: 'ready',
    error: '',
    pages_found: 2,
    last_synced_at: '2025-03-02T12:00:00Z',
    next_sync_at: '2025-03-03T12:00:00Z',
    created_at: '2025-03-02T11:00:00Z',
    updated_at: '2025-03-02T12:00:00Z',
    ...overrides,
  };
}

/** A page of site_1: a source with site_id and url. */
export function sitePage(overrides: Partial<Source> = {}): Source {
  return source({
    id: 'page_1',
    name: 'Sol do Cerrado',
    format: 'html',
    site_id: 'site_1',
    url: 'https://www.soldocerrado.com.br/',
    ...overrides,
  });
}

/** Signed in with role; the bases, the sources and the sites (with their pages) of Catálogo 2025 answer. */
export function knowledgeApi(
  role: Role = 'owner',
  { bases = [catalogo], sources = [source()], sites = [] as Site[], pages = [] as Source[] } = {},
) {
  signedIn(sessionAs(role));
  server.use(
    http.get('/api/v1/knowledge-bases', () => HttpResponse.json({ items: bases })),
    http.get('/api/v1/knowledge-bases/:id/sources', () => HttpResponse.json({ items: sources })),
    http.get('/api/v1/knowledge-bases/:id/sites', () => HttpResponse.json({ items: sites })),
    http.get('/api/v1/sites/:id', ({ params }) => {
      const found = sites.find((s) => s.id === params.id);
      if (!found) return HttpResponse.json({ error: { code: 'not_found', message: 'Site não encontrado.' } }, { status: 404 });
      return HttpResponse.json({ ...found, pages: pages.filter((p) => p.site_id === found.id) });
    }),
  );
}
