// The app and the API on two hosts, as a deploy with app.<domain> and
// api.<domain> has them: the cross-site protections (CORS with credentials,
// the CSRF token from the response body, since the app cannot read the API's
// cookies) must let the app work. Chromium resolves *.localhost to loopback
// and treats http://*.localhost as secure, so it keeps the Secure __Host- cookies.
//
// The server listens on 127.0.0.1:<port> and calls itself
// http://api.piloto.localhost:<port>; the app is built again with VITE_API_URL
// pointing there and served by a tiny static server on 127.0.0.1:<port2>,
// opened as http://app.piloto.localhost:<port2>.
//
// Why piloto.localhost and not api.localhost / app.localhost: Chromium takes
// "localhost" as a top-level domain, so api.localhost and app.localhost are
// two different sites, and it blocks the API's cookies in the app's requests
// as third-party cookies (blocked reason "UserPreferences"). app.example.com
// and api.example.com are one site (example.com), and so are
// app.piloto.localhost and api.piloto.localhost (piloto.localhost).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { accountButton, expiredAccessErrors, heading, launchBrowser, openPage, signUp } from './browser.mjs';
import { freePort, startServer } from './server.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const accessTokenTTL = 10_000;

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves dir on 127.0.0.1:port: its files, else index.html (the app's routes), with a CSP that lets it call only api. */
async function serveApp(dir, port, api) {
  const csp = `connect-src 'self' ${api}`;
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    let file = path.join(dir, path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, ''));
    try {
      if (!file.startsWith(dir) || !(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      file = path.join(dir, 'index.html');
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}

let api;
let app;
let appServer;
let buildDir;
let browser;

before(async () => {
  const appPort = await freePort();
  const appUrl = `http://app.piloto.localhost:${appPort}`;
  api = await startServer({
    env: ({ port }) => ({
      PILOTO_PUBLIC_URL: `http://api.piloto.localhost:${port}`,
      PILOTO_APP_URL: appUrl,
      PILOTO_CORS_ORIGINS: appUrl,
      PILOTO_ACCESS_TOKEN_TTL: `${accessTokenTTL / 1000}s`,
    }),
  });
  const apiUrl = `http://api.piloto.localhost:${new URL(api.url).port}`;
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'piloto-two-host-'));
  await promisify(execFile)('npx', ['vite', 'build', '--outDir', buildDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: webDir,
    env: { ...process.env, VITE_API_URL: apiUrl },
  });
  appServer = await serveApp(buildDir, appPort, apiUrl);
  app = { url: appUrl, apiUrl };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await appServer?.close();
  await api?.stop();
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

describe('app and API on two hosts', { timeout: 90_000 }, () => {
  test('sign up, change things, and keep the session across an expired access token', async (t) => {
    // The app names the organization it shows in X-Piloto-Org; across origins the API must allow that
    // header in its preflight answers, or those requests fail. Until the server does, this test is a TODO.
    const preflight = await fetch(`${api.url}/api/v1/account/sessions`, {
      method: 'OPTIONS',
      headers: { Origin: app.url, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-piloto-org' },
    });
    const allowedHeaders = (preflight.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase().split(/\s*,\s*/);
    if (!allowedHeaders.includes('x-piloto-org')) {
      t.todo(`server: the CORS preflight does not allow X-Piloto-Org (Access-Control-Allow-Headers: ${allowedHeaders.join(', ')})`);
    }

    const session = await openPage(browser, app);
    const { page, context } = session;
    const apiCalls = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) apiCalls.push(`${request.method()} ${url.origin}${url.pathname}`);
    });

    const account = await signUp(session, app);
    assert.ok(apiCalls.length > 0 && apiCalls.every((call) => call.includes(`${app.apiUrl}/`)), apiCalls.join('\n'));
    const cookies = (await context.cookies(app.apiUrl)).map((c) => c.name);
    for (const name of ['__Host-piloto_access', '__Host-piloto_refresh']) {
      assert.ok(cookies.includes(name), `the browser keeps ${name} for the API (it has ${cookies.join(', ') || 'none'})`);
    }
    assert.equal(await page.evaluate(() => globalThis.document.cookie), '', 'the app cannot read the API cookies');

    // A mutation: the CSRF token comes from the session body.
    await page.getByRole('region', { name: 'Confirmação de e-mail' }).getByRole('button', { name: 'Reenviar' }).click();
    await page.getByText(`Enviamos um novo link para ${account.email}`, { exact: true }).waitFor();

    // The live updates connect across the origins (with the API's cookies).
    await page.getByRole('status').filter({ hasText: 'Ao vivo' }).waitFor();

    // The access token expires while the app is closed (open, its live stream would renew
    // the session); coming back renews the session (refresh) and the app keeps working.
    await session.goto('about:blank');
    await sleep(accessTokenTTL + 1_000);
    const calls = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/api/v1/auth/')) calls.push(`${response.status()} ${pathname}`);
    });
    session.expectErrors(expiredAccessErrors);
    await session.goto('/conversas');
    await heading(page, 'Conversas').waitFor();
    await accountButton(page, account).waitFor();
    assert.equal(page.url(), `${app.url}/conversas`, 'still signed in, not sent to /entrar');
    assert.deepEqual(calls.slice(0, 3), ['401 /api/v1/auth/me', '200 /api/v1/auth/refresh', '200 /api/v1/auth/me']);
    session.expectErrors([]);

    // The next mutation carries the fresh token (memory lost it with the reload): signing out everywhere passes.
    const logoutAll = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/logout-all');
    await accountButton(page, account).click();
    await page.getByRole('menuitem', { name: 'Sair de todos os dispositivos', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sair de todos', exact: true }).click();
    assert.equal((await logoutAll).status(), 204);
    await page.waitForURL(`${app.url}/entrar`);
    await heading(page, 'Entrar').waitFor();
    await session.assertClean();
  });
});
