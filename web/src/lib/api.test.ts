import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server } from '@/testing/server';
import { ApiError, apiRequest, errorCode } from './api';

/** The ApiError apiRequest(path) rejects with. */
async function failure(path: string, options?: Parameters<typeof apiRequest>[1]): Promise<ApiError> {
  try {
    await apiRequest(path, options);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`expected ${path} to fail`);
}

describe('apiRequest', () => {
  it('returns the JSON body', async () => {
    await expect(apiRequest('/api/v1/version')).resolves.toEqual({ version: '0.1.0-test', commit: 'abc1234' });
  });

  it('sends cookies, and a JSON body as JSON', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    let received: unknown;
    server.use(
      http.post('/api/v1/things', async ({ request }) => {
        received = { contentType: request.headers.get('Content-Type'), body: await request.json() };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(apiRequest('/api/v1/things', { method: 'POST', body: { name: 'Loja' } })).resolves.toBeUndefined();
    expect(received).toEqual({ contentType: 'application/json', body: { name: 'Loja' } });
    expect(fetchSpy.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', credentials: 'include' });
  });

  it('turns the server error body into an ApiError with fields', async () => {
    server.use(
      http.post('/api/v1/agents', () =>
        HttpResponse.json(
          { error: { code: 'invalid', message: 'Confira os campos.', fields: { name: 'Informe um nome.' } } },
          { status: 400 },
        ),
      ),
    );
    const err = await failure('/api/v1/agents', { method: 'POST', body: {} });
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(400);
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('Confira os campos.');
    expect(err.fields).toEqual({ name: 'Informe um nome.' });
  });

  it('reads each server code', async () => {
    server.use(
      http.get('/api/v1/limited', () =>
        HttpResponse.json({ error: { code: 'rate_limited', message: 'Calma.' } }, { status: 429 }),
      ),
      http.get('/api/v1/csrf', () =>
        HttpResponse.json({ error: { code: 'csrf_failed', message: 'CSRF.' } }, { status: 403 }),
      ),
    );
    const limited = await failure('/api/v1/limited');
    expect([limited.status, limited.code, limited.fields]).toEqual([429, 'rate_limited', undefined]);
    expect((await failure('/api/v1/csrf')).code).toBe('csrf_failed');
  });

  it('answers the real catch-all 404 of unknown API routes', async () => {
    server.use(
      http.get('/api/v1/nope', () =>
        HttpResponse.json({ error: { code: 'not_found', message: 'Rota desconhecida: /api/v1/nope' } }, { status: 404 }),
      ),
    );
    const err = await failure('/api/v1/nope');
    expect([err.status, err.code]).toEqual([404, 'not_found']);
  });

  it('falls back to the status when the body is not JSON', async () => {
    server.use(http.get('/api/v1/proxy', () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 })));
    const err = await failure('/api/v1/proxy');
    expect([err.status, err.code]).toEqual([502, 'unavailable']);
  });

  it('falls back to the status when the code is unknown', async () => {
    server.use(
      http.get('/api/v1/odd', () => HttpResponse.json({ error: { code: 'teapot', message: 'Hm.' } }, { status: 409 })),
    );
    const err = await failure('/api/v1/odd');
    expect([err.code, err.message]).toEqual(['conflict', 'Hm.']);
  });

  it('keeps only string field messages', async () => {
    server.use(
      http.get('/api/v1/fields', () =>
        HttpResponse.json(
          { error: { code: 'invalid', message: 'x', fields: { email: 'Inválido.', count: 3 } } },
          { status: 400 },
        ),
      ),
    );
    expect((await failure('/api/v1/fields')).fields).toEqual({ email: 'Inválido.' });
  });

  it("turns a network failure into code 'network' with status 0", async () => {
    server.use(http.get('/api/v1/version', () => HttpResponse.error()));
    const err = await failure('/api/v1/version');
    expect([err.status, err.code]).toEqual([0, 'network']);
    expect(err.cause).toBeDefined();
  });

  it('passes an abort on as it is, not as an ApiError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(apiRequest('/api/v1/version', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('rejects a 2xx body that is not JSON', async () => {
    server.use(http.get('/api/v1/html', () => HttpResponse.text('<!doctype html>')));
    const err = await failure('/api/v1/html');
    expect([err.status, err.code]).toEqual([200, 'internal']);
  });
});

describe('errorCode', () => {
  it("is an ApiError's code, else 'internal'", () => {
    expect(errorCode(new ApiError({ status: 0, code: 'network', message: 'x' }))).toBe('network');
    expect(errorCode(new TypeError('boom'))).toBe('internal');
  });
});
