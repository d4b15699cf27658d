import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('home page', () => {
  it('shows a skeleton, then the server version from the API', async () => {
    server.use(
      http.get('/api/v1/version', async () => {
        await delay(50);
        return HttpResponse.json({ version: '0.1.0-dev', commit: '1a2b3c4d' });
      }),
    );
    renderApp('/');
    expect(screen.getByRole('heading', { level: 1, name: 'Bem-vindo ao Piloto de Vendas' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain('Carregando a versão do servidor');

    const card = screen.getByRole('region', { name: 'Servidor' });
    expect(await within(card).findByText('0.1.0-dev')).toBeDefined();
    expect(within(card).getByText('1a2b3c4d')).toBeDefined();
    expect(within(card).getByRole('rowheader', { name: 'Versão' })).toBeDefined();
    expect(screen.queryByRole('status')).toBeNull();
    expect(document.title).toBe('Início · Piloto de Vendas');
  });

  it('shows an error with a retry when the server cannot be reached', async () => {
    server.use(http.get('/api/v1/version', () => HttpResponse.error()));
    const { user } = renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível falar com o servidor');
    expect(alert.textContent).toContain('Sem conexão com o servidor');

    server.use(http.get('/api/v1/version', () => HttpResponse.json({ version: '0.2.0', commit: 'ffff' })));
    await user.click(within(alert).getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByText('0.2.0')).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("explains a server error by its code", async () => {
    server.use(
      http.get('/api/v1/version', () =>
        HttpResponse.json({ error: { code: 'unavailable', message: 'Em manutenção.' } }, { status: 503 }),
      ),
    );
    renderApp('/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('O servidor está indisponível no momento');
  });
});
