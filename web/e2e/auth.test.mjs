// Browser tests of sign-up, sign-in and signing out against the real server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountButton, heading, newAccount, signedOutErrors, signIn, signUp, useBrowser } from './browser.mjs';

const suite = useBrowser();

/** Opens the account menu and returns it. */
async function openAccountMenu(page, account) {
  await accountButton(page, account).click();
  const menu = page.getByRole('menu');
  await menu.waitFor();
  return menu;
}

describe('accounts in the browser', { timeout: 60_000 }, () => {
  test('sign up, see the account, sign out, sign in again', async () => {
    const session = await suite.open();
    const { page } = session;
    const account = await signUp(session, suite.server, newAccount('Beatriz Lima'));
    await heading(page, 'Painel').waitFor();

    const menu = await openAccountMenu(page, account);
    await menu.getByText(account.name, { exact: true }).waitFor();
    await menu.getByText(account.email, { exact: true }).waitFor();
    await menu.getByText(account.organization, { exact: true }).waitFor();
    await menu.getByText('Proprietário', { exact: true }).waitFor();

    await menu.getByRole('menuitem', { name: 'Sair', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/entrar`);
    await heading(page, 'Entrar').waitFor();

    // Signed out for real: the dashboard asks to sign in again.
    session.expectErrors(signedOutErrors);
    await session.goto('/painel');
    await page.waitForURL(`${suite.server.url}/entrar?next=%2Fpainel`);

    await signIn(session, account);
    assert.equal(page.url(), `${suite.server.url}/painel`, 'back where the app was asked to go');
    await heading(page, 'Painel').waitFor();
    await page.getByRole('navigation', { name: 'Seções' }).waitFor();
    await session.assertClean();
  });

  test('the forms show what the server answered', async () => {
    const session = await suite.open();
    const { page } = session;
    const account = await signUp(session, suite.server);
    await (await openAccountMenu(page, account)).getByRole('menuitem', { name: 'Sair', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/entrar`);

    // A wrong password: the form says so, and nothing else happens.
    session.expectErrors([{ status: 401, path: '/api/v1/auth/login' }]);
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Senha', { exact: true }).fill(`${account.password}-errada`);
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Não foi possível entrar' });
    await alert.getByText('E-mail ou senha incorretos.', { exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/entrar');

    // The password can be shown to check it.
    const password = page.getByLabel('Senha', { exact: true });
    assert.equal(await password.getAttribute('type'), 'password');
    await page.getByRole('button', { name: 'Mostrar senha' }).click();
    assert.equal(await password.getAttribute('type'), 'text');

    // An e-mail already taken: the server's message under the e-mail field.
    session.expectErrors([{ status: 400, path: '/api/v1/auth/signup' }]);
    await page.getByRole('link', { name: 'Criar conta', exact: true }).click();
    await heading(page, 'Criar conta').waitFor();
    await page.getByLabel('Seu nome').fill('Outra Pessoa');
    await page.getByLabel('Nome da empresa').fill('Outra Loja');
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Senha', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Criar conta', exact: true }).click();
    await page.getByText(/^Já existe uma conta com este e-mail/).waitFor();
    assert.equal(await page.getByLabel('E-mail').getAttribute('aria-invalid'), 'true');
    await session.assertClean();
  });

  test('"Sair de todos os dispositivos" ends the session in another browser too', async () => {
    const first = await suite.open();
    const account = await signUp(first, suite.server);
    const second = await suite.open();
    await signIn(second, account);
    await second.goto('/conversas');
    await heading(second.page, 'Conversas').waitFor();

    const menu = await openAccountMenu(first.page, account);
    await menu.getByRole('menuitem', { name: 'Sair de todos os dispositivos', exact: true }).click();
    const dialog = first.page.getByRole('alertdialog', { name: 'Sair de todos os dispositivos?' });
    await dialog.getByText(/todos os navegadores e aparelhos/).waitFor();
    await dialog.getByRole('button', { name: 'Sair de todos', exact: true }).click();
    await first.page.waitForURL(`${suite.server.url}/entrar`);
    await heading(first.page, 'Entrar').waitFor();

    // The other browser's next navigation finds its session over.
    second.expectErrors(signedOutErrors);
    await second.goto('/leads');
    await second.page.waitForURL(`${suite.server.url}/entrar?next=%2Fleads`);
    await heading(second.page, 'Entrar').waitFor();

    await first.assertClean();
    await second.assertClean();
  });
});
