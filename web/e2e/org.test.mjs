// Browser tests of organizations, the team and invitations against the real
// server: an invitation from the Equipe page to a new account and back out,
// the owners-only security log, and switching organizations (also from a
// stale tab).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heading, newAccount, signedOutErrors, signUp, useBrowser } from './browser.mjs';

const suite = useBrowser();

/** The sidebar's organization switcher, by the organization it shows. */
const switcher = (page, name) =>
  page.getByRole('complementary').getByRole('button', { name: `Organização atual: ${name}. Trocar de organização`, exact: true });

const settingsTabs = (page) => page.getByRole('navigation', { name: 'Configurações — seções' });

/** The smallest PNG: one transparent pixel. */
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A new account, with an organization name of its own. */
function account(name, organization) {
  return { ...newAccount(name), organization };
}

/**
 * Waits for the invitation mail to email in the development outbox and
 * returns its link, on this server's origin (the mail's link uses the
 * server's configured app URL, http://localhost:<port>).
 */
async function invitationLink(email) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${suite.server.url}/api/v1/dev/outbox`);
    assert.equal(res.status, 200);
    const { items } = await res.json();
    const mail = (items ?? []).find((m) => m.to === email && m.subject.includes('convidou você'));
    const link = mail && /https?:\/\/\S+?\/convite\?token=[^\s"'<>]+/.exec(mail.text)?.[0];
    if (link) {
      const url = new URL(link);
      return `${suite.server.url}${url.pathname}${url.search}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no invitation mail to ${email} in the outbox`);
}

describe('organizations in the browser', { timeout: 60_000 }, () => {
  test('invite a member on the Equipe page, who joins from the mail and is removed again', async () => {
    const ownerSession = await suite.open();
    const owner = ownerSession.page;
    const ana = await signUp(ownerSession, suite.server, account('Ana Dona', 'Loja Convite'));

    // The owner invites a new person as Vendedor.
    await ownerSession.goto('/configuracoes/equipe');
    await owner.getByRole('table', { name: 'Pessoas' }).getByText(ana.email, { exact: true }).waitFor();
    const invitee = newAccount('Bruno Vendedor');
    await owner.getByRole('button', { name: 'Convidar', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: 'Convidar para a equipe' });
    await dialog.getByLabel('E-mail').fill(invitee.email);
    assert.equal(await dialog.getByLabel('Papel').inputValue(), 'member');
    await dialog.getByRole('button', { name: 'Enviar convite' }).click();
    await owner.getByText(`Convite enviado para ${invitee.email}`, { exact: true }).waitFor();
    const invitations = owner.getByRole('region', { name: 'Convites' });
    await invitations.getByText(invitee.email, { exact: true }).waitFor();
    await invitations.getByText('Pendente', { exact: true }).waitFor();

    // The mail arrives; the invitee opens its link in another browser and creates the account.
    const link = await invitationLink(invitee.email);
    const memberSession = await suite.open({ viewport: { width: 390, height: 844 } });
    const member = memberSession.page;
    memberSession.expectErrors(signedOutErrors);
    await memberSession.goto(link);
    await heading(member, 'Aceitar convite').waitFor();
    await member.getByText('Loja Convite', { exact: true }).waitFor();
    await member.getByText('Ana Dona convidou você para a equipe como Vendedor.', { exact: true }).waitFor();
    await member.getByLabel('Seu nome').fill(invitee.name);
    await member.getByLabel('Senha', { exact: true }).fill(invitee.password);
    await member.getByRole('button', { name: 'Criar acesso e entrar' }).click();
    await member.waitForURL(`${suite.server.url}/painel`);
    memberSession.expectErrors([]);
    // On a phone the organization is in the menu drawer.
    await member.getByRole('button', { name: 'Abrir menu' }).click();
    const drawer = member.getByRole('dialog', { name: 'Menu' });
    await drawer.getByRole('button', { name: 'Organização atual: Loja Convite. Trocar de organização' }).waitFor();
    await member.keyboard.press('Escape');

    // As a member: the team and the organization read-only, and no security log.
    await memberSession.goto('/configuracoes/equipe');
    await member.getByRole('table', { name: 'Pessoas' }).getByText(invitee.email, { exact: true }).waitFor();
    assert.equal(await settingsTabs(member).getByRole('link', { name: 'Registro de segurança' }).count(), 0);
    assert.equal(await member.getByRole('region', { name: 'Convites' }).count(), 0);
    await settingsTabs(member).getByRole('link', { name: 'Organização', exact: true }).click();
    await member.getByText('Só administradores e proprietários alteram os dados da organização.').waitFor();
    await member.getByText('A organização ainda não tem logo.').waitFor();
    assert.equal(await member.getByRole('textbox').count(), 0);

    // The owner sees the invitation accepted and removes the new member.
    await ownerSession.reload();
    await invitations.getByText('Aceito', { exact: true }).waitFor();
    memberSession.expectErrors(signedOutErrors);
    await owner.getByRole('button', { name: `Remover ${invitee.name}` }).click();
    const confirm = owner.getByRole('alertdialog', { name: `Remover ${invitee.name}?` });
    await confirm.getByRole('button', { name: 'Remover da organização' }).click();
    await owner.getByText(`${invitee.name} foi removido da organização`, { exact: true }).waitFor();
    assert.equal(await owner.getByRole('table', { name: 'Pessoas' }).getByText(invitee.email).count(), 0);

    // The member's live stream says the session is over (its renewal is refused): on to the
    // sign-in page without a click.
    await member.waitForURL(`${suite.server.url}/entrar?next=%2Fconfiguracoes%2Forganizacao`);
    await heading(member, 'Entrar').waitFor();

    // The owner's security log has the sign-up.
    await settingsTabs(owner).getByRole('link', { name: 'Registro de segurança' }).click();
    const log = owner.getByRole('table', { name: 'Eventos de segurança' });
    const signup = log.getByRole('row').filter({ hasText: 'Criou a conta' });
    await signup.getByText(ana.email, { exact: true }).waitFor();

    await memberSession.assertClean();
    await ownerSession.assertClean();
  });

  test('create a second organization in the switcher, switch between them, and follow a switch in another tab', async () => {
    const session = await suite.open();
    const { page, context } = session;
    await signUp(session, suite.server, account('Carla Duas', 'Matriz Carla'));
    await switcher(page, 'Matriz Carla').waitFor();

    // Matriz Carla gets a logo: previewed, sent as the file itself, shown from the server afterwards.
    await session.goto('/configuracoes/organizacao');
    await page.getByText('A organização ainda não tem logo.').waitFor();
    await page.getByLabel('Escolher imagem').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: onePixelPng });
    await page.getByRole('img', { name: 'Prévia do novo logo' }).waitFor();
    await page.getByRole('button', { name: 'Salvar logo' }).click();
    await page.getByText('Logo salvo', { exact: true }).waitFor();
    session.expectErrors([]);
    await session.reload();
    const logo = page.getByRole('img', { name: 'Logo da organização' });
    await logo.waitFor();
    assert.equal(await logo.evaluate((img) => img.complete && img.naturalWidth), 1, 'the stored logo loads as an image');

    // Create "Filial Carla": the app moves there and opens its dashboard (the page on the
    // screen reloads from the new organization first: it has no logo, and none is asked for).
    await switcher(page, 'Matriz Carla').click();
    await page.getByRole('menuitem', { name: 'Criar organização' }).click();
    const dialog = page.getByRole('dialog', { name: 'Criar organização' });
    await dialog.getByLabel('Nome da organização').fill('Filial Carla');
    await dialog.getByRole('button', { name: 'Criar e abrir' }).click();
    await switcher(page, 'Filial Carla').waitFor();
    assert.equal(page.url(), `${suite.server.url}/painel`);

    // Back to the first one from the list.
    await switcher(page, 'Filial Carla').click();
    const menu = page.getByRole('menu');
    assert.deepEqual(await menu.getByRole('menuitemradio').allTextContents(), ['Matriz CarlaProprietário', 'Filial CarlaProprietário']);
    await menu.getByRole('menuitemradio', { name: /Matriz Carla/ }).click();
    await switcher(page, 'Matriz Carla').waitFor();

    // A second tab shows the security log of Matriz Carla; the first tab switches to Filial Carla.
    const other = await context.newPage();
    const problems = [];
    const conflicts = ['/api/v1/members', '/api/v1/invitations'];
    other.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    other.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      const { pathname } = new URL(message.location().url || 'about:blank');
      if (/status of 409\b/.test(message.text()) && conflicts.includes(pathname)) return;
      problems.push(`console.${message.type()}: ${message.text()}`);
    });
    other.on('response', (res) => {
      const { pathname } = new URL(res.url());
      if (res.status() >= 400 && !(res.status() === 409 && conflicts.includes(pathname))) {
        problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
      }
    });
    await other.goto('/configuracoes/registro');
    await other.getByRole('table', { name: 'Eventos de segurança' }).waitFor();
    await switcher(page, 'Matriz Carla').click();
    await page.getByRole('menu').getByRole('menuitemradio', { name: /Filial Carla/ }).click();
    await switcher(page, 'Filial Carla').waitFor();

    // The stale tab's next request names Matriz Carla: the server answers 409, and the tab follows.
    const conflict = other.waitForResponse((res) => res.url().endsWith('/api/v1/members') && res.status() === 409);
    await settingsTabs(other).getByRole('link', { name: 'Equipe', exact: true }).click();
    await conflict;
    await other.getByText('Você trocou de organização em outra aba', { exact: true }).waitFor();
    await switcher(other, 'Filial Carla').waitFor();
    await other.getByRole('table', { name: 'Pessoas' }).waitFor();
    await other.waitForTimeout(500); // (not 'networkidle': the live event stream never ends)
    await other.close();
    assert.deepEqual(problems, []);

    await session.assertClean();
  });
});
