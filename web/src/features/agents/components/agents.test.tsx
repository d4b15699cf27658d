import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { apiError } from '@/features/organizations/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { agent, agentsApi, defaultConfig } from '../testing/fixtures';

const editorPage = '/agentes/ag_1';
const saveButton = () => screen.getByRole('button', { name: 'Salvar alterações' });

describe('agents: the list', () => {
  it('explains that there is none yet and lets an admin create one by name', async () => {
    agentsApi('admin', { agents: [] });
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/agents', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(agent({ id: 'ag_9', name: 'Sol', version: 1 }), { status: 201 });
      }),
    );
    const { user, router } = renderApp('/agentes');
    expect(await screen.findByText('Nenhum agente criado')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Novo agente' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Criar agente' }));
    expect(await within(dialog).findByText('Dê um nome ao agente.')).toBeDefined();
    await user.type(within(dialog).getByLabelText('Nome do agente'), 'Sol');
    await user.click(within(dialog).getByRole('button', { name: 'Criar agente' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/agentes/ag_9'));
    expect(bodies).toEqual([{ name: 'Sol' }]);
  });

  it('lists the agents with their state; members only read', async () => {
    agentsApi('member', { agents: [agent({ version: 3 }), agent({ id: 'ag_2', name: 'Lua', enabled: false })] });
    renderApp('/agentes');
    const sol = await screen.findByRole('link', { name: /Sol/ });
    expect(within(sol).getByText('Ativo')).toBeDefined();
    expect(within(sol).getByText(/Versão 3/)).toBeDefined();
    expect(within(screen.getByRole('link', { name: /Lua/ })).getByText('Desligado')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Novo agente' })).toBeNull();
  });
});

describe('agents: the editor', () => {
  it('checks the fields as they are typed, and saves only when something changed', async () => {
    agentsApi('owner');
    const { user } = renderApp(editorPage);
    const name = await screen.findByLabelText('Nome');
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Tudo salvo.')).toBeDefined();

    await user.clear(name);
    expect(await screen.findByText('Dê um nome ao agente.')).toBeDefined();
    await user.type(name, 'Sol Nascente');
    await waitFor(() => expect(screen.queryByText('Dê um nome ao agente.')).toBeNull());
    expect((saveButton() as HTMLButtonElement).disabled).toBe(false);

    const temperature = screen.getByLabelText('Temperatura');
    await user.clear(temperature);
    await user.type(temperature, '3');
    expect(await screen.findByText('Use um valor entre 0 e 2.')).toBeDefined();

    const keys = screen.getAllByLabelText('Chave');
    await user.clear(keys[1]!);
    await user.type(keys[1]!, 'Cidade');
    expect(await screen.findByText(/Use letras minúsculas sem acento/)).toBeDefined();
  });

  it('saves over the version it loaded, and puts the server’s field errors on the fields', async () => {
    agentsApi('owner');
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.patch('/api/v1/agents/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        if (bodies.length === 1) {
          return apiError(400, 'invalid', 'Confira os campos destacados.', {
            knowledge_base_ids: 'Uma das bases escolhidas não existe mais. Atualize a página e escolha de novo.',
          });
        }
        return HttpResponse.json(agent({ ...(body as Partial<typeof defaultConfig>), version: 3 }));
      }),
    );
    const { user } = renderApp(editorPage);
    const persona = await screen.findByLabelText('Persona');
    await user.clear(persona);
    await user.type(persona, 'Você é a Sol, consultora de energia solar.');
    await user.click(screen.getByLabelText('Catálogo 2025'));
    await user.click(saveButton());
    expect(await screen.findByText('Uma das bases escolhidas não existe mais. Atualize a página e escolha de novo.')).toBeDefined();
    expect(bodies[0]).toMatchObject({
      version: 2,
      persona: 'Você é a Sol, consultora de energia solar.',
      knowledge_base_ids: ['kb_1'],
      qualification_fields: defaultConfig().qualification_fields,
    });

    await user.click(saveButton());
    expect(await screen.findByText('Agente salvo — versão 3')).toBeDefined();
    await waitFor(() => expect((saveButton() as HTMLButtonElement).disabled).toBe(true));
  });

  it('adds and removes qualification fields, with a key from the name', async () => {
    agentsApi('owner');
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.patch('/api/v1/agents/:id', async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        return HttpResponse.json(agent({ version: 3 }));
      }),
    );
    const { user } = renderApp(editorPage);
    await screen.findByLabelText('Persona');
    await user.click(screen.getByRole('button', { name: 'Remover o campo 2' }));
    await user.click(screen.getByRole('button', { name: 'Adicionar campo' }));
    const added = screen.getByRole('group', { name: 'Campo 3' });
    await user.type(within(added).getByLabelText('Nome do campo'), 'Valor da conta de luz');
    await user.tab();
    expect(within(added).getByLabelText<HTMLInputElement>('Chave').value).toBe('valor_da_conta_de_luz');
    await user.selectOptions(within(added).getByLabelText('Tipo'), 'number');
    await user.click(saveButton());
    await waitFor(() => expect(bodies).toHaveLength(1));
    const keys = (bodies[0]?.qualification_fields as { key: string; type: string }[]).map((f) => `${f.key}:${f.type}`);
    expect(keys).toEqual(['nome:text', 'prazo_decisao:enum', 'valor_da_conta_de_luz:number']);
  });

  it('says when someone else saved first, and loads the current version', async () => {
    agentsApi('owner');
    server.use(
      http.patch('/api/v1/agents/:id', () =>
        apiError(409, 'conflict', 'Este agente foi alterado enquanto você editava (agora está na versão 3). Recarregue para ver as mudanças e salve de novo.'),
      ),
    );
    const { user } = renderApp(editorPage);
    const greeting = await screen.findByLabelText('Saudação');
    await user.type(greeting, ' Tudo bem?');
    await user.click(saveButton());
    expect(await screen.findByText(/agora está na versão 3/)).toBeDefined();
    server.use(http.get('/api/v1/agents/:id', () => HttpResponse.json(agent({ version: 3, greeting: 'Oi de outra aba' }))));
    await user.click(screen.getByRole('button', { name: 'Carregar a versão atual' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>('Saudação').value).toBe('Oi de outra aba'));
  });

  it('asks before leaving with unsaved changes', async () => {
    agentsApi('owner');
    const { user, router } = renderApp(editorPage);
    await user.type(await screen.findByLabelText('Tom de voz'), ' Sem emojis.');
    const back = () => screen.getAllByRole('link', { name: 'Agentes' })[0]!;
    await user.click(back());
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText('Sair sem salvar?')).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));
    expect(router.state.location.pathname).toBe(editorPage);
    expect(screen.getByLabelText<HTMLInputElement>('Tom de voz').value).toBe('Cordial e profissional. Sem emojis.');

    await user.click(back());
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Sair sem salvar' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/agentes'));
  });

  it('shows a member the configuration, read only', async () => {
    agentsApi('member');
    renderApp(editorPage);
    // Every control sits in a disabled fieldset.
    expect((await screen.findByLabelText('Persona')).matches(':disabled')).toBe(true);
    expect(screen.getByLabelText('Agente ativo').matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Salvar alterações' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Adicionar campo' })).toBeNull();
    expect(screen.getByText(/Só administradores criam e alteram agentes/)).toBeDefined();
  });

  it('says when the agent does not exist', async () => {
    agentsApi('owner');
    renderApp('/agentes/ag_404');
    expect(await screen.findByRole('heading', { name: 'Agente não encontrado' })).toBeDefined();
  });
});

