// What the browser tests share: Chromium, pages that record everything that
// goes wrong, and accounts (sign-up and sign-in through the app's forms).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * The set-up of a test file: before its tests, a server (startServer(options);
 * options may be a function, called then, e.g. to start a provider first) and
 * Chromium; after them, both stop. suite.server and suite.browser are there
 * once the tests run; suite.open(options) is openPage(browser, server, options).
 */
export function useBrowser(options = {}) {
  const suite = {
    server: undefined,
    browser: undefined,
    open: (pageOptions) => openPage(suite.browser, suite.server, pageOptions),
  };
  before(async () => {
    suite.server = await startServer(typeof options === 'function' ? await options() : options);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/**
 * HTTP errors the app causes on purpose, allowed by status and path (nothing
 * else is): what a signed-out visit asks first. GET /auth/me answers 401, the
 * app tries to renew the session, and POST /auth/refresh answers 401 too.
 */
export const signedOutErrors = [
  { status: 401, path: '/api/v1/auth/me' },
  { status: 401, path: '/api/v1/auth/refresh' },
];

/** The request that finds the access token expired, just before the silent refresh. */
export const expiredAccessErrors = [{ status: 401, path: '/api/v1/auth/me' }];

/**
 * A page in a fresh context (no cookies, empty localStorage) that records
 * everything that went wrong: console errors and warnings, uncaught
 * exceptions, failed requests and HTTP errors. Each test ends with
 * assertClean().
 *
 * Navigate with session.goto() / session.reload() rather than the page's own.
 * Expected HTTP errors are allowed explicitly, by status and path, with
 * expectErrors(list) — for the phase of the test that causes them, then
 * expectErrors([]) again. Chromium logs each of them to the console as
 * "Failed to load resource: … status of 401"; that message is allowed with it.
 */
export async function openPage(browser, server, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport, baseURL: server.url });
  const page = await context.newPage();
  const problems = [];
  let allowed = [];

  const isAllowed = (status, url) => {
    let path;
    try {
      path = new URL(url).pathname;
    } catch {
      return false;
    }
    return allowed.some((e) => e.status === status && e.path === path);
  };

  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const status = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(message.text());
    if (status && isAllowed(Number(status[1]), message.location().url)) return;
    problems.push(`console.${message.type()}: ${message.text()} (${message.location().url})`);
  });
  // While the test itself loads a new document (goto, reload), the browser cancels what the
  // page being left was still loading (e.g. an image): those aborts are the test's doing.
  let testNavigations = 0;
  const navigating = async (load) => {
    testNavigations++;
    try {
      return await load();
    } finally {
      testNavigations--;
    }
  };

  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  // Events streamed in the answer of a fetch (the playground's reply to a POST): the app
  // reads them to their end, and Chromium now and then reports such a finished stream as
  // aborted (the body's end reached the page before the load's completion did).
  const streamed = new WeakSet();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'fetch' && (response.headers()['content-type'] ?? '').startsWith('text/event-stream')) {
      streamed.add(response.request());
    }
  });
  page.on('requestfailed', (request) => {
    const errorText = request.failure()?.errorText;
    if (errorText === 'net::ERR_ABORTED') {
      if (testNavigations > 0) return;
      // The app closes its live event stream itself (sign-out, another organization, a renewal).
      if (request.resourceType() === 'eventsource') return;
      if (streamed.has(request)) return;
      // Chromium now and then cancels an image load on its own: the logo's <img> and the
      // tab icon are the same file (/favicon.svg). A broken image is still caught: as an
      // HTTP error above, or as any other net:: error.
      if (request.resourceType() === 'image') return;
    }
    problems.push(`request failed: ${request.url()} (${errorText}, ${request.resourceType()})`);
  });
  // Requests under way, but for the live event stream (it stays open as long as the app).
  const inflight = new Set();
  page.on('request', (request) => {
    if (request.resourceType() !== 'eventsource') inflight.add(request);
  });
  page.on('requestfinished', (request) => inflight.delete(request));
  page.on('requestfailed', (request) => inflight.delete(request));
  /** Waits until no request but the event stream has been under way for 500 ms (at most 10 s). */
  const settled = async () => {
    const deadline = Date.now() + 10_000;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (inflight.size > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= 500) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  page.on('response', (response) => {
    if (response.status() >= 400 && !isAllowed(response.status(), response.url())) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });

  return {
    page,
    context,
    /** page.goto(url); use it (not page.goto) so the loads it cancels are not counted as failures. */
    goto: (url) => navigating(() => page.goto(url)),
    /** page.reload(), likewise. */
    reload: () => navigating(() => page.reload()),
    /** Allows exactly these HTTP errors from now on (see above). */
    expectErrors(list) {
      allowed = list;
    },
    async assertClean() {
      // Let the last requests settle so their failures are seen here (not 'networkidle':
      // the live event stream never ends).
      await page.waitForLoadState('load');
      await settled();
      await context.close();
      assert.deepEqual(problems, []);
    },
  };
}

/** A new account with a unique e-mail and a password no list of common ones has. */
export function newAccount(name = 'Ana Souza') {
  const id = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  return {
    name,
    organization: 'Loja da Ana',
    email: `ana.${id}@example.com`,
    password: `Piloto-e2e-${id}`,
  };
}

export const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });

/** The account menu's button in the top bar; its name says whose account it is. */
export const accountButton = (page, account) => page.getByRole('button', { name: `Conta de ${account.name}`, exact: true });

/**
 * Creates the account through /cadastro and waits for the dashboard. The
 * page starts signed out, so the signed-out errors are allowed on the way and
 * no error is allowed afterwards.
 */
export async function signUp(session, server, account = newAccount()) {
  const { page } = session;
  session.expectErrors(signedOutErrors);
  await session.goto('/cadastro');
  await page.getByLabel('Seu nome').fill(account.name);
  await page.getByLabel('Nome da empresa').fill(account.organization);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Senha', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Criar conta', exact: true }).click();
  await page.waitForURL(`${server.url}/painel`);
  await accountButton(page, account).waitFor();
  session.expectErrors([]);
  return account;
}

/** Signs in through /entrar (signed out) and waits until the app leaves the page. */
export async function signIn(session, account) {
  const { page } = session;
  session.expectErrors(signedOutErrors);
  if (!new URL(page.url()).pathname.startsWith('/entrar')) {
    await session.goto('/entrar');
  }
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Senha', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/entrar'));
  await accountButton(page, account).waitFor();
  session.expectErrors([]);
}
