import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { agentsApi } from '@/features/agents/testing/fixtures';
import { applyLiveEvent } from '@/features/live/api/apply-live-event';
import { conversation, message, playgroundApi, trace } from '@/features/playground/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { conversationListsKey, notesQueryOptions } from '../api/inbox';
import { defaultInboxFilters, useInboxFilters } from '../filters-store';
import { inboxApi, summary } from '../testing/fixtures';

const whatsapp = conversation({
  channel: { id: 'ch_wa', type: 'whatsapp', name: 'Loja', created_at: '2025-03-05T12:00:00Z' },
  contact: {
    id: 'ct_1',
    wa_id: '5511999990000',
    phone: '+5511999990000',
    name: 'Carla Dias',
    test: false,
    created_at: '2025-03-05T12:00:00Z',
    updated_at: '2025-03-05T12:00:00Z',
  },
});

const thread = () => screen.getByRole('list', { name: 'Mensagens' });

beforeEach(() => {
  useInboxFilters.setState({ filters: defaultInboxFilters });
});

describe('inbox list', () => {
  it('lists conversations with unread counts, status ticks and the handoff reason; tabs, filters and search ask the server', async () => {
    agentsApi('owner');
    const calls = inboxApi({
      list: (query) =>
        query.get('view') === 'waiting' && !query.has('limit')
          ? { items: [], next_cursor: '' }
          : {
              items: [
                summary({ unread: 2 }),
                summary({
                  id: 'cv_2',
                  contact: { id: 'ct_2', name: '', phone: '+5511988887777', wa_id: '' },
                  status: 'waiting_human',
                  ai_paused: false,
                  labels: ['vip'],
                  last_message: {
                    id: 'm_9',
                    author: 'system',
                    direction: 'out',
                    text: 'Conversa transferida para um humano: pediu desconto',
                    status: 'sent',
                    created_at: '2025-03-05T12:03:00Z',
                  },
                }),
              ],
              next_cursor: query.has('cursor') || query.has('limit') ? '' : 'next-1',
            },
    });
    const { user } = renderApp('/conversas');
    const list = await screen.findByRole('list', { name: 'Conversas' });
    const carla = within(list).getByText('Carla Dias').closest('a')!;
    expect(within(carla).getByText('2 mensagens não lidas')).toBeDefined();
    expect(within(carla).getByText('Entregue')).toBeDefined();
    expect(within(carla).getByText('Entregamos em 5 dias.')).toBeDefined();
    const waiting = within(list).getByText('+5511988887777').closest('a')!;
    expect(within(waiting).getByText('Aguardando humano: pediu desconto')).toBeDefined();
    expect(within(waiting).getByText('vip')).toBeDefined();
    // The badge on "Conversas" counts those waiting.
    const nav = screen.getByRole('navigation', { name: 'Seções' });
    expect(await within(nav).findByText('2 conversas aguardando uma pessoa')).toBeDefined();

    // "Carregar mais" asks the next page.
    await user.click(screen.getByRole('button', { name: 'Carregar mais' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('cursor=next-1'))).toBe(true));

    await user.click(screen.getByRole('tab', { name: 'Aguardando humano' }));
    expect(await screen.findByText('Ninguém aguardando atendimento')).toBeDefined();
    expect(calls.some((c) => c.query === '?view=waiting')).toBe(true);

    await user.selectOptions(screen.getByLabelText('Canal'), 'Testes (playground)');
    await waitFor(() => expect(calls.some((c) => c.query === '?view=waiting&include_tests=true')).toBe(true));

    await user.type(screen.getByLabelText('Buscar conversas'), 'instalação');
    await waitFor(() => expect(calls.some((c) => c.query.includes('q=instala%C3%A7%C3%A3o'))).toBe(true));
    // Debounced: not one request per letter.
    expect(calls.filter((c) => c.query.includes('q=')).length).toBeLessThanOrEqual(2);
    expect(await screen.findByText('Nenhuma conversa encontrada')).toBeDefined();
  });
});

