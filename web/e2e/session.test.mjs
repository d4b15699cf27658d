// The silent refresh, against a server whose access tokens live 10 seconds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { accountButton, expiredAccessErrors, heading, launchBrowser, openPage, signUp } from './browser.mjs';
import { startServer } from './server.mjs';

const accessTokenTTL = 10_000;

let server;
let browser;

before(async () => {
  server = await startServer({ env: { PILOTO_ACCESS_TOKEN_TTL: `${accessTokenTTL / 1000}s` } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('session renewal in the browser', { timeout: 60_000 }, () => {
  test('an expired access token is renewed silently: the app keeps working', async () => {
    const session = await openPage(browser, server);
    const { page, context } = session;
    const account = await signUp(session, server);

    const accessCookie = async () =>
      (await context.cookies()).find((cookie) => cookie.name === '__Host-piloto_access');
    assert.ok(await accessCookie(), 'signed in with an access cookie');

    // Let the access token (and its cookie) expire.
    await sleep(accessTokenTTL + 1_000);
    assert.equal(await accessCookie(), undefined, 'the access cookie expired');

    const calls = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/api/v1/auth/')) calls.push(`${response.status()} ${pathname}`);
    });

    // A section, then a reload: the app asks who is signed in, renews, and carries on.
    session.expectErrors(expiredAccessErrors);
    await page.getByRole('navigation', { name: 'Seções' }).getByRole('link', { name: 'Conversas', exact: true }).click();
    await heading(page, 'Conversas').waitFor();
    await session.reload();
    await heading(page, 'Conversas').waitFor();
    await accountButton(page, account).waitFor();
    assert.equal(page.url(), `${server.url}/conversas`, 'still on the page, not sent to sign in');
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
