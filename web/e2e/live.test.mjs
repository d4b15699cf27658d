// Browser test of the live updates (GET /api/v1/events): what one tab changes
// shows in another without a reload.
import { describe, test } from 'node:test';
import { signIn, signUp, useBrowser } from './browser.mjs';

const suite = useBrowser();

const switcher = (page, name) =>
  page.getByRole('complementary').getByRole('button', { name: `Organização atual: ${name}. Trocar de organização`, exact: true });

describe('live updates in the browser', { timeout: 60_000 }, () => {
  test('the organization renamed in one browser shows in the other one’s switcher, live', async () => {
    const first = await suite.open();
    const account = await signUp(first, suite.server);
    const second = await suite.open();
    await signIn(second, account);
    await second.goto('/painel');
    const live = second.page.getByRole('status').filter({ hasText: 'Ao vivo' });
    await live.waitFor();
    await switcher(second.page, account.organization).waitFor();

    await first.goto('/configuracoes/organizacao');
    const name = first.page.getByLabel('Nome da organização');
    await name.fill('Loja Ao Vivo');
    await first.page.getByRole('button', { name: 'Salvar alterações' }).click();
    await switcher(first.page, 'Loja Ao Vivo').waitFor();

    // No reload in the second browser: the event brings the new name.
    await switcher(second.page, 'Loja Ao Vivo').waitFor({ timeout: 10_000 });
    await live.waitFor();
    await first.assertClean();
    await second.assertClean();
  });
});
