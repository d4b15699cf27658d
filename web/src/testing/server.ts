import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** The API as tests see it by default; a test overrides a route with server.use(). */
export const handlers = [
  http.get('/api/v1/version', () => HttpResponse.json({ version: '0.1.0-test', commit: 'abc1234' })),
];

export const server = setupServer(...handlers);
