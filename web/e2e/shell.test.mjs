// Browser tests of the app shell against the real server: node --test e2e/
// Needs bin/piloto built after `npm run build` (make build) and Chromium.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heading, signedOutErrors, signUp, useBrowser } from './browser.mjs';

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

const suite = useBrowser();

const sidebar = (page) => page.getByRole('navigation', { name: 'Seções' });

describe('app shell in the browser', { timeout: 60_000 }, () => {
  test('the server version shows signed out and signed in; / opens the dashboard', async () => {
    const { version } = await (await fetch(`${suite.server.url}/api/v1/version`)).json();
    assert.ok(version, 'the API reports a version');

    const session = await suite.open();
    const { page } = session;
    session.expectErrors(signedOutErrors);
    const response = await session.goto('/');
    assert.equal(response.status(), 200);
    // Signed out, / is the sign-in page, with the version under it.
    await page.waitForURL(`${suite.server.url}/entrar`);
    await heading(page, 'Entrar').waitFor();
    await page.getByRole('contentinfo').getByText(version, { exact: true }).waitFor();

    await signUp(session, suite.server);
    await session.goto('/');
    await page.waitForURL(`${suite.server.url}/painel`);
    await heading(page, 'Painel').waitFor();
    await page.getByRole('complementary').getByText(version, { exact: true }).waitFor();
    assert.equal(await page.title(), 'Painel · Piloto de Vendas');
    assert.equal(await page.locator('html').getAttribute('lang'), 'pt-BR');
    assert.deepEqual(
      await sidebar(page).getByRole('link').allTextContents(),
      sections.map(([label]) => label),
    );
    await session.assertClean();
  });

  test('each section has its own URL, heading and title', async () => {
    const session = await suite.open();
    const { page } = session;
    await signUp(session, suite.server);
    await page.getByRole('link', { name: 'Integrações', exact: true }).click();
    await heading(page, 'Integrações').waitFor();
    const titles = new Set([await page.title()]);

    for (const [label, path] of sections) {
      const link = sidebar(page).getByRole('link', { name: label, exact: true });
      await link.click();
      // Settings opens on its first tab (/configuracoes/seguranca), named in the title before the section.
      await page.waitForURL((url) => url.pathname === path || url.pathname.startsWith(`${path}/`));
      await heading(page, label).waitFor();
      assert.equal(await link.getAttribute('aria-current'), 'page', `${label} is marked current`);
      assert.match(await page.title(), new RegExp(`^(\\S+ · )?${label} · Piloto de Vendas$`));
      titles.add(await page.title());
    }
    assert.equal(titles.size, sections.length, 'every page has a title of its own');
    await session.assertClean();
  });

  test('auth pages load by deep link (the server falls back to the app)', async () => {
    const session = await suite.open();
    const { page } = session;
    session.expectErrors(signedOutErrors);
    const response = await session.goto('/entrar');
    assert.equal(response.status(), 200);
    await heading(page, 'Entrar').waitFor();
    assert.equal(await page.title(), 'Entrar · Piloto de Vendas');

    // The form validates before sending anything.
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    await page.getByText('Preencha este campo.').first().waitFor();

    // Password recovery answers the same whether or not the account exists.
    assert.equal((await session.goto('/esqueci-senha')).status(), 200);
    await page.getByLabel('E-mail').fill('ninguem@loja.com.br');
    await page.getByRole('button', { name: 'Enviar link', exact: true }).click();
    await page.getByText(/^Se houver uma conta com este e-mail/).waitFor();

    for (const [path, title] of [
      ['/cadastro', 'Criar conta'],
      ['/redefinir-senha', 'Criar nova senha'],
      ['/verificar-email', 'Confirme seu e-mail'],
      ['/convite', 'Aceitar convite'],
    ]) {
      assert.equal((await session.goto(path)).status(), 200, path);
      await heading(page, title).waitFor();
    }

    // A section needs a session: signed out, it asks to sign in and come back.
    assert.equal((await session.goto('/conversas')).status(), 200);
    await page.waitForURL(`${suite.server.url}/entrar?next=%2Fconversas`);
    await heading(page, 'Entrar').waitFor();
    await session.assertClean();
  });

  test('switching to English changes the copy and is remembered', async () => {
    const session = await suite.open();
    const { page } = session;
    await signUp(session, suite.server);
    await session.goto('/conversas');
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

    await session.reload();
    await heading(page, 'Conversations').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await session.assertClean();
  });

  test('on a phone the menu button opens the navigation drawer', async () => {
    const session = await suite.open({ viewport: { width: 390, height: 844 } });
    const { page } = session;
    await signUp(session, suite.server);
    await heading(page, 'Painel').waitFor();
    assert.equal(await sidebar(page).isVisible(), false, 'the sidebar is hidden on a phone');
    const overflow = await page.evaluate(() => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);

    await page.getByRole('button', { name: 'Abrir menu' }).click();
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await drawer.waitFor();
    await drawer.getByRole('link', { name: 'Agentes', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/agentes`);
    await heading(page, 'Agentes').waitFor();
    await drawer.waitFor({ state: 'detached' });
    assert.equal(await page.title(), 'Agentes · Piloto de Vendas');
    await session.assertClean();
  });
});