describe('open conversation', () => {
  it('shows the thread with notes, ticks, failures and the trace; marks it read; the window counts down', async () => {
    agentsApi('owner');
    const calls = inboxApi();
    const expires = new Date(Date.now() + (3 * 60 + 12) * 60_000 - 1000).toISOString();
    playgroundApi({
      current: { ...whatsapp, unread: 1, window_expires_at: expires, labels: ['vip'] } as typeof whatsapp,
      pages: {
        '': {
          items: [
            message({ id: 'm_1', author: 'lead', text: 'Qual o prazo?', created_at: '2025-03-05T12:01:00Z' }),
            message({ id: 'm_2', author: 'ai', text: 'Entregamos em 5 dias.', trace_id: trace.id, status: 'read', created_at: '2025-03-05T12:02:00Z' }),
            message({ id: 'm_3', author: 'system', text: 'Ana Souza assumiu a conversa', created_at: '2025-03-05T12:03:00Z' }),
            message({
              id: 'm_4',
              author: 'human',
              author_user_id: 'usr_1',
              text: 'Oi Carla!',
              status: 'failed',
              error: 'Número sem WhatsApp',
              created_at: '2025-03-05T12:04:00Z',
            }),
          ],
          next_cursor: '',
        },
      },
    });
    const { user } = renderApp('/conversas/cv_1');
    expect(await within(await screen.findByRole('list', { name: 'Mensagens' })).findByText('Qual o prazo?')).toBeDefined();
    const items = within(thread()).getAllByRole('listitem').map((li) => li.textContent);
    // Oldest to newest, the note in its place.
    expect(items.findIndex((text) => text?.includes('Ligar amanhã cedo.'))).toBe(1);
    expect(within(thread()).getByText('Nota interna')).toBeDefined();
    expect(within(thread()).getByText('Lida')).toBeDefined();
    expect(within(thread()).getByText('Não enviada: Número sem WhatsApp')).toBeDefined();
    expect(within(thread()).getByText('Ana Souza', { selector: 'span' })).toBeDefined();
    expect(screen.getByTestId('window').textContent).toBe('Janela de 24h: fecha em 3h12');
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/conversations/cv_1/read')).toBe(true));

    // The lead panel: the stage and the assignee, the agent's fields.
    expect(screen.getByLabelText<HTMLSelectElement>('Etapa').value).toBe('new');
    expect(within(screen.getByLabelText('Responsável')).getByText('Bia Lima (indisponível)')).toBeDefined();
    expect(screen.getByText('Nome')).toBeDefined();

    await user.click(within(thread()).getByRole('button', { name: 'Por que a IA respondeu isso?' }));
    const dialog = await screen.findByRole('dialog', { name: 'Por que a IA respondeu isso?' });
    expect(await within(dialog).findByText('search_knowledge')).toBeDefined();
  });

  it('closes the composer when the 24-hour window is over', async () => {
    agentsApi('owner');
    inboxApi({ notes: [] });
    playgroundApi({ current: { ...whatsapp, window_expires_at: '2025-03-04T12:00:00Z' } as typeof whatsapp });
    renderApp('/conversas/cv_1');
    expect(await screen.findByText('Janela fechada: só modelos aprovados')).toBeDefined();
    expect(screen.getByLabelText<HTMLTextAreaElement>('Resposta ao lead').disabled).toBe(true);
  });

  it('takes over before replying, hands back, and asks before closing', async () => {
    agentsApi('owner');
    inboxApi({ notes: [] });
    playgroundApi({ current: whatsapp });
    const posted: string[] = [];
    let paused = false;
    server.use(
      http.get('/api/v1/conversations/:id', () => HttpResponse.json({ ...whatsapp, ai_paused: paused })),
      http.post('/api/v1/conversations/:id/takeover', () => {
        posted.push('takeover');
        paused = true;
        return HttpResponse.json({ ...whatsapp, ai_paused: true });
      }),
      http.post('/api/v1/conversations/:id/handback', () => {
        posted.push('handback');
        paused = false;
        return HttpResponse.json({ ...whatsapp, ai_paused: false });
      }),
      http.post('/api/v1/conversations/:id/messages', async ({ request }) => {
        posted.push(`reply:${((await request.json()) as { text: string }).text}`);
        return HttpResponse.json(message({ id: 'm_9', author: 'human', text: 'Oi' }), { status: 201 });
      }),
      http.patch('/api/v1/conversations/:id', async ({ request }) => {
        posted.push(`patch:${JSON.stringify(await request.json())}`);
        return HttpResponse.json({ ...whatsapp, status: 'closed' });
      }),
    );
    const { user } = renderApp('/conversas/cv_1');
    const composer = await screen.findByLabelText('Resposta ao lead');
    expect(screen.getByText('Ao enviar, você assume a conversa e a IA para de responder.')).toBeDefined();
    await user.type(composer, 'Oi Carla{Enter}');
    await waitFor(() => expect(posted).toEqual(['takeover', 'reply:Oi Carla']));

    await user.click(await screen.findByRole('button', { name: 'Devolver para a IA' }));
    await waitFor(() => expect(posted.at(-1)).toBe('handback'));
    expect(await screen.findByRole('button', { name: 'Assumir conversa' })).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Encerrar' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Encerrar a conversa?' });
    expect(posted.some((p) => p.startsWith('patch'))).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Encerrar conversa' }));
    await waitFor(() => expect(posted.at(-1)).toBe('patch:{"status":"closed"}'));
  });
});

