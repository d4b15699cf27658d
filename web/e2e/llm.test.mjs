// Browser test of the organization's own LLM keys, against a local fake
// provider (bin/fakellm, an OpenAI-compatible API that accepts one key and
// lists two models) in place of OpenAI: the server runs with its platform
// OpenAI base URL pointing there and no platform key. An owner saves a wrong
// key ("Testar" says, in pt-BR, that it was refused), then the fake's key;
// "Testar" works and counts the models; an agent set to OpenAI then offers
// the fake's models, tests one and saves it.
//
// The organization types no base URL: its key goes where the operator's
// PILOTO_OPENAI_BASE_URL points, here the fake.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { heading, signUp, useBrowser } from './browser.mjs';
import { startFakeLLM } from './fakellm.mjs';

const fakeKey = `sk-fake-e2e-${randomBytes(8).toString('hex')}`;
const fakeModels = ['gpt-4.1-mini', 'fake-mini'];

let fake;
const suite = useBrowser(async () => {
  fake = await startFakeLLM(['--key', fakeKey, '--model', fakeModels.join(',')]);
  return {
    env: {
      PILOTO_OPENAI_BASE_URL: fake.baseURL,
      // No platform key, whatever the environment has: only the organization's key works.
      PILOTO_OPENAI_API_KEY: '',
      PILOTO_ANTHROPIC_API_KEY: '',
      PILOTO_GEMINI_API_KEY: '',
      PILOTO_LLM_PROVIDER: '',
      PILOTO_LLM_MODEL: '',
    },
  };
});

// After the browser and the server (hooks run in the order they were registered).
after(async () => {
  await fake?.stop();
});

describe('LLM keys in the browser', { timeout: 120_000 }, () => {
  test('an owner adds an OpenAI key, "Testar" works, and the agent offers the provider\'s models', async () => {
    const session = await suite.open();
    await signUp(session, suite.server);
    const { page } = session;

    await session.goto('/configuracoes/ia');
    await page.getByRole('heading', { level: 2, name: 'Inteligência artificial', exact: true }).waitFor();
    const openai = page.getByRole('region', { name: 'OpenAI', exact: true });
    // A platform base URL counts as the platform's OpenAI even without a key (a keyless
    // compatible server, as Ollama); the fake wants its key, so nothing works yet.
    await openai.getByText('Usando a chave da plataforma', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Anthropic', exact: true }).locator('dd', { hasText: 'Sem chave' }).waitFor();
    const keyField = openai.getByLabel('Chave de API', { exact: true });
    assert.equal(await keyField.getAttribute('type'), 'password');

    // A wrong key is saved (the key is not checked on save), and "Testar" says it was refused.
    await keyField.fill('sk-wrong-e2e-0000000000');
    await openai.getByRole('button', { name: 'Salvar chave', exact: true }).click();
    await page.getByText('Chave da OpenAI salva', { exact: true }).waitFor();
    await openai.getByText('Chave da organização: sk-…0000', { exact: true }).waitFor();
    await openai.getByRole('button', { name: 'Testar OpenAI', exact: true }).click();
    const refused = openai.getByRole('alert');
    await refused.getByText('O teste falhou', { exact: true }).waitFor();
    await refused.getByText(/^A chave .+ foi recusada\. Confira se ela está correta e ativa\.$/).waitFor();
    await openai.getByText(/ — falhou$/).waitFor();

    // The fake's key replaces it (the field starts empty); now "Testar" works.
    const newKey = openai.getByLabel('Nova chave de API', { exact: true });
    assert.equal(await newKey.inputValue(), '');
    await newKey.fill(fakeKey);
    await openai.getByRole('button', { name: 'Trocar chave', exact: true }).click();
    await openai.getByText(`Chave da organização: ${fakeKey.slice(0, 3)}…${fakeKey.slice(-4)}`, { exact: true }).waitFor();
    assert.equal(await newKey.inputValue(), '');
    await openai.getByRole('button', { name: 'Testar OpenAI', exact: true }).click();
    await openai.getByText('A conexão funciona — 2 modelos disponíveis.', { exact: true }).waitFor();
    await openai.getByText('Testado com o modelo gpt-4.1-mini.', { exact: true }).waitFor();
    await openai.getByText(/ — funcionou$/).waitFor();
    // The key itself is on no page.
    assert.equal(await page.getByText(fakeKey).count(), 0);

    // A new agent: OpenAI can be chosen, the providers without a key cannot.
    await page.getByRole('link', { name: 'Agentes', exact: true }).first().click();
    await heading(page, 'Agentes').waitFor();
    await page.getByRole('button', { name: 'Novo agente', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nome do agente').fill('Sol');
    await dialog.getByRole('button', { name: 'Criar agente', exact: true }).click();
    await heading(page, 'Sol').waitFor();

    const provider = page.getByLabel('Provedor', { exact: true });
    await provider.locator('option[value="gemini"][disabled]').waitFor({ state: 'attached' });
    assert.equal(await provider.locator('option[value="gemini"]').textContent(), 'Google Gemini (sem chave)');
    assert.equal(await provider.locator('option[value="openai"]').isDisabled(), false);
    await provider.selectOption('openai');

    // The model list fills with the fake's models.
    const model = page.getByLabel('Modelo', { exact: true });
    await model.locator('option[value="fake-mini"]').waitFor({ state: 'attached' });
    const options = await model.locator('option').evaluateAll((nodes) => nodes.map((o) => o.value));
    assert.deepEqual(options, ['', ...[...fakeModels].sort()]);
    await model.selectOption('fake-mini');
    await page.getByRole('button', { name: 'Testar modelo', exact: true }).click();
    await page.getByText('Funcionou com o modelo fake-mini.', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Salvar alterações', exact: true }).click();
    await page.getByText('Agente salvo — versão 2', { exact: true }).waitFor();
    await page.getByText('Tudo salvo.').waitFor();
    assert.equal(await provider.inputValue(), 'openai');
    assert.equal(await model.inputValue(), 'fake-mini');

    // The tests were calls: "Uso e custos" counts them (fake-mini is in no price table).
    await page.getByRole('link', { name: 'Configurações', exact: true }).first().click();
    await page.getByRole('navigation', { name: 'Configurações — seções' }).getByRole('link', { name: 'Uso e custos', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Uso e custos', exact: true }).waitFor();
    const totals = page.getByLabel('Totais do período', { exact: true });
    await totals.waitFor();
    const [calls] = await totals.locator('dd').allInnerTexts();
    assert.match(calls, /^[1-9]/);
    await page.getByRole('img', { name: /^Custo por dia\./ }).waitFor();
    await page.getByText(/sem preço na tabela não entra/).waitFor();
    await session.assertClean();
  });
});
