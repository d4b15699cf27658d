// Test data and API handlers for the inbox.
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/server';
import type { ConversationSummary, InboxMember, Note } from '../api/inbox';

export function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 'cv_1',
    channel: { id: 'ch_wa', type: 'whatsapp', name: 'Loja' },
    contact: { id: 'ct_1', name: 'Carla Dias', phone: '+5511999990000', wa_id: '5511999990000' },
    lead: { id: 'ld_1', stage: 'new', assignee_id: '' },
    agent_id: 'ag_1',
    status: 'open',
    ai_paused: false,
    labels: [],
    last_message_at: '2025-03-05T12:02:00Z',
    last_message: { id: 'm_2', author: 'ai', direction: 'out', text: 'Entregamos em 5 dias.', status: 'delivered', created_at: '2025-03-05T12:02:00Z' },
    unread: 0,
    window_expires_at: null,
    ...overrides,
  };
}

export const members: InboxMember[] = [
  { user_id: 'usr_1', name: 'Ana Souza', email: 'ana@lojadaana.com.br', role: 'owner', joined_at: '2025-01-02T12:00:00Z', available: true },
  { user_id: 'usr_2', name: 'Bia Lima', email: 'bia@lojadaana.com.br', role: 'member', joined_at: '2025-01-03T12:00:00Z', available: false },
];

export const note: Note = { id: 'nt_1', user_id: 'usr_2', user_name: 'Bia Lima', text: 'Ligar amanhã cedo.', created_at: '2025-03-05T12:01:30Z' };

/** The lists (by the query string the page asks), notes, members and channels; records the requests it gets. */
export function inboxApi({
  list = () => ({ items: [summary()], next_cursor: '' }),
  notes = [note],
}: { list?: (query: URLSearchParams) => { items: ConversationSummary[]; next_cursor: string }; notes?: Note[] } = {}) {
  const calls: { method: string; path: string; query: string; body: unknown }[] = [];
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    calls.push({ method: request.method, path: url.pathname, query: url.search, body: text ? JSON.parse(text) : undefined });
  };
  server.use(
    http.get('/api/v1/conversations', async ({ request }) => {
      await record(request);
      return HttpResponse.json(list(new URL(request.url).searchParams));
    }),
    http.get('/api/v1/conversations/:id/notes', () => HttpResponse.json({ items: notes, next_cursor: '' })),
    http.get('/api/v1/members', () => HttpResponse.json({ items: members })),
    http.get('/api/v1/channels', () => HttpResponse.json({ items: [] })),
    http.post('/api/v1/conversations/:id/read', async ({ request }) => {
      await record(request);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return calls;
}
