import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent } from '@/features/live/api/apply-live-event';
import { apiError, sessionAs } from '@/features/organizations/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';
import { channelsQueryOptions, type Channel, type ChannelTestResult } from '../api/channels';
import { channel, channelsApi } from '../testing/fixtures';

const page = '/configuracoes/canais';
const card = (name: string) => screen.findByRole('region', { name });

function setUp(role: 'owner' | 'admin' | 'member' = 'admin', items: Channel[] = [channel()]) {
  signedIn(sessionAs(role));
  channelsApi(items);
}

describe('settings: channels', () => {
  it('shows each number: its state, agent, last webhook, and the webhook to set in Meta', async () => {
    setUp('admin', [
      channel({
        last_webhook_at: new Date(Date.now() - 3 * 60 * 1000).toISOString(),
        dropped_entries: 2,
      }),
    ]);
    const { user } = renderApp(page);
    const tabs = await screen.findByRole('navigation', { name: 'Configurações — seções' });
    await waitFor(() => expect(within(tabs).getByRole('link', { name: 'Canais' }).getAttribute('aria-current')).toBe('page'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Canais do WhatsApp' })).toBeDefined();

    const region = await card('Loja Centro');
    expect(within(region).getByText('Conectado')).toBeDefined();
    expect(within(region).queryByText('Não verificado')).toBeNull();
    expect(await within(region).findByText('Sol')).toBeDefined();
    expect(within(region).getByText('Loja Solar', { selector: 'dd' })).toBeDefined();
    expect(within(region).getByText('…a1b2')).toBeDefined();
    expect(within(region).getByText('Último webhook: há 3 minutos')).toBeDefined();
    expect(within(region).getByText(/^2 mensagens para outros números chegaram/)).toBeDefined();
    expect(within(region).getByRole<HTMLInputElement>('switch', { name: 'Atender em Loja Centro' }).getAttribute('aria-checked')).toBe(
      'true',
    );

    const webhook = within(region).getByRole('region', { name: 'Webhook' });
    expect(within(webhook).getByLabelText<HTMLInputElement>('URL de callback').value).toBe(
      'https://app.pilotodevendas.com.br/webhooks/whatsapp',
    );
    expect(within(webhook).getByText('O token de verificação é configurado pela plataforma')).toBeDefined();
    expect(within(webhook).queryByLabelText('Token de verificação')).toBeNull();
    await user.click(within(webhook).getByRole('button', { name: 'Copiar URL de callback' }));
    expect(await screen.findByText('URL de callback copiado')).toBeDefined();
    expect(await navigator.clipboard.readText()).toBe('https://app.pilotodevendas.com.br/webhooks/whatsapp');
  });

  it("shows an own app's verify token to copy, and a number not proven with what to do", async () => {
    setUp('owner', [
      channel({
        proven_at: null,
        verified_name: '',
        display_number: '',
        own_app: true,
        verify_token: 'meu-token-de-verificacao',
        app_secret_hint: '…beef',
        webhook_url: 'https://app.pilotodevendas.com.br/webhooks/whatsapp/ch_1',
        agent_id: '',
      }),
    ]);
    renderApp(page);
    const region = await card('Loja Centro');
    expect(within(region).getAllByText('Não verificado').length).toBeGreaterThan(0);
    expect(within(region).getByText(/Teste a conexão para o agente começar a atender/)).toBeDefined();
    expect(within(region).getByRole('button', { name: 'Testar conexão' })).toBeDefined();
    expect(within(region).getByText('Nenhum webhook recebido ainda')).toBeDefined();
    expect(within(region).getByText('Nenhum: as mensagens ficam sem resposta automática')).toBeDefined();
    expect(within(region).getByText('App próprio (chave secreta …beef)')).toBeDefined();
    const webhook = within(region).getByRole('region', { name: 'Webhook' });
    expect(within(webhook).getByLabelText<HTMLInputElement>('Token de verificação').value).toBe('meu-token-de-verificacao');
    expect(within(webhook).getByRole('button', { name: 'Copiar Token de verificação' })).toBeDefined();
    expect(within(webhook).queryByText(/configurado pela plataforma/)).toBeNull();
  });

  it('adds a number: checks the fields, puts the server\'s messages on them, and sends the API\'s body', async () => {
    setUp('admin', []);
    const bodies: unknown[] = [];
    let answer: Response | null = null;
    server.use(
      http.post('/api/v1/channels', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        if (answer) return answer;
        const created = channel({ id: 'ch_9', name: String(body.name), proven_at: null, verified_name: '', display_number: '' });
        server.use(http.get('/api/v1/channels', () => HttpResponse.json({ items: [created] })));
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    const { user } = renderApp(page);
    expect(await screen.findByRole('heading', { name: 'Nenhum número conectado' })).toBeDefined();
    expect(screen.getByText('Conecte o WhatsApp da sua empresa para o agente atender seus leads.')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Adicionar número' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adicionar número' });
    const token = within(dialog).getByLabelText<HTMLInputElement>('Token de acesso');
    expect(token.type).toBe('password');
    // The own app's fields are folded away.
    expect(within(dialog).getByText('Usar meu próprio app da Meta').closest('details')?.open).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'Adicionar número' }));
    expect(await within(dialog).findByText('Dê um nome ao canal.')).toBeDefined();
    expect(within(dialog).getByText('Informe o ID do número de telefone.')).toBeDefined();
    expect(within(dialog).getByText('Cole o token de acesso.')).toBeDefined();

    await user.type(within(dialog).getByLabelText('Nome do canal'), 'Loja Centro');
    await user.type(within(dialog).getByLabelText('ID do número de telefone'), '+55 62');
    await user.type(token, 'EAAGexemplo');
    await user.selectOptions(within(dialog).getByLabelText('Agente que responde'), 'Lua');
    await user.type(within(dialog).getByLabelText('Chave secreta do app'), 'segredo123');
    await user.click(within(dialog).getByRole('button', { name: 'Adicionar número' }));
    expect(await within(dialog).findByText('Use só os dígitos do ID, como aparece no painel da Meta.')).toBeDefined();
    expect(within(dialog).getByText('Informe também o token de verificação do seu app.')).toBeDefined();
    await user.clear(within(dialog).getByLabelText('Chave secreta do app'));

    answer = apiError(400, 'invalid', 'Confira os campos destacados.', { phone_number_id: 'Este ID não é de um número.' });
    await user.clear(within(dialog).getByLabelText('ID do número de telefone'));
    await user.type(within(dialog).getByLabelText('ID do número de telefone'), '1234');
    await user.click(within(dialog).getByRole('button', { name: 'Adicionar número' }));
    expect(await within(dialog).findByText('Este ID não é de um número.')).toBeDefined();
    expect(within(dialog).getByLabelText('ID do número de telefone').getAttribute('aria-invalid')).toBe('true');

    answer = null;
    await user.click(within(dialog).getByRole('button', { name: 'Adicionar número' }));
    expect(await screen.findByText('Número adicionado. Agora teste a conexão.')).toBeDefined();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bodies.at(-1)).toEqual({
      name: 'Loja Centro',
      phone_number_id: '1234',
      waba_id: '',
      display_number: '',
      access_token: 'EAAGexemplo',
      agent_id: 'agt_2',
      enabled: true,
    });
    const region = await card('Loja Centro');
    expect(within(region).getAllByText('Não verificado').length).toBeGreaterThan(0);
  });

  it('"Testar conexão" says it is connected, Meta\'s refusal (190: change the token), or that the number is taken', async () => {
    setUp('admin', [channel({ proven_at: null, verified_name: '' })]);
    let answer: Response = HttpResponse.json({
      ok: false,
      code: 190,
      message: 'A Meta recusou o token de acesso: ele expirou ou foi revogado.',
    } satisfies ChannelTestResult);
    server.use(http.post('/api/v1/channels/ch_1/test', () => answer));
    const { user } = renderApp(page);
    const region = await card('Loja Centro');
    await user.click(within(region).getByRole('button', { name: 'Testar a conexão de Loja Centro' }));
    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('O teste falhou');
    expect(alert.textContent).toContain('A Meta recusou o token de acesso: ele expirou ou foi revogado.');
    await user.click(within(alert).getByRole('button', { name: 'Trocar token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Editar Loja Centro' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Novo token de acesso')));
    expect(within(dialog).getByText(/Token salvo: …a1b2\. Deixe em branco para manter/)).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));

    answer = HttpResponse.json({ ok: true, display_number: '+55 62 99999-0000', verified_name: 'Loja Solar' });
    await user.click(within(region).getByRole('button', { name: 'Testar a conexão de Loja Centro' }));
    expect(await within(region).findByText('Conectado: Loja Solar (+55 62 99999-0000)')).toBeDefined();
    expect(await screen.findByText('Loja Solar conectado')).toBeDefined();

    answer = apiError(409, 'conflict', 'Este número já está conectado a outra conta do Piloto de Vendas. Se ele é seu, fale com o suporte.');
    await user.click(within(region).getByRole('button', { name: 'Testar a conexão de Loja Centro' }));
    const conflict = await within(region).findByRole('alert');
    expect(conflict.textContent).toContain('Não foi possível testar');
    expect(conflict.textContent).toContain('Este número já está conectado a outra conta do Piloto de Vendas.');
  });

  it('shows a token Meta refused, and replaces it: an empty token on edit keeps the saved one', async () => {
    setUp('admin', [
      channel({ proven_at: null, token_error: 'A Meta recusou o token de acesso: ele expirou ou foi revogado.' }),
    ]);
    const bodies: unknown[] = [];
    server.use(
      http.patch('/api/v1/channels/ch_1', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(channel({ proven_at: null, token_hint: '…novo' }));
      }),
    );
    const { user } = renderApp(page);
    const region = await card('Loja Centro');
    const alert = within(region).getByRole('alert');
    expect(alert.textContent).toContain('A Meta recusou o token de acesso');
    await user.click(within(alert).getByRole('button', { name: 'Trocar token' }));
    let dialog = await screen.findByRole('dialog', { name: 'Editar Loja Centro' });
    await user.type(within(dialog).getByLabelText('Novo token de acesso'), 'EAAGtokenNovo');
    await user.click(within(dialog).getByRole('button', { name: 'Salvar alterações' }));
    expect(await screen.findByText('Canal salvo')).toBeDefined();
    expect(bodies.at(-1)).toMatchObject({ access_token: 'EAAGtokenNovo', name: 'Loja Centro' });

    await user.click(within(region).getByRole('button', { name: 'Editar Loja Centro' }));
    dialog = await screen.findByRole('dialog', { name: 'Editar Loja Centro' });
    await user.click(within(dialog).getByRole('button', { name: 'Salvar alterações' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies.at(-1)).not.toHaveProperty('access_token');
  });

  it('turns a number off with its switch', async () => {
    setUp('admin');
    const bodies: unknown[] = [];
    server.use(
      http.patch('/api/v1/channels/ch_1', async ({ request }) => {
        bodies.push(await request.json());
        server.use(http.get('/api/v1/channels', () => HttpResponse.json({ items: [channel({ enabled: false })] })));
        return HttpResponse.json(channel({ enabled: false }));
      }),
    );
    const { user } = renderApp(page);
    const region = await card('Loja Centro');
    await user.click(within(region).getByRole('switch', { name: 'Atender em Loja Centro' }));
    expect(await screen.findByText('Loja Centro: atendimento desligado')).toBeDefined();
    expect(bodies).toEqual([{ enabled: false }]);
    await waitFor(() => expect(within(region).getByRole('switch').getAttribute('aria-checked')).toBe('false'));
    expect(within(region).getByText('Desligado', { selector: 'span.rounded-full' })).toBeDefined();
  });

  it('deletes after asking; a channel with conversations says to turn it off instead', async () => {
    setUp('admin');
    let answer: Response = apiError(409, 'conflict', 'Este canal tem conversas: desative-o em vez de excluir, para não perder o histórico.');
    server.use(http.delete('/api/v1/channels/ch_1', () => answer));
    const { user } = renderApp(page);
    const region = await card('Loja Centro');
    await user.click(within(region).getByRole('button', { name: 'Excluir Loja Centro' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Excluir Loja Centro?' });
    await user.click(within(dialog).getByRole('button', { name: 'Excluir canal' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível excluir o canal');
    expect(alert.textContent).toContain('desative-o em vez de excluir');

    answer = new HttpResponse(null, { status: 204 });
    server.use(http.get('/api/v1/channels', () => HttpResponse.json({ items: [] })));
    await user.click(within(dialog).getByRole('button', { name: 'Excluir canal' }));
    expect(await screen.findByText('Canal Loja Centro excluído')).toBeDefined();
    expect(await screen.findByRole('heading', { name: 'Nenhum número conectado' })).toBeDefined();
  });

  it('shows members the numbers and nothing to change', async () => {
    setUp('member', [channel({ own_app: true, verify_token: 'segredo-do-webhook' })]);
    renderApp(page);
    const region = await card('Loja Centro');
    expect(within(region).getByText('Conectado')).toBeDefined();
    expect(screen.getByText(/Só administradores e o proprietário conectam/)).toBeDefined();
    expect(screen.queryByRole('button', { name: /Testar|Editar|Excluir|Adicionar/ })).toBeNull();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Webhook' })).toBeNull();
  });

  it('offers to try again when the channels do not load', async () => {
    signedIn(sessionAs('owner'));
    let answer: Response | null = null;
    server.use(http.get('/api/v1/channels', () => answer ?? HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 })));
    const { user } = renderApp(page);
    expect((await screen.findByText('Não foi possível carregar os canais')).closest('[role=alert]')).not.toBeNull();
    answer = HttpResponse.json({ items: [channel()] });
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    expect(await card('Loja Centro')).toBeDefined();
  });

  it('loads the list again on channel.updated and channel.deleted', () => {
    const queryClient = new QueryClient();
    for (const kind of ['channel.updated', 'channel.deleted'] as const) {
      queryClient.setQueryData(channelsQueryOptions.queryKey, { items: [channel()] });
      expect(queryClient.getQueryState(channelsQueryOptions.queryKey)?.isInvalidated).toBe(false);
      applyLiveEvent(queryClient, { id: '1', kind, subject_id: 'ch_1', payload: null } as Parameters<typeof applyLiveEvent>[1]);
      expect(queryClient.getQueryState(channelsQueryOptions.queryKey)?.isInvalidated).toBe(true);
    }
  });
});