describe('lead panel and availability', () => {
  it('changes the stage and the assignee, and my availability', async () => {
    agentsApi('owner');
    inboxApi({ notes: [] });
    playgroundApi({ current: whatsapp });
    const sent: { method: string; path: string; body: unknown }[] = [];
    const record = async (request: Request) =>
      sent.push({ method: request.method, path: new URL(request.url).pathname, body: await request.json() });
    server.use(
      http.patch('/api/v1/leads/:id', async ({ request }) => {
        await record(request);
        return HttpResponse.json(whatsapp.lead);
      }),
      http.patch('/api/v1/conversations/:id', async ({ request }) => {
        await record(request);
        return HttpResponse.json(whatsapp);
      }),
      http.put('/api/v1/account/availability', async ({ request }) => {
        await record(request);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp('/conversas/cv_1');
    await user.selectOptions(await screen.findByLabelText('Etapa'), 'Qualificado');
    await waitFor(() => expect(sent).toContainEqual({ method: 'PATCH', path: '/api/v1/leads/ld_1', body: { stage: 'qualified' } }));
    await user.selectOptions(screen.getByLabelText('Responsável'), 'Bia Lima (indisponível)');
    await waitFor(() => expect(sent).toContainEqual({ method: 'PATCH', path: '/api/v1/conversations/cv_1', body: { assignee_id: 'usr_2' } }));

    const toggle = screen.getByRole('switch', { name: 'Disponível para atendimento' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await user.click(toggle);
    await waitFor(() => expect(sent).toContainEqual({ method: 'PUT', path: '/api/v1/account/availability', body: { available: false } }));
  });

  it('adds and removes labels', async () => {
    agentsApi('owner');
    inboxApi({ notes: [] });
    playgroundApi({ current: { ...whatsapp, labels: ['vip'] } as typeof whatsapp });
    const bodies: unknown[] = [];
    server.use(
      http.patch('/api/v1/conversations/:id', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ...whatsapp, labels: ['vip'] });
      }),
    );
    const { user } = renderApp('/conversas/cv_1');
    await user.type(await screen.findByLabelText('Adicionar etiqueta'), 'orçamento{Enter}');
    await waitFor(() => expect(bodies).toEqual([{ labels: ['vip', 'orçamento'] }]));
    await user.click(screen.getByRole('button', { name: 'Remover etiqueta vip' }));
    await waitFor(() => expect(bodies.at(-1)).toEqual({ labels: [] }));
  });
});

describe('live updates', () => {
  it('refreshes the lists, the conversation and its notes', () => {
    const queryClient = new QueryClient();
    const spy = vi.spyOn(queryClient, 'invalidateQueries');
    const event = (kind: string) => ({ id: 1, kind, subject_id: 'cv_1', payload: null, created_at: '' }) as Parameters<typeof applyLiveEvent>[1];
    applyLiveEvent(queryClient, event('conversation.message'));
    expect(spy).toHaveBeenCalledWith({ queryKey: conversationListsKey });
    spy.mockClear();
    applyLiveEvent(queryClient, event('conversation.note'));
    expect(spy).toHaveBeenCalledWith({ queryKey: notesQueryOptions('cv_1').queryKey });
    spy.mockClear();
    applyLiveEvent(queryClient, event('lead.updated'));
    expect(spy).toHaveBeenCalledWith({ queryKey: ['conversations', 'one'] });
    expect(spy).toHaveBeenCalledWith({ queryKey: conversationListsKey });
  });
});
