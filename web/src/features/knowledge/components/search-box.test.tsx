import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import type { SearchHit } from '../api/search';
import { catalogo, knowledgeApi } from '../testing/fixtures';

const basePage = `/conhecimento/${catalogo.id}`;

const hit: SearchHit = {
  chunk_id: 'chk_1',
  source_id: 'src_1',
  source_name: 'garantias.md',
  knowledge_base_id: catalogo.id,
  heading: 'Garantias › Inversores',
  seq: 3,
  score: 7.31942,
  text: 'Garantias › Inversores\n\nO inversor tem 10 anos de garantia de fábrica.',
  snippet: [
    { text: 'O ' },
    { text: 'inversor', match: true },
    { text: ' tem 10 anos de ' },
    { text: 'garantia', match: true },
    { text: ' de fábrica.' },
  ],
};

async function ask(user: ReturnType<typeof renderApp>['user'], question: string) {
  const box = await screen.findByRole('search');
  const input = within(box).getByLabelText('Pergunta do cliente');
  await user.clear(input);
  if (question) await user.type(input, question);
  await user.click(within(box).getByRole('button', { name: 'Buscar' }));
}

describe('knowledge: Testar busca', () => {
  it('shows the passages found, with source, heading path, score and the matched words marked', async () => {
    knowledgeApi('member');
    const asked: URLSearchParams[] = [];
    server.use(
      http.get('/api/v1/knowledge/search', ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [hit] });
      }),
    );
    const { user } = renderApp(basePage);
    await ask(user, 'garantia do inversor');
    const results = await screen.findByRole('list', { name: 'Trechos encontrados para “garantia do inversor”' });
    const item = within(results).getByRole('listitem');
    expect(within(item).getByText('garantias.md')).toBeDefined();
    expect(within(item).getByText('Garantias › Inversores')).toBeDefined();
    expect(within(item).getByText('Relevância 7,32')).toBeDefined();
    const marks = item.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['inversor', 'garantia']);
    expect(item.textContent).toContain('O inversor tem 10 anos de garantia de fábrica.');
    expect(asked.map((p) => [p.get('q'), p.get('limit'), p.getAll('base_id')])).toEqual([['garantia do inversor', '5', [catalogo.id]]]);
  });

  it('says when nothing was found, and shows that it is searching', async () => {
    knowledgeApi('owner');
    server.use(
      http.get('/api/v1/knowledge/search', async () => {
        await delay(150);
        return HttpResponse.json({ items: [] });
      }),
    );
    const { user } = renderApp(basePage);
    await ask(user, 'xyzzy');
    expect(await screen.findByText('Buscando…')).toBeDefined();
    expect(
      await screen.findByText('Nada encontrado para “xyzzy”. Tente outras palavras, ou confira se o conteúdo já está pronto.'),
    ).toBeDefined();
  });

  it('asks for a question before searching, and shows the server’s word on it under the field', async () => {
    knowledgeApi('owner');
    let calls = 0;
    server.use(
      http.get('/api/v1/knowledge/search', () => {
        calls++;
        return HttpResponse.json(
          { error: { code: 'invalid', message: 'Confira os campos destacados.', fields: { q: 'Escreva palavras, não só sinais.' } } },
          { status: 422 },
        );
      }),
    );
    const { user } = renderApp(basePage);
    await ask(user, '');
    expect(await screen.findByText('Preencha este campo.')).toBeDefined();
    expect(calls).toBe(0);
    await ask(user, '???');
    expect(await screen.findByText('Escreva palavras, não só sinais.')).toBeDefined();
    expect(calls).toBe(1);
  });

  it('searches every base from the knowledge page', async () => {
    knowledgeApi('owner');
    const asked: URLSearchParams[] = [];
    server.use(
      http.get('/api/v1/knowledge/search', ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [hit] });
      }),
    );
    const { user } = renderApp('/conhecimento');
    await ask(user, 'garantia');
    await screen.findByRole('list', { name: 'Trechos encontrados para “garantia”' });
    expect(asked[0]?.getAll('base_id')).toEqual([]);
  });
});
