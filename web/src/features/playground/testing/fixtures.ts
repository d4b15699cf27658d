// Test data and API handlers for the playground.
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/server';
import type { Conversation, Message, Trace } from '../api/playground';

export function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'cv_1',
    channel: { id: 'ch_1', type: 'playground', name: 'Playground', created_at: '2025-03-05T12:00:00Z' },
    contact: {
      id: 'ct_1',
      wa_id: '',
      phone: '',
      name: 'Lead de teste',
      test: true,
      created_at: '2025-03-05T12:00:00Z',
      updated_at: '2025-03-05T12:00:00Z',
    },
    lead: {
      id: 'ld_1',
      contact_id: 'ct_1',
      stage: 'new',
      origin: 'playground',
      assignee_id: '',
      test: true,
      fields: [],
      created_at: '2025-03-05T12:00:00Z',
      updated_at: '2025-03-05T12:00:00Z',
      closed_at: null,
    },
    agent_id: 'ag_1',
    status: 'open',
    ai_paused: false,
    closed_by: '',
    closed_by_user_id: '',
    closed_at: null,
    last_message_at: '2025-03-05T12:00:00Z',
    created_at: '2025-03-05T12:00:00Z',
    updated_at: '2025-03-05T12:00:00Z',
    ...overrides,
  };
}

export function message(overrides: Partial<Message> & Pick<Message, 'id' | 'author' | 'text'>): Message {
  return {
    conversation_id: 'cv_1',
    direction: overrides.author === 'lead' ? 'in' : 'out',
    author_user_id: '',
    media_ref: '',
    media_type: '',
    provider_message_id: '',
    status: 'sent',
    error: '',
    trace_id: null,
    created_at: '2025-03-05T12:01:00Z',
    sent_at: null,
    delivered_at: null,
    read_at: null,
    ...overrides,
  };
}

export const trace: Trace = {
  id: 'tr_1',
  conversation_id: 'cv_1',
  message_id: 'm_2',
  agent_id: 'ag_1',
  agent_version: 2,
  input_tokens: 1234,
  output_tokens: 56,
  cost_micro_brl: 1200,
  latency_ms: 1530,
  error: '',
  created_at: '2025-03-05T12:01:02Z',
  detail: {
    provider: 'openai',
    model: 'gpt-4.1-mini',
    prompt_chars: 4000,
    outcome: 'reply',
    tool_calls: [
      { name: 'search_knowledge', args: { query: 'prazo de entrega' }, result: { passages: 1 }, error: '' },
      { name: 'update_lead', args: { fields: { nome: { value: 'Carla' } } }, result: { ok: true }, error: '' },
    ],
    passages: [{ chunk_id: 'ch_42', source_id: 'src_1', score: 0.82 }],
  },
};

/** One event of the reply's stream, as the server writes it. */
export function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A reply stream the test writes to as it goes: push(text) sends a piece,
 * close() ends it. The response is the POST's answer.
 */
export function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: () => new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

/** The conversation, its messages (one page unless pages given) and the trace answer. */
export function playgroundApi({
  current = conversation(),
  pages = { '': { items: [] as Message[], next_cursor: '' } },
}: { current?: Conversation; pages?: Record<string, { items: Message[]; next_cursor: string }> } = {}) {
  server.use(
    http.get('/api/v1/conversations/:id', ({ params }) =>
      params.id === current.id
        ? HttpResponse.json(current)
        : HttpResponse.json({ error: { code: 'not_found', message: 'Conversa não encontrada.' } }, { status: 404 }),
    ),
    http.get('/api/v1/conversations/:id/messages', ({ request, params }) => {
      const before = new URL(request.url).searchParams.get('before') ?? '';
      const page = params.id === current.id ? pages[before] : undefined;
      return HttpResponse.json(page ?? { items: [], next_cursor: '' });
    }),
    http.get('/api/v1/traces/:id', ({ params }) =>
      params.id === trace.id
        ? HttpResponse.json(trace)
        : HttpResponse.json({ error: { code: 'not_found', message: 'Registro não encontrado.' } }, { status: 404 }),
    ),
  );
}
