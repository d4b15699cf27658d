import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { agent, agentsApi } from '@/features/agents/testing/fixtures';
import { llmApi, providerStatus } from '@/features/llm/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { usePlaygroundConversations } from '../api/conversation-store';
import { controlledStream, conversation, message, playgroundApi, sse } from '../testing/fixtures';

const page = '/agentes/ag_1/testar';
const composer = () => screen.getByLabelText<HTMLTextAreaElement>('Mensagem do lead');
const chat = () => screen.getByRole('region', { name: 'Conversa de teste' });
const leadPanel = () => screen.getByRole('region', { name: 'Dados do lead' });
const stepsPanel = () => screen.getByRole('region', { name: 'Passo a passo' });

beforeEach(() => {
  sessionStorage.clear();
  usePlaygroundConversations.setState({ byAgent: {} });
});

describe('playground', () => {
  it('starts a conversation on the first message and shows the reply as it streams', async () => {
    agentsApi('admin');
    playgroundApi();
    const stream = controlledStream();
    const created: unknown[] = [];
    const sent: { body: unknown; csrf: string | null; accept: string | null }[] = [];
    server.use(
      http.post('/api/v1/playground/conversations', async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json(conversation(), { status: 201 });
      }),
      http.post('/api/v1/playground/conversations/:id/messages', async ({ request }) => {
        sent.push({ body: await request.json(), csrf: request.headers.get('X-CSRF-Token'), accept: request.headers.get('Accept') });
        return stream.response();
      }),
    );
    const { user } = renderApp(page);
    expect(await screen.findByText('Envie uma mensagem como se fosse um cliente no WhatsApp para ver como o agente responde.')).toBeDefined();
    expect(composer().placeholder).toBe('Escreva como se fosse um lead…');
    expect(within(leadPanel()).getByText('Nome')).toBeDefined();
    expect(within(leadPanel()).getAllByText('Ainda não informado')).toHaveLength(3);

    // Shift+Enter is a new line; Enter sends.
    await user.type(composer(), 'Oi, meu nome é Carla.{Shift>}{Enter}{/Shift}Qual o prazo?');
    await user.keyboard('{Enter}');
    const text = 'Oi, meu nome é Carla.\nQual o prazo?';
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(created).toEqual([{ agent_id: 'ag_1' }]);
    expect(sent[0]).toEqual({ body: { text }, csrf: 'csrf-me', accept: 'text/event-stream' });
    expect(usePlaygroundConversations.getState().byAgent).toEqual({ ag_1: 'cv_1' });
    expect(composer().disabled).toBe(true);

    stream.push(sse('message', message({ id: 'm_1', author: 'lead', text })));
    stream.push(sse('tool_call', { id: 'call_1', tool: 'search_knowledge', args: { query: 'prazo de entrega' } }));
    expect(await within(stepsPanel()).findByText('Buscou na base')).toBeDefined();
    expect(within(stepsPanel()).getByText('em andamento…')).toBeDefined();
    stream.push(
      sse('tool_result', {
        id: 'call_1',
        tool: 'search_knowledge',
        result: { found: 1 },
        error: '',
        passages: [{ id: 'ch_42', source: 'FAQ', heading: 'Entrega', text: 'Entregamos em até 5 dias úteis.', score: 0.82 }],
      }),
    );
    expect(await within(stepsPanel()).findByText('Entregamos em até 5 dias úteis.')).toBeDefined();
    expect(within(stepsPanel()).getByText('FAQ · Entrega')).toBeDefined();
    expect(within(stepsPanel()).getByText('relevância 0,82')).toBeDefined();

    stream.push(sse('tool_call', { id: 'call_2', tool: 'update_lead', args: { fields: { nome: { value: 'Carla' } } } }));
    stream.push(sse('tool_result', { id: 'call_2', tool: 'update_lead', result: { ok: true }, error: '' }));
    stream.push(sse('lead_field', { key: 'nome', value: 'Carla', evidence: 'meu nome é Carla', confidence: 0.9, updated_at: '2025-03-05T12:01:01Z' }));
    expect(await within(stepsPanel()).findByText('Registrou dados do lead')).toBeDefined();
    expect(await within(leadPanel()).findByText('Carla')).toBeDefined();
    expect(within(leadPanel()).getByText('Palavras do lead: “meu nome é Carla”')).toBeDefined();
    expect(within(leadPanel()).getByText('Confiança: 90%')).toBeDefined();

    // The draft, in two pieces, and thrown away once; then written again.
    stream.push(sse('draft', { text: 'Rascunho ' }));
    stream.push(sse('draft_reset', {}));
    stream.push(sse('draft', { text: 'Entregamos em ' }));
    stream.push(sse('draft', { text: 'até 5 dias úteis.' }));
    const draft = await screen.findByTestId('draft');
    await waitFor(() => expect(draft.textContent).toBe('Entregamos em até 5 dias úteis.digitando…'));

    stream.push(sse('message', message({ id: 'm_2', author: 'ai', text: 'Entregamos em até 5 dias úteis, Carla!' })));
    expect(await within(chat()).findByText('Entregamos em até 5 dias úteis, Carla!')).toBeDefined();
    expect(screen.queryByTestId('draft')).toBeNull();
    // The trace comes with done.
    expect(within(chat()).queryByRole('button', { name: 'Por que a IA respondeu isso?' })).toBeNull();
    stream.push(sse('done', { outcome: 'reply', skipped: '', trace_id: 'tr_1', conversation: conversation() }));
    stream.close();
    const why = await within(chat()).findByRole('button', { name: 'Por que a IA respondeu isso?' });
    await waitFor(() => expect(composer().disabled).toBe(false));
    // The lead's message, once.
    expect(within(chat()).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `Lead: ${text}12:01`,
      'Agente: Entregamos em até 5 dias úteis, Carla!12:01Por que a IA respondeu isso?',
    ]);

    await user.click(why);
    const dialog = await screen.findByRole('dialog', { name: 'Por que a IA respondeu isso?' });
    expect(await within(dialog).findByText('gpt-4.1-mini (openai)')).toBeDefined();
    expect(within(dialog).getByText('Respondeu')).toBeDefined();
    expect(within(dialog).getByText('R$ 0,0012')).toBeDefined();
    expect(within(dialog).getByText('1.234 / 56')).toBeDefined();
    expect(within(dialog).getByText('1,53 s')).toBeDefined();
    expect(within(dialog).getByText('Versão 2')).toBeDefined();
    expect(within(dialog).getByText('search_knowledge')).toBeDefined();
    expect(within(dialog).getByText(/"query": "prazo de entrega"/)).toBeDefined();
    expect(within(dialog).getByText('Trecho ch_42')).toBeDefined();
  });

  it('keeps the lead’s message when the server refuses it, and says why', async () => {
    agentsApi('owner');
    playgroundApi();
    usePlaygroundConversations.setState({ byAgent: { ag_1: 'cv_1' } });
    server.use(
      http.post('/api/v1/playground/conversations/:id/messages', () =>
        HttpResponse.json({ error: { code: 'conflict', message: 'Esta conversa foi encerrada. Comece outra.' } }, { status: 409 }),
      ),
    );
    const { user } = renderApp(page);
    await screen.findByText('Envie uma mensagem como se fosse um cliente no WhatsApp para ver como o agente responde.');
    await user.type(composer(), 'Olá{Enter}');
    const alert = await within(chat()).findByRole('alert');
    expect(within(alert).getByText('Esta conversa foi encerrada. Comece outra.')).toBeDefined();
    expect(within(chat()).getByText('Olá')).toBeDefined();
    expect(within(chat()).getByText('Não enviada')).toBeDefined();
  });

  it('shows an error event of the stream, with the lead’s message stored', async () => {
    agentsApi('owner');
    playgroundApi();
    usePlaygroundConversations.setState({ byAgent: { ag_1: 'cv_1' } });
    server.use(
      http.post('/api/v1/playground/conversations/:id/messages', () => {
        const stream = controlledStream();
        stream.push(sse('message', message({ id: 'm_1', author: 'lead', text: 'Olá' })));
        stream.push(sse('error', { error: { code: 'unavailable', message: 'Nenhum provedor de IA está configurado.' } }));
        stream.close();
        return stream.response();
      }),
    );
    const { user } = renderApp(page);
    await screen.findByText('Envie uma mensagem como se fosse um cliente no WhatsApp para ver como o agente responde.');
    await user.type(composer(), 'Olá{Enter}');
    expect(await within(chat()).findByText('Nenhum provedor de IA está configurado.')).toBeDefined();
    expect(within(chat()).getByText('O agente não respondeu')).toBeDefined();
    expect(within(chat()).getByText('Olá')).toBeDefined();
    expect(within(chat()).queryByText('Não enviada')).toBeNull();
  });

  it('picks the conversation up again after a reload, with older messages on demand', async () => {
    agentsApi('owner');
    sessionStorage.setItem('piloto.playground', JSON.stringify({ state: { byAgent: { ag_1: 'cv_1' } }, version: 0 }));
    await usePlaygroundConversations.persist.rehydrate();
    playgroundApi({
      current: conversation({
        status: 'waiting_human',
        lead: {
          ...conversation().lead!,
          fields: [{ key: 'cidade', value: 'Goiânia', evidence: 'sou de Goiânia', confidence: 0.75, updated_at: '2025-03-05T12:01:00Z' }],
        },
      }),
      pages: {
        '': {
          items: [
            message({ id: 'm_3', author: 'lead', text: 'Quero falar com alguém', created_at: '2025-03-05T12:03:00Z' }),
            message({ id: 'm_4', author: 'system', text: 'Conversa transferida para a equipe.', created_at: '2025-03-05T12:03:01Z' }),
          ],
          next_cursor: 'c_1',
        },
        c_1: {
          items: [
            message({ id: 'm_1', author: 'lead', text: 'Sou de Goiânia', created_at: '2025-03-05T12:01:00Z' }),
            message({ id: 'm_2', author: 'ai', text: 'Que bom!', trace_id: 'tr_1', created_at: '2025-03-05T12:01:01Z' }),
          ],
          next_cursor: '',
        },
      },
    });
    const { user } = renderApp(page);
    expect(await screen.findByText('Quero falar com alguém')).toBeDefined();
    expect(within(chat()).getByText('Conversa transferida para a equipe.')).toBeDefined();
    expect(screen.getByText(/O agente transferiu a conversa para uma pessoa da equipe/)).toBeDefined();
    expect(within(leadPanel()).getByText('Aguardando uma pessoa')).toBeDefined();
    expect(within(leadPanel()).getByText('Goiânia')).toBeDefined();
    expect(composer().disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Carregar anteriores' }));
    expect(await within(chat()).findByText('Que bom!')).toBeDefined();
    const texts = within(chat())
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(texts[0]).toContain('Sou de Goiânia');
    expect(texts[3]).toContain('Conversa transferida');
    expect(screen.queryByRole('button', { name: 'Carregar anteriores' })).toBeNull();
    expect(within(chat()).getByRole('button', { name: 'Por que a IA respondeu isso?' })).toBeDefined();

    // Reiniciar: asks first, then a new conversation with an empty chat.
    const created: unknown[] = [];
    server.use(
      http.post('/api/v1/playground/conversations', async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json(conversation({ id: 'cv_2' }), { status: 201 });
      }),
      http.get('/api/v1/conversations/cv_2', () => HttpResponse.json(conversation({ id: 'cv_2' }))),
    );
    await user.click(screen.getAllByRole('button', { name: 'Reiniciar conversa' })[0]!);
    const dialog = screen.getByRole('alertdialog', { name: 'Reiniciar a conversa?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reiniciar' }));
    expect(await screen.findByText('Envie uma mensagem como se fosse um cliente no WhatsApp para ver como o agente responde.')).toBeDefined();
    expect(created).toEqual([{ agent_id: 'ag_1' }]);
    expect(usePlaygroundConversations.getState().byAgent).toEqual({ ag_1: 'cv_2' });
    expect(screen.queryByText(/O agente transferiu a conversa/)).toBeNull();
    expect(within(leadPanel()).queryByText('Goiânia')).toBeNull();
    expect(composer().disabled).toBe(false);
  });

  it('says the trace could not load', async () => {
    agentsApi('owner');
    usePlaygroundConversations.setState({ byAgent: { ag_1: 'cv_1' } });
    playgroundApi({ pages: { '': { items: [message({ id: 'm_2', author: 'ai', text: 'Oi!', trace_id: 'tr_gone' })], next_cursor: '' } } });
    const { user } = renderApp(page);
    await user.click(await screen.findByRole('button', { name: 'Por que a IA respondeu isso?' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Não foi possível carregar o registro desta resposta')).toBeDefined();
  });

  it('closes the composer and says so when no provider can answer', async () => {
    agentsApi('admin');
    llmApi({ statuses: [providerStatus({ provider: 'openai' }), providerStatus({ provider: 'anthropic' })] });
    playgroundApi();
    renderApp(page);
    expect(
      await screen.findByText(/Nenhum provedor de IA configurado\. Cadastre uma chave em Configurações → IA/),
    ).toBeDefined();
    expect(screen.getByRole('link', { name: 'Abrir Configurações → IA' }).getAttribute('href')).toBe('/configuracoes/ia');
    expect(composer().disabled).toBe(true);
  });

  it('counts a named provider without a key as none, even when another has one', async () => {
    agentsApi('admin', { agents: [agent({ provider: 'gemini' })] });
    playgroundApi();
    renderApp(page);
    expect(await screen.findByText(/Nenhum provedor de IA configurado/)).toBeDefined();
    expect(composer().disabled).toBe(true);
  });
});

describe('playground: the way in', () => {
  it('offers "Testar agente" to admins on the agent page', async () => {
    agentsApi('admin');
    playgroundApi();
    const { user, router } = renderApp('/agentes/ag_1');
    await user.click(await screen.findByRole('link', { name: 'Testar agente' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/agentes/ag_1/testar'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Testar agente' })).toBeDefined();
  });

  it('does not offer it to members, and tells them to ask an admin for a key', async () => {
    agentsApi('member');
    llmApi({ statuses: [providerStatus({ provider: 'openai' })] });
    renderApp('/agentes/ag_1');
    expect(
      await screen.findByText('Nenhum provedor de IA configurado. Peça a um administrador para cadastrar uma chave em Configurações → IA.'),
    ).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Testar agente' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Abrir Configurações → IA' })).toBeNull();
  });

  it('tells members the playground is for admins', async () => {
    agentsApi('member');
    renderApp(page);
    expect(await screen.findByRole('heading', { level: 1, name: 'Só administradores testam agentes' })).toBeDefined();
  });
});
