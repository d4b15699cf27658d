import { screen, waitFor } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server, signedIn, testSession } from '@/testing/server';

describe('session guards', () => {
  it('shows a skeleton while the session loads, then the page', async () => {
    server.use(
      http.get('/api/v1/auth/me', async () => {
        await delay(50);
        return HttpResponse.json(testSession);
      }),
    );
    renderApp('/conversas');
    expect(screen.getByRole('status').textContent).toContain('Carregando sua conta…');
    expect(await screen.findByRole('heading', { level: 1, name: 'Conversas' })).toBeDefined();
  });

  it('sends a signed-out visitor to the sign-in page, to come back afterwards', async () => {
    const { router } = renderApp('/leads?etapa=nova');
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(router.state.location.search).toBe('?next=%2Fleads%3Fetapa%3Dnova');
  });

  it('sends a signed-out visitor at / to the plain sign-in page', async () => {
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.search).toBe('');
  });

  it('renews an expired access token silently before deciding', async () => {
    let renewed = false;
    server.use(
      http.get('/api/v1/auth/me', () =>
        renewed
          ? HttpResponse.json(testSession)
          : HttpResponse.json({ error: { code: 'unauthorized', message: 'x' } }, { status: 401 }),
      ),
      http.post('/api/v1/auth/refresh', () => {
        renewed = true;
        return HttpResponse.json({ ...testSession, organizations: [] });
      }),
    );
    const { router } = renderApp('/agentes');
    expect(await screen.findByRole('heading', { level: 1, name: 'Agentes' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/agentes');
  });

  it.each(['/entrar', '/cadastro'])('sends a signed-in user from %s to the dashboard', async (path) => {
    signedIn();
    const { router } = renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
  });

  it('follows a safe ?next= for a signed-in user, and ignores one that leaves the app', async () => {
    signedIn();
    const first = renderApp('/entrar?next=%2Fcanais');
    await waitFor(() => expect(first.router.state.location.pathname).toBe('/canais'));
    first.unmount();

    const second = renderApp('/entrar?next=%2F%2Fevil.example');
    await waitFor(() => expect(second.router.state.location.pathname).toBe('/painel'));
  });

  it('keeps the other auth pages open to a signed-in user', async () => {
    signedIn();
    renderApp('/convite');
    expect(await screen.findByRole('heading', { level: 1, name: 'Aceitar convite' })).toBeDefined();
  });

  it('says so, with a retry, when the session cannot be checked', async () => {
    server.use(http.get('/api/v1/auth/me', () => HttpResponse.error()));
    const { user } = renderApp('/painel');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível carregar sua conta');
    expect(alert.textContent).toContain('Sem conexão com o servidor');

    signedIn();
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
  });

  it('shows the server version under the auth pages', async () => {
    renderApp('/entrar');
    const footer = await screen.findByRole('contentinfo');
    expect((await screen.findByText('0.1.0-test')).closest('footer')).toBe(footer);
  });
});
