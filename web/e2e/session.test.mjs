// The silent refresh, against a server whose access tokens live 10 seconds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { accountButton, expiredAccessErrors, heading, signUp, useBrowser } from './browser.mjs';

const accessTokenTTL = 10_000;

const suite = useBrowser({ env: { PILOTO_ACCESS_TOKEN_TTL: `${accessTokenTTL / 1000}s` } });

describe('session renewal in the browser', { timeout: 60_000 }, () => {
  test('an expired access token is renewed silently: the app keeps working', async () => {
    const session = await suite.open();
    const { page, context } = session;
    const account = await signUp(session, suite.server);

    const accessCookie = async () =>
      (await context.cookies()).find((cookie) => cookie.name === '__Host-piloto_access');
    assert.ok(await accessCookie(), 'signed in with an access cookie');

    const calls = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/api/v1/auth/')) calls.push(`${response.status()} ${pathname}`);
    });

    // While the app is open, its live stream ends when the access token expires: the app
    // renews the session and connects again, with no failed request.
    const live = page.getByRole('status').filter({ hasText: 'Ao vivo' });
    await live.waitFor();
    await sleep(accessTokenTTL + 1_000);
    await live.waitFor();
    assert.ok(calls.includes('200 /api/v1/auth/refresh'), `the live stream renewed the session (${calls.join(', ')})`);
    assert.ok(await accessCookie(), 'a renewed access cookie');

    // With the app closed, the access token (and its cookie) expires.
    await session.goto('about:blank');
    await sleep(accessTokenTTL + 1_000);
    assert.equal(await accessCookie(), undefined, 'the access cookie expired');
    calls.length = 0;

    // Back to a section: the app asks who is signed in, renews, and carries on.
    session.expectErrors(expiredAccessErrors);
    await session.goto('/conversas');
    await heading(page, 'Conversas').waitFor();
    await accountButton(page, account).waitFor();
    assert.equal(page.url(), `${suite.server.url}/conversas`, 'still on the page, not sent to sign in');
    assert.deepEqual(calls, ['401 /api/v1/auth/me', '200 /api/v1/auth/refresh', '200 /api/v1/auth/me']);
    assert.ok(await accessCookie(), 'a new access cookie');

    // And on: another section, another reload, nothing fails.
    session.expectErrors([]);
    calls.length = 0;
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await heading(page, 'Leads').waitFor();
    await session.reload();
    await heading(page, 'Leads').waitFor();
    assert.deepEqual(calls, ['200 /api/v1/auth/me']);
    await session.assertClean();
  });
});
