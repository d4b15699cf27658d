// Test data and API handlers for the knowledge base.
import { http, HttpResponse } from 'msw';
import type { Role } from '@/features/auth/api/session';
import { sessionAs } from '@/features/organizations/testing/fixtures';
import { server, signedIn } from '@/testing/server';
import type { KnowledgeBase, Source } from '../api/knowledge';

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

/** Signed in with role; the bases and the sources of Catálogo 2025 answer. */
export function knowledgeApi(role: Role = 'owner', { bases = [catalogo], sources = [source()] } = {}) {
  signedIn(sessionAs(role));
  server.use(
    http.get('/api/v1/knowledge-bases', () => HttpResponse.json({ items: bases })),
    http.get('/api/v1/knowledge-bases/:id/sources', () => HttpResponse.json({ items: sources })),
  );
}
