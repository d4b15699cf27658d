import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionAs } from '@/features/organizations/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';
import { usageReport } from '../testing/fixtures';

const page = '/configuracoes/uso';
const nbsp = '\u00a0';
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((cell) => cell.textContent);

/** Signed in as an owner; GET /usage answers report, and the days asked are recorded. */
function usageApi(report = usageReport()) {
  signedIn(sessionAs('owner'));
  const asked: (string | null)[] = [];
  server.use(
    http.get('/api/v1/usage', ({ request }) => {
      asked.push(new URL(request.url).searchParams.get('days'));
      return HttpResponse.json(report);
    }),
  );
  return asked;
}

describe('settings: usage and costs', () => {
  it('shows the totals, the cost per day and the use per agent, in pt-BR numbers', async () => {
    const asked = usageApi();
    renderApp(page);
    expect(await screen.findByRole('heading', { level: 2, name: 'Uso e custos' })).toBeDefined();
    const list = await screen.findByLabelText('Totais do período');
    const values = within(list)
      .getAllByRole('definition')
      .map((dd) => dd.textContent);
    expect(values).toEqual(['1.234', '2.345.678', '123.456', `R$${nbsp}1,76`]);
    expect(within(list).getAllByRole('term').map((dt) => dt.textContent)).toEqual([
      'Chamadas',
      'Tokens de entrada',
      'Tokens de saída',
      'Custo',
    ]);
    expect(screen.getByText('De 01/03/2025 a 07/03/2025 (fuso America/Sao_Paulo).')).toBeDefined();
    expect(screen.getByText('3 chamadas de modelos sem preço na tabela não entram no custo.')).toBeDefined();
    expect(asked).toEqual(['30']);

    const chart = screen.getByRole('img', { name: /^Custo por dia\./ });
    expect(chart.getAttribute('aria-label')).toBe(
      `Custo por dia. Total de R$${nbsp}1,76; o dia de maior custo foi 04/03/2025, com R$${nbsp}1,50.`,
    );
    expect(chart.querySelectorAll('title')).toHaveLength(7);
    expect(chart.querySelectorAll('title')[1]?.textContent).toBe(`02/03/2025: R$${nbsp}0,0123 · 101 chamadas`);

    const days = screen.getByRole('table', { name: 'Uso por dia' });
    const dayRows = within(days).getAllByRole('row').slice(1);
    expect(dayRows).toHaveLength(7);
    expect(cells(dayRows[1]!)).toEqual(['02/03/2025', '101', '10.000', '1.000', `R$${nbsp}0,0123`]);
    expect(cells(dayRows[4]!)).toEqual(['05/03/2025', '104', '40.000', '4.000', `R$${nbsp}0,0000`]);

    const agents = screen.getByRole('table', { name: 'Uso por agente' });
    const agentRows = within(agents).getAllByRole('row').slice(1);
    expect(agentRows.map((row) => cells(row))).toEqual([
      ['Sol', '1.190', '2.290.000', '118.000', `R$${nbsp}1,75`],
      ['Lua', '34', '45.678', '3.456', `R$${nbsp}0,0123`],
      ['Agente excluído', '10', '10.000', '2.000', `R$${nbsp}0,00`],
    ]);
    expect(within(agentRows[0]!).getByRole('link', { name: 'Sol' }).getAttribute('href')).toBe('/agentes/ag_1');
    expect(within(agentRows[2]!).queryByRole('link')).toBeNull();
  });

  it('asks for the period chosen', async () => {
    const asked = usageApi();
    const { user } = renderApp(page);
    const period = await screen.findByLabelText<HTMLSelectElement>('Período');
    expect([...period.options].map((o) => o.textContent)).toEqual(['Últimos 7 dias', 'Últimos 30 dias', 'Últimos 90 dias']);
    expect(period.value).toBe('30');
    await screen.findByLabelText('Totais do período');
    await user.selectOptions(period, '7');
    await waitFor(() => expect(asked).toEqual(['30', '7']));
    await user.selectOptions(period, '90');
    await waitFor(() => expect(asked).toEqual(['30', '7', '90']));
  });

  it('tells a day from the chart, from the keyboard', async () => {
    usageApi();
    renderApp(page);
    const chart = await screen.findByRole('img', { name: /^Custo por dia\./ });
    chart.focus();
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    expect(await screen.findByText('02/03/2025: R$ 0,0123, 101 chamadas')).toBeDefined();
    fireEvent.keyDown(chart, { key: 'End' });
    expect(await screen.findByText('07/03/2025: R$ 0,2500, 106 chamadas')).toBeDefined();
  });

  it('says when there was no call in the period', async () => {
    usageApi(
      usageReport({
        total: { calls: 0, input_tokens: 0, output_tokens: 0, cost_micro_brl: 0, unpriced_calls: 0 },
        by_day: [{ day: '2025-03-07', calls: 0, input_tokens: 0, output_tokens: 0, cost_micro_brl: 0 }],
        by_agent: [],
      }),
    );
    renderApp(page);
    expect(await screen.findByRole('heading', { name: 'Nenhuma chamada à IA no período' })).toBeDefined();
    expect(screen.queryByText(/sem preço na tabela/)).toBeNull();
    expect(screen.queryByRole('img', { name: /Custo por dia/ })).toBeNull();
  });

  it('offers to try again when it does not load', async () => {
    signedIn(sessionAs('owner'));
    let fail = true;
    server.use(
      http.get('/api/v1/usage', () =>
        fail ? HttpResponse.json({ error: { code: 'unavailable', message: 'x' } }, { status: 503 }) : HttpResponse.json(usageReport()),
      ),
    );
    const { user } = renderApp(page);
    expect((await screen.findByText('Não foi possível carregar o uso')).closest('[role=alert]')).not.toBeNull();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByLabelText('Totais do período')).toBeDefined();
  });

  it('is for owners only: admins neither see the tab nor the page', async () => {
    signedIn(sessionAs('admin'));
    renderApp(page);
    expect(await screen.findByRole('heading', { name: 'Sem permissão para esta página' })).toBeDefined();
    const tabs = screen.getByRole('navigation', { name: 'Configurações — seções' });
    expect(within(tabs).queryByRole('link', { name: 'Uso e custos' })).toBeNull();
    expect(within(tabs).getByRole('link', { name: 'IA' })).toBeDefined();
  });
});
