// Browser test of the inbox ("Conversas") against the real server and a
// local fake model (bin/fakellm --agent): two people of one organization —
// the owner and a member she invited — have Conversas open in two browsers. A
// lead writes (through the playground's API, as the owner): both see the
// conversation and the AI's reply appear without reloading. The owner takes
// over and replies; the next lead message gets no AI reply; she hands back
// and the next one does. The member sees every step live, the "assumiu" and
// "devolveu" events and an internal note included.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { heading, newAccount, signedOutErrors, signUp, useBrowser } from './browser.mjs';
import { startFakeLLM } from './fakellm.mjs';

const fakeKey = `sk-fake-e2e-${randomBytes(8).toString('hex')}`;

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

after(async () => {
  await fake?.stop();
});

/** Calls the API from the page, with its session's cookies and CSRF token; resolves with { status, body } (body as text). */
function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = /(?:^|;\s*)piloto_csrf=([^;]+)/.exec(globalThis.document.cookie)?.[1] ?? '';
      const res = await fetch(path, {
        method,
        credentials: 'include',
        headers: {
          Accept: path.includes('/playground/') && path.endsWith('/messages') ? 'text/event-stream' : 'application/json',
          'Content-Type': 'application/json',
          'X-CSRF-Token': decodeURIComponent(csrf),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { method, path, body },
  );
}

/** The invitation link from the development outbox, on this server's origin. */
async function invitationLink(email) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${suite.server.url}/api/v1/dev/outbox`);
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

const thread = (page) => page.getByRole('list', { name: 'Mensagens', exact: true });
const aiMessages = (page) => thread(page).locator('li[data-author="ai"]');

describe('inbox in the browser', { timeout: 180_000 }, () => {
  test('two people see a conversation live; one takes over, replies and hands back to the AI', async () => {
    // The owner, an agent, and a member she invites.
    const ownerSession = await suite.open({ viewport: { width: 1440, height: 900 } });
    const owner = ownerSession.page;
    const ana = await signUp(ownerSession, suite.server, { ...newAccount('Ana Dona'), organization: 'Loja Inbox' });
    const created = await api(owner, 'POST', '/api/v1/agents', { name: 'Sol' });
    assert.equal(created.status, 201, created.body);
    const agent = JSON.parse(created.body);
    const bruno = newAccount('Bruno Vendedor');
    const invited = await api(owner, 'POST', '/api/v1/invitations', { email: bruno.email, role: 'member' });
    assert.equal(invited.status, 201, invited.body);

    const memberSession = await suite.open({ viewport: { width: 1440, height: 900 } });
    const member = memberSession.page;
    memberSession.expectErrors(signedOutErrors);
    await memberSession.goto(await invitationLink(bruno.email));
    await heading(member, 'Aceitar convite').waitFor();
    await member.getByLabel('Seu nome').fill(bruno.name);
    await member.getByLabel('Senha', { exact: true }).fill(bruno.password);
    await member.getByRole('button', { name: 'Criar acesso e entrar' }).click();
    await member.waitForURL(`${suite.server.url}/painel`);
    memberSession.expectErrors([]);

    // Both open Conversas, on the test conversations (the playground's).
    for (const [session, page] of [
      [ownerSession, owner],
      [memberSession, member],
    ]) {
      await session.goto('/conversas');
      await heading(page, 'Conversas').waitFor();
      await page.getByText('Nenhuma conversa em andamento', { exact: true }).waitFor();
      await page.getByLabel('Canal', { exact: true }).selectOption('tests');
      await page.getByRole('switch', { name: 'Disponível para atendimento' }).waitFor();
    }

    // A lead writes: the conversation and the AI's reply appear in both pages, without reloading.
    const started = await api(owner, 'POST', '/api/v1/playground/conversations', { agent_id: agent.id });
    assert.equal(started.status, 201, started.body);
    const conversation = JSON.parse(started.body);
    const lead = async (text) => {
      const sent = await api(owner, 'POST', `/api/v1/playground/conversations/${conversation.id}/messages`, { text });
      assert.equal(sent.status, 200, sent.body);
      return sent.body;
    };
    await lead('Oi, meu nome é Carla. Quero saber de energia solar.');
    for (const page of [owner, member]) {
      const row = page.getByRole('list', { name: 'Conversas', exact: true }).locator(`a[data-conversation="${conversation.id}"]`);
      await row.waitFor();
      await row.click();
      await thread(page).getByText('Oi, meu nome é Carla. Quero saber de energia solar.', { exact: true }).waitFor();
      await aiMessages(page).first().waitFor();
      await aiMessages(page).first().getByRole('button', { name: 'Por que a IA respondeu isso?' }).waitFor();
    }
    assert.equal(await aiMessages(owner).count(), 1);

    // The owner takes over: the event shows in both pages.
    await owner.getByRole('button', { name: 'Assumir conversa', exact: true }).click();
    for (const page of [owner, member]) {
      await thread(page).getByText(`${ana.name} assumiu a conversa`, { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Devolver para a IA', exact: true }).waitFor();
    }

    // She replies as a person.
    const composer = owner.getByLabel('Resposta ao lead', { exact: true });
    await composer.fill('Oi Carla, aqui é a Ana. Vou te ajudar pessoalmente.');
    await composer.press('Enter');
    for (const page of [owner, member]) {
      await thread(page).getByText('Oi Carla, aqui é a Ana. Vou te ajudar pessoalmente.', { exact: true }).waitFor();
    }

    // An internal note, for the team only.
    await owner.getByRole('tab', { name: 'Nota interna', exact: true }).click();
    const noteComposer = owner.getByLabel('Nota interna', { exact: true }).and(owner.locator('textarea'));
    await noteComposer.fill('Cliente quer orçamento até sexta.');
    await noteComposer.press('Enter');
    for (const page of [owner, member]) {
      const note = thread(page).locator('li[data-note]').filter({ hasText: 'Cliente quer orçamento até sexta.' });
      await note.getByText('Nota interna', { exact: true }).waitFor();
    }
    await owner.getByRole('tab', { name: 'Responder', exact: true }).click();

    // The AI stays silent while a person has the conversation.
    const silent = await lead('Ainda está aí?');
    assert.match(silent, /ai_paused/);
    for (const page of [owner, member]) {
      await thread(page).getByText('Ainda está aí?', { exact: true }).waitFor();
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await aiMessages(owner).count(), 1);
    assert.equal(await aiMessages(member).count(), 1);

    // She hands back; the next lead message gets an AI reply.
    await owner.getByRole('button', { name: 'Devolver para a IA', exact: true }).click();
    for (const page of [owner, member]) {
      await thread(page).getByText('devolveu a conversa para a IA', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Assumir conversa', exact: true }).waitFor();
    }
    await lead('Qual o prazo de instalação?');
    for (const page of [owner, member]) {
      await thread(page).getByText('Qual o prazo de instalação?', { exact: true }).waitFor();
      await aiMessages(page).nth(1).waitFor();
    }

    // The member saw it all in order, without a reload.
    const texts = await thread(member).locator('li').allInnerTexts();
    const order = [
      'Oi, meu nome é Carla',
      'assumiu a conversa',
      'Oi Carla, aqui é a Ana',
      'Ainda está aí?',
      'devolveu a conversa para a IA',
      'Qual o prazo de instalação?',
    ].map((part) => texts.findIndex((text) => text.includes(part)));
    assert.ok(order.every((index) => index >= 0), `missing in the member's thread: ${JSON.stringify(texts)}`);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `out of order: ${JSON.stringify(texts)}`);

    await ownerSession.assertClean();
    await memberSession.assertClean();
  });
});