describe('agents: the history', () => {
  it('lists the versions, shows what changed and restores one as a new version', async () => {
    agentsApi('owner');
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/agents/:id/rollback', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(agent({ version: 3, persona: 'Você é um vendedor.' }));
      }),
    );
    const { user } = renderApp(editorPage);
    await user.click(await screen.findByRole('tab', { name: 'Histórico' }));
    const list = await screen.findByRole('list', { name: 'Versões do agente' });
    const v2 = within(list).getByRole('listitem', { name: 'Versão 2' });
    expect(within(v2).getByText('Atual')).toBeDefined();
    expect(within(v2).getByText('Mudou: Persona e tom, Campos de qualificação')).toBeDefined();
    expect(within(v2).getByText(/Ana Souza · 02\/03\/2025/)).toBeDefined();
    const v1 = within(list).getByRole('listitem', { name: 'Versão 1' });
    expect(within(v1).getByText('Criou o agente')).toBeDefined();

    await user.click(within(v2).getByRole('button', { name: 'Ver mudanças' }));
    const diff = await screen.findByRole('list', { name: 'Mudanças da versão 1 para a versão 2' });
    expect(within(diff).getByText('Persona')).toBeDefined();
    expect(within(diff).getByText('Você é um vendedor.')).toBeDefined();
    expect(within(diff).getByText('Campo de qualificação "cidade"')).toBeDefined();
    expect(within(diff).getByText('(não existia)')).toBeDefined();
    expect(within(diff).getByText('Cidade (Texto). Onde o cliente está.')).toBeDefined();

    await user.click(within(v1).getByRole('button', { name: 'Restaurar esta versão' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText(/vira a versão 3/)).toBeDefined();
    await user.click(within(dialog).getByRole('button', { name: 'Restaurar versão' }));
    expect(await screen.findByText('Versão 1 restaurada — agora é a versão 3')).toBeDefined();
    expect(bodies).toEqual([{ version: 1, expected_version: 2 }]);

    await user.click(screen.getByRole('tab', { name: 'Configuração' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>('Persona').value).toBe('Você é um vendedor.'));
  });

  it('compares any two checked versions; members cannot restore', async () => {
    agentsApi('member');
    const { user } = renderApp(editorPage);
    await user.click(await screen.findByRole('tab', { name: 'Histórico' }));
    expect(await screen.findByText('Marque duas versões para ver o que mudou entre elas.')).toBeDefined();
    await user.click(screen.getByRole('checkbox', { name: 'Comparar a versão 2' }));
    await user.click(screen.getByRole('checkbox', { name: 'Comparar a versão 1' }));
    expect(await screen.findByRole('heading', { name: 'Da versão 1 para a versão 2' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Restaurar esta versão' })).toBeNull();
  });
});
