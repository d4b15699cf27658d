// Browser tests of the app shell against the real server: node --test e2e/
// Needs bin/piloto built after `npm run build` (make build) and Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const sections = [
  ['Painel', '/painel'],
  ['Conversas', '/conversas'],
  ['Leads', '/leads'],
  ['Agentes', '/agentes'],
  ['Conhecimento', '/conhecimento'],
  ['Canais', '/canais'],
  ['Integrações', '/integracoes'],
  ['Configurações', '/configuracoes'],
];
const englishLabels = ['Dashboard', 'Conversations', 'Leads', 'Agents', 'Knowledge', 'Channels', 'Integrations', 'Settings'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
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
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A page in a fresh context (empty localStorage) that records everything that
 * went wrong: console errors and warnings, uncaught exceptions, failed
 * requests and HTTP errors. Each test ends with assertClean().
 */
async function openPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, baseURL: server.url });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    page,
    async assertClean() {
      // Let the last requests settle so their failures are seen here.
      await page.waitForLoadState('networkidle');
      await context.close();
      assert.deepEqual(problems, []);
    },
  };
}

const sidebar = (page) => page.getByRole('navigation', { name: 'Seções' });
const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });

describe('app shell in the browser', { timeout: 60_000 }, () => {
  test('the landing page shows the server version and the pt-BR navigation', async () => {
    const { version } = await (await fetch(`${server.url}/api/v1/version`)).json();
    assert.ok(version, 'the API reports a version');

    const { page, assertClean } = await openPage();
    const response = await page.goto('/');
    assert.equal(response.status(), 200);
    await page.getByRole('region', { name: 'Servidor' }).getByText(version, { exact: true }).waitFor();
    await heading(page, 'Bem-vindo ao Piloto de Vendas').waitFor();

    assert.equal(await page.title(), 'Início · Piloto de Vendas');
    assert.equal(await page.locator('html').getAttribute('lang'), 'pt-BR');
    assert.deepEqual(
      await sidebar(page).getByRole('link').allTextContents(),
      sections.map(([label]) => label),
    );
    await assertClean();
  });

  test('each section has its own URL, heading and title', async () => {
    const { page, assertClean } = await openPage();
    await page.goto('/');
    await heading(page, 'Bem-vindo ao Piloto de Vendas').waitFor();
    const titles = new Set([await page.title()]);

    for (const [label, path] of sections) {
      const link = sidebar(page).getByRole('link', { name: label, exact: true });
      await link.click();
      await page.waitForURL(`${server.url}${path}`);
      await heading(page, label).waitFor();
      assert.equal(await link.getAttribute('aria-current'), 'page', `${label} is marked current`);
      assert.equal(await page.title(), `${label} · Piloto de Vendas`);
      titles.add(await page.title());
    }
    assert.equal(titles.size, sections.length + 1, 'every page has a title of its own');
    await assertClean();
  });

  test('auth pages load by deep link (the server falls back to the app)', async () => {
    const { page, assertClean } = await openPage();
    const response = await page.goto('/entrar');
    assert.equal(response.status(), 200);
    await heading(page, 'Entrar').waitFor();
    assert.equal(await page.title(), 'Entrar · Piloto de Vendas');

    // The form validates, then says honestly that it cannot sign in yet.
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    await page.getByText('Preencha este campo.').first().waitFor();
    await page.getByLabel('E-mail').fill('ana@loja.com.br');
    await page.getByLabel('Senha').fill('segredo123');
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    await page.getByText('Ainda não disponível', { exact: true }).waitFor();

    for (const [path, title] of [
      ['/cadastro', 'Criar conta'],
      ['/esqueci-senha', 'Esqueci minha senha'],
      ['/redefinir-senha', 'Criar nova senha'],
      ['/verificar-email', 'Confirme seu e-mail'],
      ['/convite', 'Aceitar convite'],
      ['/conversas', 'Conversas'],
    ]) {
      assert.equal((await page.goto(path)).status(), 200, path);
      await heading(page, title).waitFor();
    }
    await assertClean();
  });

  test('switching to English changes the copy and is remembered', async () => {
    const { page, assertClean } = await openPage();
    await page.goto('/conversas');
    await heading(page, 'Conversas').waitFor();

    await page.getByRole('button', { name: /^Mudar idioma/ }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await heading(page, 'Conversations').waitFor();
    assert.equal(await page.title(), 'Conversations · Piloto de Vendas');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents(),
      englishLabels,
    );

    await page.reload();
    await heading(page, 'Conversations').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertClean();
  });

  test('on a phone the menu button opens the navigation drawer', async () => {
    const { page, assertClean } = await openPage({ width: 390, height: 844 });
    await page.goto('/');
    await heading(page, 'Bem-vindo ao Piloto de Vendas').waitFor();
    assert.equal(await sidebar(page).isVisible(), false, 'the sidebar is hidden on a phone');
    const overflow = await page.evaluate(() => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);

    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await drawer.waitFor();
    await drawer.getByRole('link', { name: 'Agentes', exact: true }).click();
    await page.waitForURL(`${server.url}/agentes`);
    await heading(page, 'Agentes').waitFor();
    await drawer.waitFor({ state: 'detached' });
    assert.equal(await page.title(), 'Agentes · Piloto de Vendas');
    await assertClean();
  });
});
