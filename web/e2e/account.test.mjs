// Browser tests of the account's lifecycle against the real server: e-mail
// confirmation and password reset through the development outbox, and the
// sessions of the Security page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkFromMail } from './account-mail.mjs';
import { accountButton, heading, signedOutErrors, signIn, signUp, useBrowser } from './browser.mjs';

const suite = useBrowser();

const banner = (page) => page.getByRole('region', { name: 'Confirmação de e-mail' });

describe('account lifecycle in the browser', { timeout: 60_000 }, () => {
  test('the e-mail is confirmed with the link of the mail; the banner goes', async () => {
    const session = await suite.open();
    const { page } = session;
    const account = await signUp(session, suite.server);
    await banner(page).getByText(`enviamos um link para ${account.email}.`).waitFor();

    const { path } = await linkFromMail(suite.server, { to: account.email, linkPath: '/verificar-email' });
    await session.goto(path);
    await page.getByText('E-mail confirmado', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Ir para o painel', exact: true }).click();
    await heading(page, 'Painel').waitFor();
    await session.reload();
    await heading(page, 'Painel').waitFor();
    assert.equal(await banner(page).count(), 0, 'no banner once the e-mail is confirmed');

    // The link is single-use.
    session.expectErrors([{ status: 400, path: '/api/v1/auth/verify-email' }]);
    await session.goto(path);
    await page.getByRole('alert').getByText(/^Este link de confirmação é inválido, já foi usado ou expirou/).waitFor();
    await session.assertClean();
  });

  test('forgot password: the link of the mail sets a new one and signs in, ending the other sessions', async () => {
    const first = await suite.open();
    const account = await signUp(first, suite.server);

    const session = await suite.open();
    const { page } = session;
    session.expectErrors(signedOutErrors);
    await session.goto('/entrar');
    await page.getByRole('link', { name: 'Esqueci minha senha', exact: true }).click();
    await heading(page, 'Esqueci minha senha').waitFor();
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByRole('button', { name: 'Enviar link', exact: true }).click();
    await page.getByText(/^Se houver uma conta com este e-mail/).waitFor();

    const { path } = await linkFromMail(suite.server, { to: account.email, linkPath: '/redefinir-senha' });
    await session.goto(path);
    await heading(page, 'Criar nova senha').waitFor();
    const password = `${account.password}-nova`;
    await page.getByLabel('Nova senha', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Salvar nova senha', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/painel`);
    await accountButton(page, account).waitFor();
    session.expectErrors([]);

    // Every other session ended: the first browser's next navigation asks to sign in.
    first.expectErrors(signedOutErrors);
    await first.goto('/leads');
    await first.page.waitForURL(`${suite.server.url}/entrar?next=%2Fleads`);
    await signIn(first, { ...account, password });

    await session.assertClean();
    await first.assertClean();
  });

  test('Security page: two sessions listed; ending the other one signs that browser out', async () => {
    const first = await suite.open();
    const { page } = first;
    const account = await signUp(first, suite.server);
    const second = await suite.open();
    await signIn(second, account);

    await page.getByRole('navigation', { name: 'Seções' }).getByRole('link', { name: 'Configurações', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/configuracoes/seguranca`);
    const list = page.getByRole('list', { name: 'Sessões abertas' });
    await list.getByRole('listitem').nth(1).waitFor();
    assert.equal(await list.getByRole('listitem').count(), 2, 'two sessions');
    const here = list.getByRole('listitem').filter({ hasText: 'Este dispositivo' });
    assert.equal(await here.count(), 1, 'this one is marked');
    await here.getByText('Em uso agora').waitFor();

    const other = list.getByRole('listitem').filter({ hasNotText: 'Este dispositivo' });
    await other.getByText(/^IP 127\.0\.0\.1/).waitFor();
    await other.getByRole('button', { name: /^Encerrar a sessão de / }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Encerrar esta sessão?' });
    await dialog.getByRole('button', { name: 'Encerrar', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/^Sessão de .+ encerrada$/).waitFor();
    await list.getByRole('listitem').nth(1).waitFor({ state: 'detached' });
    assert.equal(await list.getByRole('listitem').count(), 1);

    // The other browser's next navigation finds its session over.
    second.expectErrors(signedOutErrors);
    await second.goto('/conversas');
    await second.page.waitForURL(`${suite.server.url}/entrar?next=%2Fconversas`);
    await heading(second.page, 'Entrar').waitFor();

    await first.assertClean();
    await second.assertClean();
  });

  test('Security page: change the password; the new one signs in', async () => {
    const session = await suite.open();
    const { page } = session;
    const account = await signUp(session, suite.server);
    await session.goto('/configuracoes/seguranca');
    const form = page.getByRole('region', { name: 'Alterar senha' });

    // A wrong current password: the server's message under the field.
    session.expectErrors([{ status: 400, path: '/api/v1/account/password' }]);
    await form.getByLabel('Senha atual').fill('nao-e-esta-senha');
    await form.getByLabel('Nova senha').fill(`${account.password}-2`);
    await form.getByRole('button', { name: 'Alterar senha', exact: true }).click();
    await form.getByText('Senha atual incorreta.', { exact: true }).waitFor();

    session.expectErrors([]);
    await form.getByLabel('Senha atual').fill(account.password);
    await form.getByRole('button', { name: 'Alterar senha', exact: true }).click();
    await page.getByText('Senha alterada', { exact: true }).waitFor();
    await session.assertClean();

    const again = await suite.open();
    await signIn(again, { ...account, password: `${account.password}-2` });
    await again.assertClean();
  });

  test('Security page on a phone: nothing scrolls sideways', async () => {
    const session = await suite.open({ viewport: { width: 390, height: 844 } });
    const { page } = session;
    await signUp(session, suite.server);
    await session.goto('/configuracoes/seguranca');
    await page.getByRole('list', { name: 'Sessões abertas' }).getByText('Este dispositivo').waitFor();
    await page.getByRole('region', { name: 'Contas conectadas' }).getByText(/^Nenhuma conta conectada/).waitFor();
    const overflow = await page.evaluate(() => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await session.assertClean();
  });
});
