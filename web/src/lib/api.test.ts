import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server, testSession } from '@/testing/server';
import { ApiError, apiFetch, apiRequest, currentCsrfToken, errorCode, onSessionExpired } from './api';

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
    await expect(apiRequest('/api/v1/version')).resolves.toEqual({ version: '0.1.0-test', commit: 'abc1234def5678' });
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

  it('sends FormData as multipart, with the boundary the runtime writes', async () => {
    let received: { contentType: string | null; text: unknown } | undefined;
    server.use(
      http.post('/api/v1/uploads', async ({ request }) => {
        const form = await request.formData();
        received = { contentType: request.headers.get('Content-Type'), text: form.get('note') };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const body = new FormData();
    body.append('note', 'olá');
    await expect(apiRequest('/api/v1/uploads', { method: 'POST', body })).resolves.toBeUndefined();
    expect(received?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(received?.text).toBe('olá');
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

const unauthorized = () =>
  HttpResponse.json({ error: { code: 'unauthorized', message: 'Entre para continuar.' } }, { status: 401 });

/** A refresh endpoint that counts its calls and answers after a moment (so concurrent failures can pile up). */
function countingRefresh(answer: () => Response = () => HttpResponse.json({ ...testSession, organizations: [], csrf_token: 'csrf-refreshed' })) {
  const calls = { count: 0 };
  server.use(
    http.post('/api/v1/auth/refresh', async () => {
      calls.count++;
      await delay(20);
      return answer();
    }),
  );
  return calls;
}

describe('session renewal', () => {
  it('renews once for 5 concurrent 401s and retries each request once', async () => {
    let renewed = false;
    const attempts = new Map<string, number>();
    server.use(
      http.get('/api/v1/items/:id', ({ params }) => {
        const id = String(params.id);
        attempts.set(id, (attempts.get(id) ?? 0) + 1);
        return renewed ? HttpResponse.json({ id }) : unauthorized();
      }),
    );
    const refresh = countingRefresh(() => {
      renewed = true;
      return HttpResponse.json({ ...testSession, organizations: [], csrf_token: 'csrf-refreshed' });
    });
    const expired = vi.fn();
    const unregister = onSessionExpired(expired);

    const ids = ['1', '2', '3', '4', '5'];
    const results = await Promise.all(ids.map((id) => apiRequest<{ id: string }>(`/api/v1/items/${id}`)));

    expect(results).toEqual(ids.map((id) => ({ id })));
    expect(refresh.count).toBe(1);
    expect([...attempts.values()]).toEqual([2, 2, 2, 2, 2]);
    expect(expired).not.toHaveBeenCalled();
    expect(currentCsrfToken()).toBe('csrf-refreshed');
    unregister();
  });

  it('reports an expired session once when the refresh is refused, and rejects every request', async () => {
    server.use(http.get('/api/v1/items/:id', unauthorized));
    const refresh = countingRefresh(unauthorized);
    const expired = vi.fn();
    const unregister = onSessionExpired(expired);

    const outcomes = await Promise.allSettled(['1', '2', '3'].map((id) => apiRequest(`/api/v1/items/${id}`)));

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const outcome of outcomes) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ status: 401, code: 'unauthorized' });
    }
    expect(refresh.count).toBe(1);
    expect(expired).toHaveBeenCalledTimes(1);
    unregister();
  });

  it('does not report an expired session when the refresh fails for another reason', async () => {
    server.use(http.get('/api/v1/items/1', unauthorized), http.post('/api/v1/auth/refresh', () => HttpResponse.error()));
    const expired = vi.fn();
    const unregister = onSessionExpired(expired);
    await expect(apiRequest('/api/v1/items/1')).rejects.toMatchObject({ code: 'network' });
    expect(expired).not.toHaveBeenCalled();
    unregister();
  });

  it('retries only once: a second 401 after a renewal is the answer', async () => {
    let attempts = 0;
    server.use(
      http.get('/api/v1/items/1', () => {
        attempts++;
        return unauthorized();
      }),
    );
    const refresh = countingRefresh();
    await expect(apiRequest('/api/v1/items/1')).rejects.toMatchObject({ status: 401 });
    expect(attempts).toBe(2);
    expect(refresh.count).toBe(1);
  });

  it('treats 403 csrf_failed like an expired session, retrying with the fresh token', async () => {
    const tokens: (string | null)[] = [];
    server.use(
      http.post('/api/v1/things', ({ request }) => {
        const token = request.headers.get('X-CSRF-Token');
        tokens.push(token);
        return token === 'csrf-refreshed'
          ? new HttpResponse(null, { status: 204 })
          : HttpResponse.json({ error: { code: 'csrf_failed', message: 'CSRF.' } }, { status: 403 });
      }),
    );
    const refresh = countingRefresh();
    await expect(apiRequest('/api/v1/things', { method: 'POST', body: {} })).resolves.toBeUndefined();
    expect(refresh.count).toBe(1);
    expect(tokens).toEqual([null, 'csrf-refreshed']);
  });

  it("renews with the cookie's token when the one in memory is stale", async () => {
    const refreshTokens: (string | null)[] = [];
    server.use(
      http.get('/api/v1/auth/me', () => HttpResponse.json({ ...testSession, csrf_token: 'csrf-old-session' })),
      http.post('/api/v1/things', ({ request }) =>
        request.headers.get('X-CSRF-Token') === 'csrf-new-session'
          ? new HttpResponse(null, { status: 204 })
          : HttpResponse.json({ error: { code: 'csrf_failed', message: 'CSRF.' } }, { status: 403 }),
      ),
      http.post('/api/v1/auth/refresh', ({ request }) => {
        refreshTokens.push(request.headers.get('X-CSRF-Token'));
        return HttpResponse.json({ ...testSession, organizations: [], csrf_token: 'csrf-new-session' });
      }),
    );
    await apiRequest('/api/v1/auth/me');
    // Another tab signed in again: the cookie has the new session's token.
    document.cookie = 'piloto_csrf=csrf-new-session; Path=/';
    await expect(apiRequest('/api/v1/things', { method: 'POST' })).resolves.toBeUndefined();
    expect(refreshTokens).toEqual(['csrf-new-session']);
  });

  it('does not renew a plain 403', async () => {
    server.use(
      http.get('/api/v1/admin', () => HttpResponse.json({ error: { code: 'forbidden', message: 'Não.' } }, { status: 403 })),
    );
    const refresh = countingRefresh();
    await expect(apiRequest('/api/v1/admin')).rejects.toMatchObject({ code: 'forbidden' });
    expect(refresh.count).toBe(0);
  });

  it.each(['/api/v1/auth/login', '/api/v1/auth/signup', '/api/v1/auth/refresh', '/api/v1/auth/logout'])(
    'never renews for %s',
    async (path) => {
      const refresh = countingRefresh();
      let calls = 0;
      server.use(
        http.post(path, () => {
          calls++;
          return unauthorized();
        }),
      );
      await expect(apiRequest(path, { method: 'POST', body: {} })).rejects.toMatchObject({ status: 401 });
      // Sent once, and no refresh besides (for the refresh itself, its one call).
      expect([calls, refresh.count]).toEqual([1, 0]);
    },
  );
});

describe('apiFetch', () => {
  it('returns the response unread, renewing an expired session first, with the fresh CSRF token', async () => {
    let renewed = false;
    const seen: { token: string | null; accept: string | null }[] = [];
    server.use(
      http.post('/api/v1/stream', ({ request }) => {
        seen.push({ token: request.headers.get('X-CSRF-Token'), accept: request.headers.get('Accept') });
        return renewed ? new HttpResponse('event: done\ndata: {}\n\n', { headers: { 'Content-Type': 'text/event-stream' } }) : unauthorized();
      }),
    );
    countingRefresh(() => {
      renewed = true;
      return HttpResponse.json({ ...testSession, organizations: [], csrf_token: 'csrf-refreshed' });
    });
    const response = await apiFetch('/api/v1/stream', { method: 'POST', body: { text: 'oi' }, accept: 'text/event-stream' });
    expect(await response.text()).toBe('event: done\ndata: {}\n\n');
    expect(seen).toEqual([
      { token: null, accept: 'text/event-stream' },
      { token: 'csrf-refreshed', accept: 'text/event-stream' },
    ]);
  });

  it('throws the ApiError of a refusal', async () => {
    server.use(
      http.post('/api/v1/stream', () =>
        HttpResponse.json({ error: { code: 'conflict', message: 'Esta conversa foi encerrada.' } }, { status: 409 }),
      ),
    );
    await expect(apiFetch('/api/v1/stream', { method: 'POST' })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Esta conversa foi encerrada.',
    });
  });
});

describe('CSRF token', () => {
  function recordTokens() {
    const seen: { method: string; token: string | null }[] = [];
    server.use(
      http.all('/api/v1/echo', ({ request }) => {
        seen.push({ method: request.method, token: request.headers.get('X-CSRF-Token') });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    return seen;
  }

  it('sends the token of the latest session body on changes, never on reads', async () => {
    const seen = recordTokens();
    server.use(
      http.post('/api/v1/auth/login', () => HttpResponse.json({ ...testSession, csrf_token: 'csrf-login' })),
      http.get('/api/v1/auth/me', () => HttpResponse.json({ ...testSession, csrf_token: 'csrf-me' })),
    );

    await apiRequest('/api/v1/echo', { method: 'POST' });
    await apiRequest('/api/v1/auth/login', { method: 'POST', body: {} });
    await apiRequest('/api/v1/echo', { method: 'POST' });
    await apiRequest('/api/v1/echo');
    await apiRequest('/api/v1/auth/me');
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      await apiRequest('/api/v1/echo', { method });
    }

    expect(seen).toEqual([
      { method: 'POST', token: null },
      { method: 'POST', token: 'csrf-login' },
      { method: 'GET', token: null },
      { method: 'PUT', token: 'csrf-me' },
      { method: 'PATCH', token: 'csrf-me' },
      { method: 'DELETE', token: 'csrf-me' },
    ]);
  });

  it('falls back to the piloto_csrf cookie while memory has none', async () => {
    const seen = recordTokens();
    document.cookie = 'piloto_csrf=csrf-cookie; Path=/';
    await apiRequest('/api/v1/echo', { method: 'POST' });
    server.use(http.get('/api/v1/auth/me', () => HttpResponse.json({ ...testSession, csrf_token: 'csrf-memory' })));
    await apiRequest('/api/v1/auth/me');
    await apiRequest('/api/v1/echo', { method: 'DELETE' });
    expect(seen.map((s) => s.token)).toEqual(['csrf-cookie', 'csrf-memory']);
  });

  it('forgets the token when the session ends', async () => {
    server.use(
      http.get('/api/v1/auth/me', () => HttpResponse.json(testSession)),
      http.post('/api/v1/auth/logout', () => new HttpResponse(null, { status: 204 })),
    );
    await apiRequest('/api/v1/auth/me');
    expect(currentCsrfToken()).toBe('csrf-me');
    await apiRequest('/api/v1/auth/logout', { method: 'POST' });
    expect(currentCsrfToken()).toBeNull();
  });
});

describe('Retry-After', () => {
  it('is read into retryAfter, in seconds', async () => {
    server.use(
      http.post('/api/v1/auth/login', () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Muitas tentativas.' } },
          { status: 429, headers: { 'Retry-After': '42' } },
        ),
      ),
    );
    const err = await failure('/api/v1/auth/login', { method: 'POST', body: {} });
    expect([err.code, err.retryAfter]).toEqual(['rate_limited', 42]);
  });

  it('is left out when absent or unreadable', async () => {
    server.use(
      http.get('/api/v1/limited', () =>
        HttpResponse.json({ error: { code: 'rate_limited', message: 'x' } }, { status: 429, headers: { 'Retry-After': 'soon' } }),
      ),
    );
    expect((await failure('/api/v1/limited')).retryAfter).toBeUndefined();
  });
});

describe('errorCode', () => {
  it("is an ApiError's code, else 'internal'", () => {
    expect(errorCode(new ApiError({ status: 0, code: 'network', message: 'x' }))).toBe('network');
    expect(errorCode(new TypeError('boom'))).toBe('internal');
  });
});
