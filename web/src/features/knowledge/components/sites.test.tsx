import { act, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent } from '@/features/live/api/apply-live-event';
import type { LiveEvent } from '@/features/live/api/live-connection';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { catalogo, knowledgeApi, site, sitePage } from '../testing/fixtures';

const basePage = `/conhecimento/${catalogo.id}`;

function siteItem(url = 'www.soldocerrado.com.br') {
  return screen.findByRole('listitem', { name: url });
}

function pageRow(name: string) {
  const row = within(screen.getByRole('table', { name: 'Páginas de www.soldocerrado.com.br' })).getByText(name).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

let eventId = 0;
function event(kind: LiveEvent['kind'], subjectId: string, payload: unknown): LiveEvent {
  return { id: ++eventId, kind, subject_id: subjectId, payload, created_at: '2025-03-02T12:00:01Z' };
}

describe('knowledge: sites', () => {
  it('shows a site’s state and, expanded, each page’s state in pt-BR', async () => {
    knowledgeApi('owner', {
      sites: [site({ pages_found: 5 })],
      pages: [
        sitePage({ id: 'p1', name: 'Início', url: 'https://www.soldocerrado.com.br/', status: 'ready' }),
        sitePage({ id: 'p2', name: 'Kits', url: 'https://www.soldocerrado.com.br/kits', status: 'queued' }),
        sitePage({ id: 'p3', name: 'Agro', url: 'https://www.soldocerrado.com.br/agro', status: 'extracting' }),
        sitePage({ id: 'p4', name: 'Preços', url: 'https://www.soldocerrado.com.br/precos', status: 'indexing', progress_done: 2, progress_total: 4 }),
        sitePage({
          id: 'p5',
          name: 'www.soldocerrado.com.br/antiga',
          url: 'https://www.soldocerrado.com.br/antiga',
          status: 'failed',
          error: 'A página não existe (erro 404).',
        }),
      ],
    });
    const { user } = renderApp(basePage);
    const item = await siteItem();
    expect(within(item).getByText('Sincronizado')).toBeDefined();
    expect(within(item).getByText(/5 páginas · seguindo links, até 20 páginas · Última sincronização: 02\/03\/2025/)).toBeDefined();
    expect(screen.queryByRole('table', { name: 'Páginas de www.soldocerrado.com.br' })).toBeNull();

    await user.click(within(item).getByRole('button', { name: 'Ver páginas: www.soldocerrado.com.br' }));
    await screen.findByRole('table', { name: 'Páginas de www.soldocerrado.com.br' });
    expect(within(pageRow('Início')).getByText('Pronto')).toBeDefined();
    expect(within(pageRow('Kits')).getByText('Na fila')).toBeDefined();
    expect(within(pageRow('Agro')).getByText('Extraindo')).toBeDefined();
    expect(within(pageRow('Preços')).getByText('Indexando 2/4')).toBeDefined();
    expect(within(pageRow('www.soldocerrado.com.br/antiga')).getByText('Falhou')).toBeDefined();
    expect(within(pageRow('www.soldocerrado.com.br/antiga')).getByText('A página não existe (erro 404).')).toBeDefined();
    // Pages are not among the base's files.
    expect(within(screen.getByRole('table', { name: 'Conteúdo da base' })).queryByText('Kits')).toBeNull();
  });

  it('follows a sync live: the site, new pages and their states, without reloading', async () => {
    knowledgeApi('owner', { sites: [site({ status: 'queued', pages_found: 0, last_synced_at: null })] });
    const { user, queryClient } = renderApp(basePage);
    const item = await siteItem();
    expect(within(item).getByText('Na fila')).toBeDefined();
    expect(within(item).getByText(/Ainda não sincronizado/)).toBeDefined();
    await user.click(within(item).getByRole('button', { name: 'Ver páginas: www.soldocerrado.com.br' }));
    expect(await within(item).findByText('Nenhuma página lida ainda.')).toBeDefined();

    act(() => applyLiveEvent(queryClient, event('knowledge.site.updated', 'site_1', site({ status: 'crawling', pages_found: 1, last_synced_at: null }))));
    expect(await within(item).findByText('Lendo páginas')).toBeDefined();
    act(() => applyLiveEvent(queryClient, event('knowledge.source.updated', 'p1', sitePage({ id: 'p1', name: 'Início', status: 'queued' }))));
    expect(within(await screen.findByRole('table', { name: 'Páginas de www.soldocerrado.com.br' })).getByText('Início')).toBeDefined();
    expect(within(pageRow('Início')).getByText('Na fila')).toBeDefined();

    act(() =>
      applyLiveEvent(queryClient, event('knowledge.source.updated', 'p1', { status: 'indexing', progress_done: 1, progress_total: 3, error: '' })),
    );
    expect(await within(pageRow('Início')).findByText('Indexando 1/3')).toBeDefined();
    act(() => applyLiveEvent(queryClient, event('knowledge.source.updated', 'p1', { status: 'ready', progress_done: 3, progress_total: 3, error: '' })));
    expect(await within(pageRow('Início')).findByText('Pronto')).toBeDefined();
    act(() => applyLiveEvent(queryClient, event('knowledge.site.updated', 'site_1', site({ pages_found: 1 }))));
    expect(await within(item).findByText('Sincronizado')).toBeDefined();
    expect(within(item).getByText(/1 página ·/)).toBeDefined();

    // A page gone on a later sync leaves; a deleted site leaves.
    act(() => applyLiveEvent(queryClient, event('knowledge.source.deleted', 'p1', null)));
    expect(await within(item).findByText('Nenhuma página lida ainda.')).toBeDefined();
    act(() => applyLiveEvent(queryClient, event('knowledge.site.deleted', 'site_1', null)));
    expect(await screen.findByText('Nenhum site nesta base ainda.')).toBeDefined();
  });

  it('lets an admin add a site: the address completed, the server’s refusal on the field', async () => {
    knowledgeApi('admin');
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/knowledge-bases/:id/sites', async ({ request }) => {
        const body = (await request.json()) as { url: string };
        bodies.push(body);
        if (body.url.includes('192.168')) {
          return HttpResponse.json(
            {
              error: {
                code: 'invalid',
                message: 'Confira os campos destacados.',
                fields: { url: 'Esse endereço leva a uma rede interna ou reservada e não é permitido. Use um endereço público da internet.' },
              },
            },
            { status: 400 },
          );
        }
        return HttpResponse.json(site({ url: body.url, status: 'queued', pages_found: 0, last_synced_at: null }), { status: 201 });
      }),
    );
    const { user } = renderApp(basePage);
    await user.click(await screen.findByRole('button', { name: 'Adicionar site' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('checkbox', { name: 'Seguir links do mesmo site' })).toHaveProperty('checked', true);

    const pages = within(dialog).getByLabelText('Limite de páginas');
    await user.clear(pages);
    await user.type(pages, '500');
    await user.type(within(dialog).getByLabelText('Endereço da página'), 'http://192.168.0.10/intranet');
    await user.click(within(dialog).getByRole('button', { name: 'Adicionar site' }));
    expect(await within(dialog).findByText('Use um número inteiro de 1 a 200.')).toBeDefined();
    expect(bodies).toEqual([]);

    await user.clear(pages);
    await user.type(pages, '30');
    await user.click(within(dialog).getByRole('button', { name: 'Adicionar site' }));
    expect(await within(dialog).findByText(/rede interna ou reservada/)).toBeDefined();

    const url = within(dialog).getByLabelText('Endereço da página');
    await user.clear(url);
    await user.type(url, 'www.soldocerrado.com.br');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Seguir links do mesmo site' }));
    expect(within(dialog).queryByLabelText('Limite de páginas')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Adicionar site' }));
    expect(await screen.findByText('Site adicionado; a leitura começou')).toBeDefined();
    expect(bodies).toEqual([
      { url: 'http://192.168.0.10/intranet', crawl: true, max_pages: 30 },
      { url: 'https://www.soldocerrado.com.br', crawl: false, max_pages: 1 },
    ]);
    expect(await siteItem()).toBeDefined();
  });

  it('syncs now and deletes after asking; members only read', async () => {
    knowledgeApi('owner', { sites: [site()] });
    const calls: string[] = [];
    server.use(
      http.post('/api/v1/sites/:id/sync', ({ params }) => {
        calls.push(`sync ${String(params.id)}`);
        return HttpResponse.json(site({ status: 'queued' }), { status: 202 });
      }),
      http.delete('/api/v1/sites/:id', ({ params }) => {
        calls.push(`delete ${String(params.id)}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(basePage);
    const item = await siteItem();
    await user.click(within(item).getByRole('button', { name: 'Sincronizar www.soldocerrado.com.br agora' }));
    expect(await screen.findByText('Sincronização de www.soldocerrado.com.br na fila')).toBeDefined();
    expect(await within(item).findByText('Na fila')).toBeDefined();
    expect(within(item).getByRole('button', { name: 'Sincronizar www.soldocerrado.com.br agora' })).toHaveProperty('disabled', true);

    await user.click(within(item).getByRole('button', { name: 'Excluir www.soldocerrado.com.br' }));
    const confirm = await screen.findByRole('alertdialog');
    expect(calls).toEqual(['sync site_1']);
    await user.click(within(confirm).getByRole('button', { name: 'Excluir' }));
    expect(await screen.findByText('Site "www.soldocerrado.com.br" excluído')).toBeDefined();
    expect(calls).toEqual(['sync site_1', 'delete site_1']);
    expect(await screen.findByText('Nenhum site nesta base ainda.')).toBeDefined();
  });

  it('shows members the sites without the buttons that change them', async () => {
    knowledgeApi('member', { sites: [site({ status: 'failed', error: 'O robots.txt do site não permite que o Piloto leia esta página.' })] });
    renderApp(basePage);
    const item = await siteItem();
    expect(within(item).getByText('Falhou')).toBeDefined();
    expect(within(item).getByText('O robots.txt do site não permite que o Piloto leia esta página.')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Adicionar site' })).toBeNull();
    expect(within(item).queryByRole('button', { name: /Sincronizar/ })).toBeNull();
    expect(within(item).queryByRole('button', { name: /Excluir/ })).toBeNull();
  });
});
