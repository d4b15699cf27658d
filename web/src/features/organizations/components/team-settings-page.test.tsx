import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { apiError, organizationApi } from '../testing/fixtures';

const page = '/configuracoes/equipe';

function rowOf(name: string) {
  const row = within(screen.getByRole('table', { name: 'Pessoas' })).getByText(name).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('team: members', () => {
  it('lists the people with their roles; owners change roles', async () => {
    organizationApi('owner');
    const bodies: unknown[] = [];
    server.use(
      http.patch('/api/v1/members/:id', async ({ request, params }) => {
        bodies.push([params.id, await request.json()]);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(page);
    const table = await screen.findByRole('table', { name: 'Pessoas' });
    expect(within(table).getByText('bruno@lojadaana.com.br')).toBeDefined();
    expect(within(rowOf('Ana Souza')).getByText('você')).toBeDefined();

    const role = within(rowOf('Bruno Lima')).getByLabelText('Papel de Bruno Lima');
    expect((role as HTMLSelectElement).value).toBe('member');
    expect(within(role).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Proprietário',
      'Administrador',
      'Vendedor',
    ]);
    await user.selectOptions(role, 'admin');
    expect(await screen.findByText('Bruno Lima agora é Administrador')).toBeDefined();
    expect(bodies).toEqual([['usr_2', { role: 'admin' }]]);
  });

  it('shows the server’s message when the last owner would be demoted', async () => {
    organizationApi('owner');
    server.use(
      http.patch('/api/v1/members/:id', () =>
        apiError(409, 'conflict', 'A organização precisa de pelo menos um proprietário.'),
      ),
    );
    const { user } = renderApp(page);
    await screen.findByRole('table', { name: 'Pessoas' });
    await user.selectOptions(within(rowOf('Ana Souza')).getByLabelText('Papel de Ana Souza'), 'member');
    expect(await screen.findByText('Não foi possível mudar o papel')).toBeDefined();
    expect(screen.getByText('A organização precisa de pelo menos um proprietário.')).toBeDefined();
  });

  it('removes someone after asking', async () => {
    organizationApi('owner');
    const removed: unknown[] = [];
    server.use(
      http.delete('/api/v1/members/:id', ({ params }) => {
        removed.push(params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(page);
    await screen.findByRole('table', { name: 'Pessoas' });
    expect(within(rowOf('Ana Souza')).queryByRole('button', { name: 'Remover Ana Souza' })).toBeNull();

    await user.click(within(rowOf('Bruno Lima')).getByRole('button', { name: 'Remover Bruno Lima' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Remover Bruno Lima?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(removed).toEqual([]);

    await user.click(within(rowOf('Bruno Lima')).getByRole('button', { name: 'Remover Bruno Lima' }));
    dialog = await screen.findByRole('alertdialog', { name: 'Remover Bruno Lima?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remover da organização' }));
    expect(await screen.findByText('Bruno Lima foi removido da organização')).toBeDefined();
    expect(removed).toEqual(['usr_2']);
  });

  it('lets a member see the team read-only, leave, and end on the sign-in page', async () => {
    organizationApi('member');
    server.use(
      http.delete('/api/v1/members/usr_1', () => {
        server.use(http.get('/api/v1/auth/me', () => apiError(401, 'unauthorized', 'Entre para continuar.')));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp(page);
    await screen.findByRole('table', { name: 'Pessoas' });
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remover Bruno Lima' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Convites' })).toBeNull();
    expect(within(rowOf('Bruno Lima')).getByText('Vendedor')).toBeDefined();

    await user.click(within(rowOf('Ana Souza')).getByRole('button', { name: 'Sair da organização' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Sair de Loja da Ana?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sair da organização' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(screen.getByText('Você saiu de Loja da Ana')).toBeDefined();
  });

  it('keeps the last owner in, with the server’s message in the dialog', async () => {
    organizationApi('owner');
    server.use(
      http.delete('/api/v1/members/usr_1', () =>
        apiError(409, 'conflict', 'Você é o último proprietário. Passe a propriedade a alguém antes de sair.'),
      ),
    );
    const { user, router } = renderApp(page);
    await screen.findByRole('table', { name: 'Pessoas' });
    await user.click(within(rowOf('Ana Souza')).getByRole('button', { name: 'Sair da organização' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Sair da organização' }));
    expect(
      await within(dialog).findByText('Você é o último proprietário. Passe a propriedade a alguém antes de sair.'),
    ).toBeDefined();
    expect(router.state.location.pathname).toBe(page);
  });
});

describe('team: invitations', () => {
  it('lists the invitations with their status, for admins', async () => {
    organizationApi('admin');
    renderApp(page);
    const region = await screen.findByRole('region', { name: 'Convites' });
    const items = await within(region).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('carla@lojadaana.com.br');
    expect(items[0]?.textContent).toContain('Pendente');
    expect(items[0]?.textContent).toContain('Administrador · convidado por Ana Souza em 01/03/2025 · vale até 08/03/2025');
    expect(items[1]?.textContent).toContain('Aceito');
    expect(within(items[1] as HTMLElement).queryByRole('button')).toBeNull();
  });

  it('invites by e-mail and role; an admin cannot invite an owner', async () => {
    organizationApi('admin');
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/invitations', async ({ request }) => {
        const body = (await request.json()) as { email: string; role: string };
        bodies.push(body);
        return HttpResponse.json(
          { id: 'inv_9', ...body, invited_by: 'Ana Souza', created_at: '', expires_at: '', status: 'pending' },
          { status: 201 },
        );
      }),
    );
    const { user } = renderApp(page);
    const region = await screen.findByRole('region', { name: 'Convites' });
    await user.click(within(region).getByRole('button', { name: 'Convidar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Convidar para a equipe' });
    const role = within(dialog).getByLabelText('Papel');
    expect(within(role).getAllByRole('option').map((option) => option.textContent)).toEqual(['Administrador', 'Vendedor']);
    expect(within(dialog).getByText('Atende as conversas e cuida dos leads.')).toBeDefined();

    await user.type(within(dialog).getByLabelText('E-mail'), 'eva@loja');
    await user.click(within(dialog).getByRole('button', { name: 'Enviar convite' }));
    expect(within(dialog).getByText('Informe um e-mail válido, como nome@empresa.com.br.')).toBeDefined();

    await user.clear(within(dialog).getByLabelText('E-mail'));
    await user.type(within(dialog).getByLabelText('E-mail'), 'eva@lojadaana.com.br');
    await user.selectOptions(role, 'admin');
    await user.click(within(dialog).getByRole('button', { name: 'Enviar convite' }));
    expect(await screen.findByText('Convite enviado para eva@lojadaana.com.br')).toBeDefined();
    expect(bodies).toEqual([{ email: 'eva@lojadaana.com.br', role: 'admin' }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('lets owners invite owners, and shows the server’s message for someone already invited', async () => {
    organizationApi('owner');
    server.use(
      http.post('/api/v1/invitations', () =>
        apiError(409, 'conflict', 'Já existe um convite pendente para este e-mail.'),
      ),
    );
    const { user } = renderApp(page);
    const region = await screen.findByRole('region', { name: 'Convites' });
    await user.click(within(region).getByRole('button', { name: 'Convidar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Convidar para a equipe' });
    expect(within(within(dialog).getByLabelText('Papel')).getAllByRole('option')).toHaveLength(3);
    await user.type(within(dialog).getByLabelText('E-mail'), 'carla@lojadaana.com.br');
    await user.click(within(dialog).getByRole('button', { name: 'Enviar convite' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível convidar');
    expect(alert.textContent).toContain('Já existe um convite pendente para este e-mail.');
  });

  it('resends, and revokes after asking', async () => {
    organizationApi('admin');
    const calls: string[] = [];
    server.use(
      http.post('/api/v1/invitations/:id/resend', ({ params }) => {
        calls.push(`resend ${String(params.id)}`);
        return HttpResponse.json({ status: 'queued' }, { status: 202 });
      }),
      http.delete('/api/v1/invitations/:id', ({ params }) => {
        calls.push(`revoke ${String(params.id)}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(page);
    const region = await screen.findByRole('region', { name: 'Convites' });
    await user.click(await within(region).findByRole('button', { name: 'Reenviar o convite de carla@lojadaana.com.br' }));
    expect(await screen.findByText('Convite reenviado para carla@lojadaana.com.br')).toBeDefined();

    await user.click(within(region).getByRole('button', { name: 'Revogar o convite de carla@lojadaana.com.br' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revogar o convite?' });
    expect(dialog.textContent).toContain('O link enviado para carla@lojadaana.com.br deixa de funcionar.');
    await user.click(within(dialog).getByRole('button', { name: 'Revogar convite' }));
    expect(await screen.findByText('Convite de carla@lojadaana.com.br revogado')).toBeDefined();
    expect(calls).toEqual(['resend inv_1', 'revoke inv_1']);
  });

  it('says when there are no invitations yet', async () => {
    organizationApi('owner');
    server.use(http.get('/api/v1/invitations', () => HttpResponse.json({ items: [], next_cursor: '' })));
    renderApp(page);
    expect(await screen.findByRole('heading', { name: 'Nenhum convite enviado' })).toBeDefined();
  });
});
