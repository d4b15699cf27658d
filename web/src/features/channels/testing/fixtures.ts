// Test data and API handlers for the WhatsApp channels.
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/server';
import type { Channel } from '../api/channels';

export function channel(overrides: Partial<Channel> = {}): Channel {
  return {
    id: 'ch_1',
    type: 'whatsapp',
    name: 'Loja Centro',
    phone_number_id: '106540352242922',
    waba_id: '102290129340398',
    display_number: '+55 62 99999-0000',
    verified_name: 'Loja Solar',
    agent_id: 'agt_1',
    enabled: true,
    token_hint: '…a1b2',
    own_app: false,
    webhook_url: 'https://app.pilotodevendas.com.br/webhooks/whatsapp',
    proven_at: '2025-03-01T12:00:00Z',
    token_error: '',
    token_error_at: null,
    last_webhook_at: null,
    dropped_entries: 0,
    created_at: '2025-03-01T11:00:00Z',
    updated_at: '2025-03-01T12:00:00Z',
    ...overrides,
  };
}

/** GET /channels answers the list given (a test's own handlers change it), GET /agents one agent, Sol. */
export function channelsApi(items: Channel[] = [channel()]) {
  server.use(
    http.get('/api/v1/channels', () => HttpResponse.json({ items, next_cursor: '' })),
    http.get('/api/v1/agents', () =>
      HttpResponse.json({ items: [{ id: 'agt_1', name: 'Sol' }, { id: 'agt_2', name: 'Lua' }], next_cursor: '' }),
    ),
  );
}
