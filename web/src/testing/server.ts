import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Session } from '@/features/auth/api/session';

/** The session of the signed-in user in tests (see signedIn()). */
export const testSession: Session = {
  user: {
    id: 'usr_1',
    email: 'ana@lojadaana.com.br',
    name: 'Ana Souza',
    email_verified_at: null,
    has_password: true,
    created_at: '2025-01-02T12:00:00Z',
  },
  organization: { id: 'org_1', name: 'Loja da Ana', created_at: '2025-01-02T12:00:00Z' },
  role: 'owner',
  organizations: [{ id: 'org_1', name: 'Loja da Ana', created_at: '2025-01-02T12:00:00Z', role: 'owner' }],
  csrf_token: 'csrf-me',
};

const unauthorized = (message: string) => HttpResponse.json({ error: { code: 'unauthorized', message } }, { status: 401 });

/**
 * The API as tests see it by default: nobody is signed in (me and refresh
 * answer 401, as the real server does). A test overrides a route with
 * server.use(), or calls signedIn().
 */
export const handlers = [
  http.get('/api/v1/version', () => HttpResponse.json({ version: '0.1.0-test', commit: 'abc1234def5678' })),
  http.get('/api/v1/auth/me', () => unauthorized('Entre para continuar.')),
  http.post('/api/v1/auth/refresh', () => unauthorized('Sua sessão terminou. Entre novamente.')),
  // No sign-in providers but e-mail and password, and no development mailbox (a production server).
  http.get('/api/v1/auth/providers', () => HttpResponse.json({ google: false, dev_outbox: false })),
  http.get('/api/v1/dev/outbox', () => HttpResponse.json({ error: { code: 'not_found', message: 'x' } }, { status: 404 })),
  // No agents yet (/agentes is a page other tests visit too).
  http.get('/api/v1/agents', () => HttpResponse.json({ items: [], next_cursor: '' })),
  // No conversation waits for a person (the badge on "Conversas" asks on every page).
  http.get('/api/v1/conversations', () => HttpResponse.json({ items: [], next_cursor: '' })),
  // Conversas (a signed-in page other tests visit) asks the channels and the team for its filters.
  http.get('/api/v1/channels', () => HttpResponse.json({ items: [] })),
  http.get('/api/v1/members', () => HttpResponse.json({ items: [], next_cursor: '' })),
];

export const server = setupServer(...handlers);

/** Makes GET /auth/me answer with the test session (or the one given). */
export function signedIn(session: Session = testSession): void {
  server.use(http.get('/api/v1/auth/me', () => HttpResponse.json(session)));
}
