import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { defaultStatuses, llmApi, providerStatus } from '@/features/llm/testing/fixtures';
import { apiError } from '@/features/organizations/testing/fixtures';
import { server } from '@/testing/server';
import { renderApp } from '@/testing/render';
import { agent, agentsApi } from '../testing/fixtures';

const editorPage = '/agentes/ag_1';
const providerSelect = () => screen.getByLabelText<HTMLSelectElement>('Provedor');
const modelField = () => screen.getByLabelText<HTMLSelectElement | HTMLInputElement>('Modelo');
const optionsOf = (select: HTMLSelectElement) => [...select.options].map((o) => ({ label: o.textContent, value: o.value, disabled: o.disabled }));

describe('agents: the model picker', () => {
  it('says which providers have a key, and points to Configurações → IA for the others', async () => {
    agentsApi('owner');
    renderApp(editorPage);
    await screen.findByLabelText('Persona');
    await waitFor(() => expect(optionsOf(providerSelect()).find((o) => o.value === 'gemini')?.disabled).toBe(true));
    expect(optionsOf(providerSelect())).toEqual([
      { label: 'Padrão da plataforma', value: '', disabled: false },
      { label: 'OpenAI', value: 'openai', disabled: false },
      { label: 'Anthropic', value: 'anthropic', disabled: false },
      { label: 'Google Gemini (sem chave)', value: 'gemini', disabled: true },
    ]);
    const link = screen.getByRole('link', { name: 'Configurações → IA' });
    expect(link.getAttribute('href')).toBe('/configuracoes/ia');
    expect(link.closest('p')?.textContent).toContain('Provedores sem chave aparecem desativados');
  });

  it("offers the provider's models once it is chosen, and saves the one picked", async () => {
    agentsApi('owner');
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.patch('/api/v1/agents/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        return HttpResponse.json(agent({ provider: 'openai', model: 'gpt-4.1', version: 3 }));
      }),
    );
    const { user } = renderApp(editorPage);
    await screen.findByLabelText('Persona');
    // The platform's default: the model is typed.
    expect(modelField().tagName).toBe('INPUT');
    await user.selectOptions(providerSelect(), 'openai');
    await waitFor(() => expect(modelField().tagName).toBe('SELECT'));
    expect(optionsOf(modelField() as HTMLSelectElement).map((o) => o.label)).toEqual([
      'Padrão do provedor (gpt-4.1-mini)',
      'gpt-4.1-mini',
      'gpt-4.1',
      'gpt-4o-mini',
    ]);
    await user.selectOptions(modelField(), 'gpt-4.1');
    await user.click(screen.getByRole('button', { name: 'Salvar alterações' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({ provider: 'openai', model: 'gpt-4.1', version: 2 });
    expect(await screen.findByText('Agente salvo — versão 3')).toBeDefined();
  });

  it('keeps a model the list does not have, and lets one be typed', async () => {
    agentsApi('owner', { agents: [agent({ provider: 'openai', model: 'ft:gpt-4.1:loja' })] });
    const { user } = renderApp(editorPage);
    await waitFor(() => expect(`${modelField().tagName} ${modelField().value}`).toBe('SELECT ft:gpt-4.1:loja'));
    expect((modelField() as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('ft:gpt-4.1:loja (fora da lista)');
    await user.click(screen.getByRole('button', { name: 'Digitar outro modelo' }));
    expect(modelField().tagName).toBe('INPUT');
    expect(modelField().value).toBe('ft:gpt-4.1:loja');
    await user.click(screen.getByRole('button', { name: 'Escolher da lista' }));
    expect(modelField().tagName).toBe('SELECT');
  });

  it("lets the model be typed when the provider does not list them, with the server's reason", async () => {
    agentsApi('owner');
    const { user } = renderApp(editorPage);
    await screen.findByLabelText('Persona');
    await user.selectOptions(providerSelect(), 'anthropic');
    expect(await screen.findByText('O serviço da Anthropic não lista os modelos disponíveis. Digite o nome do modelo.')).toBeDefined();
    expect(modelField().tagName).toBe('INPUT');
    expect(modelField().getAttribute('placeholder')).toBe('claude-haiku-4-5');
    await user.type(modelField(), 'claude-sonnet-4-5');
    expect(modelField().value).toBe('claude-sonnet-4-5');
  });

  it('says while the models load, and when they could not load (the model is typed then)', async () => {
    agentsApi('owner');
    let fail = true;
    server.use(
      http.get('/api/v1/llm/providers/:provider/models', async () => {
        await delay(300);
        return fail
          ? HttpResponse.json({ error: { code: 'unavailable', message: 'x' } }, { status: 503 })
          : HttpResponse.json({ items: ['gpt-4.1-mini'], listed: true });
      }),
    );
    const { user } = renderApp(editorPage);
    await screen.findByLabelText('Persona');
    await user.selectOptions(providerSelect(), 'openai');
    expect(await screen.findByText('Carregando os modelos de OpenAI…')).toBeDefined();
    expect(within(modelField()).getByRole('option', { name: 'Carregando modelos…' })).toBeDefined();
    expect(modelField().matches(':disabled')).toBe(true);
    expect(await screen.findByText(/^Não foi possível carregar os modelos de OpenAI: .* Digite o nome do modelo\.$/)).toBeDefined();
    expect(modelField().tagName).toBe('INPUT');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    await waitFor(() => expect(modelField().tagName).toBe('SELECT'));
  });

  it("puts the server's error on the provider field", async () => {
    agentsApi('owner');
    server.use(
      http.patch('/api/v1/agents/:id', () =>
        apiError(400, 'invalid', 'Confira os campos destacados.', {
          provider: 'A Anthropic está sem chave. Configure uma em Configurações → IA.',
        }),
      ),
    );
    const { user } = renderApp(editorPage);
    await screen.findByLabelText('Persona');
    await user.selectOptions(providerSelect(), 'anthropic');
    await user.click(screen.getByRole('button', { name: 'Salvar alterações' }));
    expect(await screen.findByText('A Anthropic está sem chave. Configure uma em Configurações → IA.')).toBeDefined();
    expect(providerSelect().getAttribute('aria-invalid')).toBe('true');
  });

  it('warns when the chosen provider has no key any more', async () => {
    agentsApi('member', { agents: [agent({ provider: 'gemini', model: '' })] });
    renderApp(editorPage);
    const warning = await screen.findByText(/Google Gemini está sem chave: o agente não consegue responder/);
    expect(within(warning.closest('p')!).getByRole('link', { name: 'Configurações → IA' })).toBeDefined();
    // The agent's own choice stays selectable (it is what it has).
    expect(optionsOf(providerSelect()).find((o) => o.value === 'gemini')).toEqual({
      label: 'Google Gemini (sem chave)',
      value: 'gemini',
      disabled: false,
    });
  });

  it("tests the chosen model, showing the provider's refusal in words", async () => {
    agentsApi('owner', { agents: [agent({ provider: 'openai', model: 'gpt-4.1' })] });
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/llm/providers/openai/test', async ({ request }) => {
        const body = (await request.json()) as { model: string };
        bodies.push(body);
        return body.model === 'gpt-4.1'
          ? HttpResponse.json({ ok: true, model: 'gpt-4.1', models: ['gpt-4.1'] })
          : HttpResponse.json({
              ok: false,
              kind: 'unknown_model',
              message: 'O modelo "gpt-9" não existe no serviço da OpenAI ou a chave não tem acesso a ele. Escolha outro modelo.',
            });
      }),
    );
    const { user } = renderApp(editorPage);
    await waitFor(() => expect(`${modelField().tagName} ${modelField().value}`).toBe('SELECT gpt-4.1'));
    await user.click(screen.getByRole('button', { name: 'Testar modelo' }));
    expect(await screen.findByText('Funcionou com o modelo gpt-4.1.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Digitar outro modelo' }));
    await user.clear(modelField());
    await user.type(modelField(), 'gpt-9');
    expect(screen.queryByText('Funcionou com o modelo gpt-4.1.')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Testar modelo' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('O modelo não respondeu');
    expect(alert.textContent).toContain('O modelo "gpt-9" não existe no serviço da OpenAI');
    expect(bodies).toEqual([{ model: 'gpt-4.1' }, { model: 'gpt-9' }]);
  });

  it("shows the key's last failed test where the agent is configured", async () => {
    agentsApi('owner', { agents: [agent({ provider: 'openai', model: '' })] });
    const [openai, ...others] = defaultStatuses;
    llmApi({
      statuses: [
        providerStatus({
          ...openai!,
          organization_key: {
            ...openai!.organization_key!,
            check_error: 'A conta da OpenAI está sem créditos ou atingiu o limite de uso. Confira o faturamento e os limites no painel do provedor.',
          },
        }),
        ...others,
      ],
    });
    renderApp(editorPage);
    expect(await screen.findByText(/^O último teste da chave falhou: A conta da OpenAI está sem créditos/)).toBeDefined();
  });
});
