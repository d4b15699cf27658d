import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionAs } from '@/features/organizations/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';
import type { AuditEvent } from '../api/audit-events';

const page = '/configuracoes/registro';

function event(id: string, action: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    user_name: 'Ana Souza',
    user_email: 'ana@lojadaana.com.br',
    action,
    ip: '203.0.113.7',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130',
    details: null,
    created_at: '2025-03-05T15:04:00Z',
    ...extra,
  };
}

describe('security log', () => {
  it('lists the events in words, a page at a time', async () => {
    signedIn(sessionAs('owner'));
    const cursors: (string | null)[] = [];
    server.use(
      http.get('/api/v1/audit-events', ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);
        return cursor === 'evt_3'
          ? HttpResponse.json({ items: [event('evt_2', 'signup')], next_cursor: '' })
          : HttpResponse.json({
              items: [
                event('evt_5', 'session.token_reused', { details: { session_id: 'ses_1' } }),
                event('evt_4', 'login.failed', { details: { reason: 'wrong_password' } }),
                event('evt_3', 'something.new', { user_name: undefined, user_email: undefined }),
              ],
              next_cursor: 'evt_3',
            });
      }),
    );
    const { user } = renderApp(page);
    const table = await screen.findByRole('table', { name: 'Eventos de segurança' });
    const bodyRows = () => within(table).getAllByRole<HTMLTableRowElement>('row').slice(1);
    let rows = bodyRows();
    expect(rows.map((row) => row.cells[1]?.textContent)).toEqual([
      'Token reutilizado — sessão encerrada',
      'Tentativa de entrada falhousenha incorreta',
      'something.new',
    ]);
    expect(rows[2]?.textContent).toContain('Pessoa desconhecida');
    expect(rows[0]?.cells[0]?.textContent).toMatch(/^05\/03\/2025, \d\d:04$/);

    await user.click(screen.getByRole('button', { name: 'Carregar mais' }));
    expect(await within(table).findByText('Criou a conta')).toBeDefined();
    rows = bodyRows();
    expect(rows).toHaveLength(4);
    expect(cursors).toEqual([null, 'evt_3']);
    expect(screen.queryByRole('button', { name: 'Carregar mais' })).toBeNull();
  });

  it('says when there is nothing yet', async () => {
    signedIn(sessionAs('owner'));
    server.use(http.get('/api/v1/audit-events', () => HttpResponse.json({ items: null, next_cursor: '' })));
    renderApp(page);
    expect(await screen.findByRole('heading', { name: 'Nenhum evento registrado' })).toBeDefined();
  });

  it('is for owners only: others neither see the tab nor the page', async () => {
    signedIn(sessionAs('admin'));
    renderApp(page);
    expect(await screen.findByRole('heading', { name: 'Sem permissão para esta página' })).toBeDefined();
    const tabs = screen.getByRole('navigation', { name: 'Configurações — seções' });
    expect(within(tabs).queryByRole('link', { name: 'Registro de segurança' })).toBeNull();
    expect(within(tabs).getByRole('link', { name: 'Equipe' })).toBeDefined();
  });
});
