import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';
import { apiError, sessionAs, sessionInFilial } from '../testing/fixtures';

const switcherName = /^Organização atual: /;

/** The desktop sidebar's switcher (the phone drawer is closed). */
async function openSwitcher(user: ReturnType<typeof renderApp>['user']) {
  const aside = await screen.findByRole('complementary');
  await user.click(within(aside).getByRole('button', { name: switcherName }));
  return screen.findByRole('menu');
}

describe('organization switcher', () => {
  it('shows the current organization and lists the user’s, with the role in each', async () => {
    signedIn(sessionAs('admin'));
    const { user } = renderApp('/conversas');
    const aside = await screen.findByRole('complementary');
    const button = within(aside).getByRole('button', { name: 'Organização atual: Loja da Ana. Trocar de organização' });
    expect(button.textContent).toContain('Administrador');

    const menu = await openSwitcher(user);
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((item) => item.textContent)).toEqual(['Loja da AnaAdministrador', 'Filial CentroVendedor']);
    expect(items[0]?.getAttribute('aria-checked')).toBe('true');
    expect(within(menu).getByRole('menuitem', { name: 'Criar organização' })).toBeDefined();
  });

  it('switches, with the organization’s id, and opens the dashboard of the new one', async () => {
    signedIn(sessionAs('owner'));
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/auth/switch-org', async ({ request }) => {
        bodies.push(await request.json());
        signedIn(sessionInFilial);
        return HttpResponse.json(sessionInFilial);
      }),
    );
    const { user, router, queryClient } = renderApp('/leads');
    queryClient.setQueryData(['members', 'list'], { items: [] });
    const menu = await openSwitcher(user);
    await user.click(within(menu).getByRole('menuitemradio', { name: /Filial Centro/ }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/painel'));
    expect(bodies).toEqual([{ organization_id: 'org_2' }]);
    const aside = screen.getByRole('complementary');
    expect(within(aside).getByRole('button', { name: /^Organização atual: Filial Centro/ }).textContent).toContain('Vendedor');
    expect(queryClient.getQueryData(['members', 'list'])).toBeUndefined();
    // The app's own switch is no surprise.
    expect(screen.queryByText('Você trocou de organização em outra aba')).toBeNull();
  });

  it('says so when the switch fails, and stays', async () => {
    signedIn(sessionAs('owner'));
    server.use(http.post('/api/v1/auth/switch-org', () => apiError(404, 'not_found', 'Organização não encontrada.')));
    const { user, router } = renderApp('/leads');
    const menu = await openSwitcher(user);
    await user.click(within(menu).getByRole('menuitemradio', { name: /Filial Centro/ }));
    expect(await screen.findByText('Não foi possível trocar de organização')).toBeDefined();
    expect(router.state.location.pathname).toBe('/leads');
  });

  it('creates an organization, switches to it and opens its dashboard', async () => {
    signedIn(sessionAs('member'));
    const created = { id: 'org_3', name: 'Loja Nova', time_zone: 'America/Sao_Paulo', created_at: '2025-04-01T12:00:00Z' };
    const inNew = {
      ...sessionAs('member'),
      organization: { id: created.id, name: created.name, created_at: created.created_at },
      role: 'owner' as const,
    };
    const calls: unknown[] = [];
    server.use(
      http.post('/api/v1/organizations', async ({ request }) => {
        const body = (await request.json()) as { name: string };
        calls.push(['create', body]);
        return body.name === '  '
          ? apiError(400, 'invalid', 'Confira.', { name: 'Informe o nome da organização.' })
          : HttpResponse.json(created, { status: 201 });
      }),
      http.post('/api/v1/auth/switch-org', async ({ request }) => {
        calls.push(['switch', await request.json()]);
        signedIn(inNew);
        return HttpResponse.json(inNew);
      }),
    );
    const { user, router } = renderApp('/conversas');
    const menu = await openSwitcher(user);
    await user.click(within(menu).getByRole('menuitem', { name: 'Criar organização' }));
    const dialog = await screen.findByRole('dialog', { name: 'Criar organização' });

    await user.click(within(dialog).getByRole('button', { name: 'Criar e abrir' }));
    expect(within(dialog).getByText('Preencha este campo.')).toBeDefined();
    expect(calls).toEqual([]);

    await user.type(within(dialog).getByLabelText('Nome da organização'), 'Loja Nova');
    await user.click(within(dialog).getByRole('button', { name: 'Criar e abrir' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/painel'));
    expect(calls).toEqual([
      ['create', { name: 'Loja Nova' }],
      ['switch', { organization_id: 'org_3' }],
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(screen.getByRole('complementary')).getByRole('button', { name: /^Organização atual: Loja Nova/ })).toBeDefined();
  });

  it('puts the server’s message on the name field', async () => {
    signedIn(sessionAs('owner'));
    server.use(
      http.post('/api/v1/organizations', () => apiError(400, 'invalid', 'Confira.', { name: 'Use no máximo 100 caracteres.' })),
    );
    const { user } = renderApp('/conversas');
    const menu = await openSwitcher(user);
    await user.click(within(menu).getByRole('menuitem', { name: 'Criar organização' }));
    const dialog = await screen.findByRole('dialog', { name: 'Criar organização' });
    await user.type(within(dialog).getByLabelText('Nome da organização'), 'Longa');
    await user.click(within(dialog).getByRole('button', { name: 'Criar e abrir' }));
    expect(await within(dialog).findByText('Use no máximo 100 caracteres.')).toBeDefined();
    expect(within(dialog).getByLabelText('Nome da organização').getAttribute('aria-invalid')).toBe('true');
  });

  it('is in the phone drawer too, which closes after a switch', async () => {
    signedIn(sessionAs('owner'));
    server.use(
      http.post('/api/v1/auth/switch-org', () => {
        signedIn(sessionInFilial);
        return HttpResponse.json(sessionInFilial);
      }),
    );
    const { user, router } = renderApp('/leads');
    await user.click(await screen.findByRole('button', { name: 'Abrir menu' }));
    const drawer = await screen.findByRole('dialog', { name: 'Menu' });
    await user.click(within(drawer).getByRole('button', { name: switcherName }));
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitemradio', { name: /Filial Centro/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/painel'));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Menu' })).toBeNull());
  });
});
