// Browser test of the agent playground ("Testar agente") against a local
// fake provider: bin/fakellm --agent, an OpenAI-compatible model that calls
// search_knowledge with the lead's text, update_lead when the lead says
// "meu nome é X", and then answers citing what it found, streamed word by
// word. The server's platform OpenAI key and base URL point there.
//
// An owner uploads a FAQ to a knowledge base, creates an agent that consults
// it, opens "Testar agente" and writes as a lead: the reply streams in (the
// "digitando…" bubble, then the stored message), "Passo a passo" shows the
// search, "Dados do lead" the name; "Por que a IA respondeu isso?" shows the
// tool calls; a reload picks the conversation up again.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { heading, signUp, useBrowser } from './browser.mjs';
import { startFakeLLM } from './fakellm.mjs';

const fakeKey = `sk-fake-e2e-${randomBytes(8).toString('hex')}`;
const faqFile = fileURLToPath(new URL('../../internal/knowledge/testdata/kb/faq.md', import.meta.url));

let fake;
const suite = useBrowser(async () => {
  fake = await startFakeLLM(['--agent', '--key', fakeKey]);
  return {
    env: {
      PILOTO_OPENAI_BASE_URL: fake.baseURL,
      PILOTO_OPENAI_API_KEY: fakeKey,
      PILOTO_ANTHROPIC_API_KEY: '',
      PILOTO_GEMINI_API_KEY: '',
      PILOTO_LLM_PROVIDER: 'openai',
      PILOTO_LLM_MODEL: '',
    },
  };
});

// After the browser and the server (hooks run in the order they were registered).
after(async () => {
  await fake?.stop();
});

describe('agent playground in the browser', { timeout: 150_000 }, () => {
  test('an owner tests an agent: the reply streams, with its steps, the lead data and the trace', async () => {
    const session = await suite.open();
    await signUp(session, suite.server);
    const { page } = session;

    // A knowledge base with the FAQ, ready.
    await session.goto('/conhecimento');
    await heading(page, 'Conhecimento').waitFor();
    await page.getByRole('button', { name: 'Criar base', exact: true }).click();
    const baseDialog = page.getByRole('dialog');
    await baseDialog.getByLabel('Nome da base').fill('Energia solar');
    await baseDialog.getByRole('button', { name: 'Criar base', exact: true }).click();
    await heading(page, 'Energia solar').waitFor();
    await page.getByLabel('Enviar arquivos').setInputFiles(faqFile);
    const row = page.getByRole('table', { name: 'Conteúdo da base' }).getByRole('row').filter({ hasText: 'faq.md' });
    await row.getByText('Pronto', { exact: true }).waitFor({ timeout: 60_000 });

    // An agent that consults it.
    await page.getByRole('link', { name: 'Agentes', exact: true }).first().click();
    await heading(page, 'Agentes').waitFor();
    await page.getByRole('button', { name: 'Novo agente', exact: true }).click();
    const agentDialog = page.getByRole('dialog');
    await agentDialog.getByLabel('Nome do agente').fill('Sol');
    await agentDialog.getByRole('button', { name: 'Criar agente', exact: true }).click();
    await heading(page, 'Sol').waitFor();
    await page.getByLabel('Energia solar', { exact: true }).check();
    await page.getByRole('button', { name: 'Salvar alterações', exact: true }).click();
    await page.getByText('Tudo salvo.').waitFor();

    // The platform's key is there: no notice.
    await page.getByRole('link', { name: 'Testar agente', exact: true }).click();
    await heading(page, 'Testar agente').waitFor();
    await page.getByText('Envie uma mensagem como se fosse um cliente no WhatsApp para ver como o agente responde.').waitFor();
    if ((await page.getByText(/Nenhum provedor de IA configurado/).count()) > 0) {
      throw new Error('the playground says no provider is configured, but the platform has a key');
    }

    const chat = page.getByRole('region', { name: 'Conversa de teste', exact: true });
    const composer = page.getByLabel('Mensagem do lead', { exact: true });
    await composer.fill('Oi, meu nome é Carla. Qual o prazo de entrega?');
    await composer.press('Enter');

    // The lead's message, then the agent writing (word by word, 40 ms apart), then its stored message.
    await chat.getByText('Oi, meu nome é Carla. Qual o prazo de entrega?', { exact: true }).waitFor();
    await chat.getByText('digitando…', { exact: true }).waitFor();
    const answer = chat.getByRole('listitem').filter({ hasText: /Pelo que encontrei|Não encontrei/ });
    await answer.getByRole('button', { name: 'Por que a IA respondeu isso?', exact: true }).waitFor({ timeout: 30_000 });
    await chat.getByText('digitando…', { exact: true }).waitFor({ state: 'detached' });

    const steps = page.getByRole('region', { name: 'Passo a passo', exact: true });
    await steps.getByText('Buscou na base', { exact: true }).first().waitFor();
    // The passages the search returned, by source and heading.
    await steps.getByText('Trechos encontrados', { exact: true }).first().waitFor();
    await steps.getByText(/^faq\.md · /).first().waitFor();
    await steps.getByText('Registrou dados do lead', { exact: true }).first().waitFor();
    const lead = page.getByRole('region', { name: 'Dados do lead', exact: true });
    await lead.locator('[data-field="Nome"]').getByText('Carla', { exact: true }).waitFor();
    await lead.getByText('Em andamento', { exact: true }).waitFor();

    // Why the AI answered that: the trace, with the tool calls.
    await answer.getByRole('button', { name: 'Por que a IA respondeu isso?', exact: true }).click();
    const trace = page.getByRole('dialog', { name: 'Por que a IA respondeu isso?' });
    await trace.getByText('Respondeu', { exact: true }).waitFor();
    await trace.getByText('search_knowledge', { exact: true }).waitFor();
    await trace.getByText('Buscou na base', { exact: true }).waitFor();
    await trace.getByText(/^R\$\s/).waitFor();
    await trace.getByRole('button', { name: 'Fechar', exact: true }).click();
    await trace.waitFor({ state: 'detached' });

    // A reload picks the conversation up again, trace link included.
    await session.reload();
    await heading(page, 'Testar agente').waitFor();
    await chat.getByText('Oi, meu nome é Carla. Qual o prazo de entrega?', { exact: true }).waitFor();
    await answer.getByRole('button', { name: 'Por que a IA respondeu isso?', exact: true }).waitFor();
    await lead.locator('[data-field="Nome"]').getByText('Carla', { exact: true }).waitFor();

    // Reiniciar: an empty conversation again.
    await page.getByRole('button', { name: 'Reiniciar conversa', exact: true }).first().click();
    const confirm = page.getByRole('alertdialog', { name: 'Reiniciar a conversa?' });
    await confirm.getByRole('button', { name: 'Reiniciar', exact: true }).click();
    await page.getByText('Envie uma mensagem como se fosse um cliente no WhatsApp para ver como o agente responde.').waitFor();
    await lead.locator('[data-field="Nome"]').getByText('Ainda não informado', { exact: true }).waitFor();
    await session.assertClean();
  });
});
