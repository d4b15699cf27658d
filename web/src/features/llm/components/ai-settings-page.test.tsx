import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, sessionAs } from '@/features/organizations/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';
import type { LlmProviderStatus, ProviderTestResult } from '../api/providers';
import { defaultStatuses, llmApi, providerStatus } from '../testing/fixtures';

const page = '/configuracoes/ia';
const card = (name: string) => screen.findByRole('region', { name });

/** Signed in with role; GET /llm/providers answers statuses (changed by the handlers a test adds). */
function aiApi(role: 'owner' | 'admin' | 'member' = 'owner', statuses: LlmProviderStatus[] = defaultStatuses) {
  signedIn(sessionAs(role));
  llmApi({ statuses });
}

describe('settings: AI', () => {
  it('shows, per provider, which key is in use and its last test', async () => {
    aiApi('owner', [
      defaultStatuses[0]!,
      defaultStatuses[1]!,
      providerStatus({
        provider: 'gemini',
        available: true,
        organization_key: {
          key_hint: 'AIza…9xYz',
          base_url: '',
          updated_at: '2025-03-02T12:00:00Z',
          checked_at: '2025-03-02T12:05:00Z',
          check_error: 'A chave do Google Gemini foi recusada. Confira se ela está correta e ativa.',
        },
      }),
    ]);
    renderApp(page);
    const tabs = await screen.findByRole('navigation', { name: 'Configurações — seções' });
    await waitFor(() => expect(within(tabs).getByRole('link', { name: 'IA' }).getAttribute('aria-current')).toBe('page'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Inteligência artificial' })).toBeDefined();
    expect(document.title).toBe('IA · Configurações · Piloto de Vendas');

    const openai = await card('OpenAI');
    expect(within(openai).getByText('Chave da organização: sk-…a1b2')).toBeDefined();
    expect(within(openai).getByText(/^01\/03\/2025, \d\d:01 — funcionou$/)).toBeDefined();
    expect(within(openai).getByText('gpt-4.1-mini')).toBeDefined();

    const anthropic = await card('Anthropic');
    expect(within(anthropic).getByText('Usando a chave da plataforma')).toBeDefined();
    expect(within(anthropic).queryByRole('button', { name: 'Remover a chave da Anthropic' })).toBeNull();

    const gemini = await card('Google Gemini');
    expect(within(gemini).getByText('Chave da organização: AIza…9xYz')).toBeDefined();
    expect(within(gemini).getByText(/— falhou$/)).toBeDefined();
    expect(within(gemini).getByText('A chave do Google Gemini foi recusada. Confira se ela está correta e ativa.')).toBeDefined();
  });

  it('sets a key: a password field, never filled in, and only OpenAI takes a base URL', async () => {
    const gemini = providerStatus({ provider: 'gemini' });
    aiApi('admin', [defaultStatuses[0]!, gemini]);
    const bodies: unknown[] = [];
    server.use(
      http.put('/api/v1/llm/providers/gemini/key', async ({ request }) => {
        bodies.push(await request.json());
        const saved = providerStatus({
          provider: 'gemini',
          available: true,
          organization_key: { key_hint: 'AIza…cdef', base_url: '', updated_at: '2025-03-05T12:00:00Z', checked_at: null, check_error: '' },
        });
        server.use(http.get('/api/v1/llm/providers', () => HttpResponse.json({ items: [defaultStatuses[0], saved] })));
        return HttpResponse.json(saved);
      }),
    );
    const { user } = renderApp(page);
    const region = await card('Google Gemini');
    expect(within(region).getByText('Sem chave', { selector: 'dd' })).toBeDefined();
    expect(within(region).getByRole<HTMLButtonElement>('button', { name: 'Testar Google Gemini' }).disabled).toBe(true);
    expect(within(region).queryByLabelText(/URL compatível com a OpenAI/)).toBeNull();
    expect(within(await card('OpenAI')).getByLabelText('URL compatível com a OpenAI (opcional)')).toBeDefined();
    expect(within(await card('OpenAI')).getByLabelText<HTMLInputElement>('Nova chave de API').value).toBe('');

    const key = within(region).getByLabelText<HTMLInputElement>('Chave de API');
    expect(key.type).toBe('password');
    await user.click(within(region).getByRole('button', { name: 'Salvar chave' }));
    expect(await within(region).findByText('Cole a chave de API.')).toBeDefined();
    await user.type(key, '  AIzaSyExemplo-cdef ');
    await user.click(within(region).getByRole('button', { name: 'Salvar chave' }));
    expect(await screen.findByText('Chave do Google Gemini salva')).toBeDefined();
    expect(bodies).toEqual([{ api_key: 'AIzaSyExemplo-cdef', base_url: '' }]);
    expect(await within(region).findByText('Chave da organização: AIza…cdef')).toBeDefined();
    expect(within(region).getByText('Ainda não testada')).toBeDefined();
    // The form starts again, empty, to replace the key.
    expect(within(region).getByLabelText<HTMLInputElement>('Nova chave de API').value).toBe('');
    expect(within(region).getByRole('button', { name: 'Trocar chave' })).toBeDefined();
  });

  it("puts the server's messages on the fields", async () => {
    aiApi('owner');
    server.use(
      http.put('/api/v1/llm/providers/openai/key', () =>
        apiError(400, 'invalid', 'Confira os campos destacados.', {
          base_url: 'Este endereço não responde como uma API compatível com a OpenAI.',
        }),
      ),
    );
    const { user } = renderApp(page);
    const region = await card('OpenAI');
    await user.type(within(region).getByLabelText('Nova chave de API'), 'gsk_exemplo123456');
    await user.type(within(region).getByLabelText('URL compatível com a OpenAI (opcional)'), 'groq');
    await user.click(within(region).getByRole('button', { name: 'Trocar chave' }));
    expect(await within(region).findByText('Use um endereço completo, como https://api.groq.com/openai/v1.')).toBeDefined();
    await user.clear(within(region).getByLabelText('URL compatível com a OpenAI (opcional)'));
    await user.type(within(region).getByLabelText('URL compatível com a OpenAI (opcional)'), 'https://groq.example/v1');
    await user.click(within(region).getByRole('button', { name: 'Trocar chave' }));
    expect(await within(region).findByText('Este endereço não responde como uma API compatível com a OpenAI.')).toBeDefined();
    expect(within(region).getByLabelText('URL compatível com a OpenAI (opcional)').getAttribute('aria-invalid')).toBe('true');
  });

  it('"Testar" says it works, with how many models, or the provider\'s refusal as it is', async () => {
    aiApi('owner');
    let answer: ProviderTestResult = { ok: true, model: 'gpt-4.1-mini', models: ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4o-mini'] };
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/llm/providers/openai/test', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(answer);
      }),
    );
    const { user } = renderApp(page);
    const region = await card('OpenAI');
    await user.click(within(region).getByRole('button', { name: 'Testar OpenAI' }));
    const ok = await within(region).findByText('A conexão funciona — 3 modelos disponíveis.');
    expect(ok.closest('[role=status]')?.textContent).toContain('Testado com o modelo gpt-4.1-mini.');

    answer = { ok: false, kind: 'bad_key', message: 'A chave da OpenAI foi recusada. Confira se ela está correta e ativa.' };
    await user.click(within(region).getByRole('button', { name: 'Testar OpenAI' }));
    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('O teste falhou');
    expect(alert.textContent).toContain('A chave da OpenAI foi recusada. Confira se ela está correta e ativa.');
    expect(within(region).queryByText(/A conexão funciona/)).toBeNull();
    expect(bodies).toEqual([{ model: '' }, { model: '' }]);
  });

  it('removes the key after asking', async () => {
    aiApi('owner');
    let deleted = 0;
    server.use(
      http.delete('/api/v1/llm/providers/openai/key', () => {
        deleted++;
        server.use(
          http.get('/api/v1/llm/providers', () =>
            HttpResponse.json({ items: [providerStatus({ provider: 'openai', platform_key: true, available: true }), ...defaultStatuses.slice(1)] }),
          ),
        );
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(page);
    const region = await card('OpenAI');
    await user.click(within(region).getByRole('button', { name: 'Remover a chave da OpenAI' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Remover a chave da OpenAI?' });
    expect(dialog.textContent).toContain('Os agentes que usam este provedor passam a usar a chave da plataforma, se houver.');
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));
    expect(deleted).toBe(0);

    await user.click(within(region).getByRole('button', { name: 'Remover a chave da OpenAI' }));
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Remover chave' }));
    expect(await screen.findByText('Chave da OpenAI removida')).toBeDefined();
    expect(deleted).toBe(1);
    expect(await within(region).findByText('Usando a chave da plataforma')).toBeDefined();
    expect(within(region).queryByRole('button', { name: 'Remover a chave da OpenAI' })).toBeNull();
  });

  it('says why a key could not be removed, in the dialog', async () => {
    aiApi('owner');
    server.use(http.delete('/api/v1/llm/providers/openai/key', () => HttpResponse.error()));
    const { user } = renderApp(page);
    await user.click(within(await card('OpenAI')).getByRole('button', { name: 'Remover a chave da OpenAI' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Remover chave' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível remover a chave');
    expect(alert.textContent).toContain('Sem conexão com o servidor.');
  });

  it('shows members which keys are in use, and nothing to change', async () => {
    aiApi('member');
    renderApp(page);
    const region = await card('OpenAI');
    expect(within(region).getByText('Chave da organização: sk-…a1b2')).toBeDefined();
    expect(screen.getByText(/Só administradores e o proprietário alteram as chaves/)).toBeDefined();
    expect(screen.queryByRole('button', { name: /^Testar/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remover/ })).toBeNull();
    expect(screen.queryByLabelText(/Chave de API/)).toBeNull();
  });

  it('offers to try again when the providers do not load, and says when there is none', async () => {
    signedIn(sessionAs('owner'));
    let answer: Response | null = null;
    server.use(
      http.get('/api/v1/llm/providers', () => answer ?? HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 })),
    );
    const { user } = renderApp(page);
    expect((await screen.findByText('Não foi possível carregar os provedores de IA')).closest('[role=alert]')).not.toBeNull();
    answer = HttpResponse.json({ items: [] });
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByRole('heading', { name: 'Nenhum provedor de IA disponível' })).toBeDefined();
  });
});
