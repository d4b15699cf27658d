import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { applyLiveEvent } from '@/features/live/api/apply-live-event';
import { apiError } from '@/features/organizations/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { catalogo, knowledgeApi, source } from '../testing/fixtures';

const basePage = `/conhecimento/${catalogo.id}`;

function rowOf(name: string) {
  const row = within(screen.getByRole('table', { name: 'Conteúdo da base' })).getByText(name).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('knowledge: bases', () => {
  it('explains an empty knowledge base and lets an admin create one', async () => {
    knowledgeApi('admin', { bases: [] });
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/knowledge-bases', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ id: 'kb_9', name: 'Políticas', created_at: '2025-03-01T12:00:00Z' }, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/conhecimento');
    expect(await screen.findByText('Nenhuma base de conhecimento ainda')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Criar base' }));
    await user.type(screen.getByLabelText('Nome da base'), 'Políticas');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Criar base' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/conhecimento/kb_9'));
    expect(bodies).toEqual([{ name: 'Políticas' }]);
  });

  it('lists the bases; members read only', async () => {
    knowledgeApi('member');
    renderApp('/conhecimento');
    expect(await screen.findByRole('link', { name: /Catálogo 2025/ })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Criar base' })).toBeNull();
  });
});

describe('knowledge: a base', () => {
  it('lists the sources with their state in pt-BR', async () => {
    knowledgeApi('owner', {
      sources: [
        source({ id: 's1', name: 'a.pdf', status: 'queued' }),
        source({ id: 's2', name: 'b.pdf', status: 'extracting' }),
        source({ id: 's3', name: 'c.pdf', status: 'indexing', progress_done: 3, progress_total: 10 }),
        source({ id: 's4', name: 'd.pdf', status: 'ready' }),
        source({ id: 's5', name: 'e.pdf', status: 'failed', error: 'O PDF está protegido por senha.' }),
        source({ id: 's6', kind: 'faq', name: '', question: 'Vocês entregam?', answer: 'Sim.' }),
      ],
    });
    renderApp(basePage);
    await screen.findByRole('table', { name: 'Conteúdo da base' });
    expect(within(rowOf('a.pdf')).getByText('Na fila')).toBeDefined();
    expect(within(rowOf('b.pdf')).getByText('Extraindo')).toBeDefined();
    expect(within(rowOf('c.pdf')).getByText('Indexando 3/10')).toBeDefined();
    expect(within(rowOf('c.pdf')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('3');
    expect(within(rowOf('d.pdf')).getByText('Pronto')).toBeDefined();
    expect(within(rowOf('e.pdf')).getByText('Falhou')).toBeDefined();
    expect(within(rowOf('e.pdf')).getByText('O PDF está protegido por senha.')).toBeDefined();
    expect(within(rowOf('Vocês entregam?')).getByText('Pergunta frequente')).toBeDefined();
    expect(within(rowOf('a.pdf')).getByText('1,5 KB')).toBeDefined();
  });

  it('refuses a file of the wrong type before sending, and shows the server’s refusal', async () => {
    knowledgeApi('owner');
    const sent: unknown[] = [];
    server.use(
      http.post('/api/v1/knowledge-bases/:id/files', async ({ request }) => {
        const file = (await request.formData()).get('file');
        // (jsdom's File loses its name on the way through Node's fetch; a browser keeps it.)
        sent.push(file === null ? null : 'file');
        return apiError(415, 'unsupported_media_type', 'O conteúdo do arquivo não é um PDF, apesar da extensão.');
      }),
    );
    renderApp(basePage);
    const user = userEvent.setup({ applyAccept: false });
    const input = await screen.findByLabelText('Enviar arquivos');
    await user.upload(input, new File(['MZ'], 'programa.exe', { type: 'application/octet-stream' }));
    expect(await screen.findByText('"programa.exe" não foi enviado')).toBeDefined();
    expect(screen.getByText(/Este tipo de arquivo não é aceito/)).toBeDefined();
    expect(sent).toEqual([]);

    await user.upload(input, new File(['texto'], 'falso.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('O conteúdo do arquivo não é um PDF, apesar da extensão.')).toBeDefined();
    expect(sent).toEqual(['file']);
  });

  it('follows a source’s state from the live events, without reloading', async () => {
    knowledgeApi('owner', { sources: [source({ status: 'queued' })] });
    const { queryClient } = renderApp(basePage);
    await screen.findByRole('table', { name: 'Conteúdo da base' });
    expect(within(rowOf('precos.pdf')).getByText('Na fila')).toBeDefined();
    const event = (payload: unknown) => ({
      id: String(Math.random()),
      kind: 'knowledge.source.updated' as const,
      subject_id: 'src_1',
      payload,
      created_at: '2025-03-02T12:00:01Z',
    });
    act(() => applyLiveEvent(queryClient, event({ status: 'indexing', progress_done: 2, progress_total: 4, error: '' })));
    expect(await within(rowOf('precos.pdf')).findByText('Indexando 2/4')).toBeDefined();
    act(() => applyLiveEvent(queryClient, event({ status: 'ready', progress_done: 4, progress_total: 4, error: '' })));
    expect(await within(rowOf('precos.pdf')).findByText('Pronto')).toBeDefined();
    act(() =>
      applyLiveEvent(queryClient, { ...event(null), kind: 'knowledge.source.deleted', subject_id: 'src_1' }),
    );
    expect(await screen.findByText('Nada nesta base ainda.')).toBeDefined();
  });

  it('shows a source’s chunks with their heading path', async () => {
    knowledgeApi('member');
    server.use(
      http.get('/api/v1/sources/:id/chunks', () =>
        HttpResponse.json({ items: [{ seq: 0, heading: 'Preços > Kits', text: 'Kit 3 kWp: R$ 12.000' }] }),
      ),
    );
    const { user } = renderApp(basePage);
    await screen.findByRole('table', { name: 'Conteúdo da base' });
    expect(screen.queryByLabelText('Enviar arquivos')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Excluir precos.pdf' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Ver trechos de precos.pdf' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Kit 3 kWp: R$ 12.000')).toBeDefined();
    expect(within(dialog).getByText('Preços > Kits')).toBeDefined();
  });

  it('deletes a source after asking', async () => {
    knowledgeApi('owner');
    const deleted: unknown[] = [];
    server.use(
      http.delete('/api/v1/sources/:id', ({ params }) => {
        deleted.push(params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(basePage);
    await screen.findByRole('table', { name: 'Conteúdo da base' });
    await user.click(screen.getByRole('button', { name: 'Excluir precos.pdf' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(deleted).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Excluir' }));
    expect(await screen.findByText('"precos.pdf" excluído')).toBeDefined();
    expect(deleted).toEqual(['src_1']);
  });
});
