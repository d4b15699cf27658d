// Browser test of the WhatsApp channels (Configurações → Canais), against a
// local fake of Meta's Graph API (bin/fakegraph, which knows one number and
// its token): the server runs with PILOTO_WHATSAPP_GRAPH_URL pointing there.
// An owner adds the number with a wrong token ("Testar conexão" says, in
// pt-BR, that Meta refused it: code 190), replaces the token from the test's
// "Trocar token", and "Testar conexão" then proves the number. The webhook
// URL to paste in Meta's panel is shown and copied.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { heading, signUp, useBrowser } from './browser.mjs';
import { startFakeGraph } from './fakegraph.mjs';

const numberId = `10654${Date.now().toString().slice(-8)}`;
const token = `EAAG-e2e-${randomBytes(8).toString('hex')}`;

let fake;
const suite = useBrowser(async () => {
  fake = await startFakeGraph(['--number', `${numberId}:${token}:+55 62 99999-0000:Loja Solar`]);
  return { env: { PILOTO_WHATSAPP_GRAPH_URL: fake.baseURL } };
});

// After the browser and the server (hooks run in the order they were registered).
after(async () => {
  await fake?.stop();
});

describe('WhatsApp channels in the browser', { timeout: 120_000 }, () => {
  test('an owner adds a number, a wrong token is refused, the right one connects it', async () => {
    const session = await suite.open();
    await signUp(session, suite.server);
    const { page } = session;
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });

    // An agent to answer the number.
    await page.getByRole('link', { name: 'Agentes', exact: true }).first().click();
    await heading(page, 'Agentes').waitFor();
    await page.getByRole('button', { name: 'Novo agente', exact: true }).click();
    const agentDialog = page.getByRole('dialog');
    await agentDialog.getByLabel('Nome do agente').fill('Sol');
    await agentDialog.getByRole('button', { name: 'Criar agente', exact: true }).click();
    await heading(page, 'Sol').waitFor();

    await page.getByRole('link', { name: 'Configurações', exact: true }).first().click();
    await page.getByRole('navigation', { name: 'Configurações — seções' }).getByRole('link', { name: 'Canais', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Canais do WhatsApp', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Nenhum número conectado', exact: true }).waitFor();

    // "Adicionar número", with a token Meta does not know.
    await page.getByRole('button', { name: 'Adicionar número', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Adicionar número' });
    await dialog.getByLabel('Nome do canal', { exact: true }).fill('Loja Centro');
    await dialog.getByLabel('ID do número de telefone', { exact: true }).fill(numberId);
    const tokenField = dialog.getByLabel('Token de acesso', { exact: true });
    assert.equal(await tokenField.getAttribute('type'), 'password');
    await tokenField.fill('EAAG-errado-00000000');
    await dialog.getByLabel('Agente que responde', { exact: true }).selectOption({ label: 'Sol' });
    await dialog.getByRole('button', { name: 'Adicionar número', exact: true }).click();
    await page.getByText('Número adicionado. Agora teste a conexão.', { exact: true }).waitFor();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByRole('region', { name: 'Loja Centro', exact: true });
    await card.getByText('Não verificado', { exact: true }).first().waitFor();
    await card.locator('dd', { hasText: 'Sol' }).waitFor();
    await card.getByText('…0000', { exact: true }).waitFor();
    await card.getByText('Nenhum webhook recebido ainda', { exact: true }).waitFor();

    // The webhook URL to paste in Meta's panel, and its copy; the platform's token is not shown.
    const webhook = card.getByRole('region', { name: 'Webhook', exact: true });
    const url = await webhook.getByLabel('URL de callback', { exact: true }).inputValue();
    assert.match(url, /^https?:\/\/[^/]+\/webhooks\/whatsapp$/);
    await webhook.getByText('O token de verificação é configurado pela plataforma', { exact: true }).waitFor();
    await webhook.getByRole('button', { name: 'Copiar URL de callback', exact: true }).click();
    await page.getByText('URL de callback copiado', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

    // "Testar conexão": Meta refuses the token (190), in pt-BR, with "Trocar token".
    await card.getByRole('button', { name: 'Testar a conexão de Loja Centro', exact: true }).click();
    const refused = card.getByRole('alert');
    await refused.getByText('O teste falhou', { exact: true }).waitFor();
    await refused.getByText(/^A Meta recusou o token de acesso/).waitFor();
    await refused.getByRole('button', { name: 'Trocar token', exact: true }).click();

    // The edit opens on the token; an empty one would keep the saved token.
    const edit = page.getByRole('dialog', { name: 'Editar Loja Centro' });
    const newToken = edit.getByLabel('Novo token de acesso', { exact: true });
    await edit.getByText(/^Token salvo: …0000\./).waitFor();
    assert.equal(await newToken.evaluate((input) => input === input.ownerDocument.activeElement), true);
    assert.equal(await newToken.inputValue(), '');
    await newToken.fill(token);
    await edit.getByRole('button', { name: 'Salvar alterações', exact: true }).click();
    await page.getByText('Canal salvo', { exact: true }).waitFor();
    await edit.waitFor({ state: 'detached' });
    await card.getByText(`…${token.slice(-4)}`, { exact: true }).waitFor();

    // Now the number is proven: Meta's name and number for it.
    await card.getByRole('button', { name: 'Testar a conexão de Loja Centro', exact: true }).click();
    await card.getByText('Conectado: Loja Solar (+55 62 99999-0000)', { exact: true }).waitFor();
    await card.getByText('Conectado', { exact: true }).waitFor();
    await card.locator('dd', { hasText: 'Loja Solar' }).waitFor();
    assert.equal(await card.getByText('Não verificado', { exact: true }).count(), 0);
    // The token itself is on no page.
    assert.equal(await page.getByText(token).count(), 0);
    await session.assertClean();
  });
});
