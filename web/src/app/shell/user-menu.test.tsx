import { act, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';

async function openMenu(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Conta de Ana Souza' }));
  return screen.findByRole('menu');
}

describe('user menu', () => {
  it('shows who is signed in and in which company', async () => {
    signedIn();
    const { user } = renderApp('/painel');
    const menu = await openMenu(user);
    expect(within(menu).getByText('Ana Souza')).toBeDefined();
    expect(within(menu).getByText('ana@lojadaana.com.br')).toBeDefined();
    expect(within(menu).getByText('Loja da Ana')).toBeDefined();
    expect(within(menu).getByText('Proprietário')).toBeDefined();
  });

  it('signs out, with the CSRF token, and goes to the sign-in page', async () => {
    signedIn();
    const sent: (string | null)[] = [];
    server.use(
      http.post('/api/v1/auth/logout', ({ request }) => {
        sent.push(request.headers.get('X-CSRF-Token'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/conversas');
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Sair' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(router.state.location.search).toBe('');
    expect(sent).toEqual(['csrf-me']);
  });

  it('says so when signing out fails, and stays', async () => {
    signedIn();
    server.use(http.post('/api/v1/auth/logout', () => HttpResponse.error()));
    const { user, router } = renderApp('/painel');
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Sair' }));
    expect(await screen.findByText('Não foi possível sair')).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
  });

  it('asks before signing out of every device', async () => {
    signedIn();
    let calls = 0;
    server.use(
      http.post('/api/v1/auth/logout-all', () => {
        calls++;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/painel');

    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Sair de todos os dispositivos' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Sair de todos os dispositivos?' });
    expect(dialog.textContent).toContain('todos os navegadores e aparelhos');
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls).toBe(0);

    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Sair de todos os dispositivos' }));
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Sair de todos' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname + router.state.location.search).toBe('/entrar');
    expect(calls).toBe(1);
  });

  it('goes to the sign-in page, to come back, when the session ends under the user', async () => {
    signedIn();
    const { user, router } = renderApp('/conversas');
    await openMenu(user);
    // Every session ended elsewhere: the next request is refused and so is the refresh.
    server.use(
      http.post('/api/v1/auth/logout-all', () =>
        HttpResponse.json({ error: { code: 'unauthorized', message: 'x' } }, { status: 401 }),
      ),
    );
    await user.click(screen.getByRole('menuitem', { name: 'Sair de todos os dispositivos' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Sair de todos' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(screen.queryByText('Não foi possível sair')).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('sends the user to sign in again, to come back, when the session is found over', async () => {
    signedIn();
    const { router, queryClient } = renderApp('/leads');
    await screen.findByRole('heading', { level: 1, name: 'Leads' });
    // Elsewhere, every session ended: me and the refresh are refused from now on.
    server.resetHandlers();
    await act(() => queryClient.invalidateQueries());
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(router.state.location.search).toBe('?next=%2Fleads');
  });
});
