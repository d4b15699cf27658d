// Browser test of web sites in a knowledge base: a tiny site served by this
// test process on 127.0.0.1 (the server runs with PILOTO_ALLOW_PRIVATE_URLS,
// development only, to reach it), added with "Seguir links do mesmo site";
// its pages become "Pronto" through the live updates, and "Testar busca"
// finds their text.
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { heading, signUp, useBrowser } from './browser.mjs';

const pages = {
  '/': `<!doctype html><html><head><title>Sol do Cerrado</title></head><body>
    <nav><a href="/kits">Kits</a> · <a href="/contato">Contato</a> · <a href="https://example.com/">Fora</a></nav>
    <main><h1>Sol do Cerrado</h1><p>Energia solar em Goiânia, Brasília e Rio Verde desde 2012.</p></main>
    <footer>© Sol do Cerrado</footer></body></html>`,
  '/kits': `<!doctype html><html><head><title>Kits solares</title></head><body>
    <main><h1>Kits solares</h1><p>O kit heliotrópico de 3 kWp custa R$ 12.000 instalado, com seis módulos.</p>
    <p><a href="/">Início</a></p></main></body></html>`,
  '/contato': `<!doctype html><html><head><title>Contato</title></head><body>
    <main><h1>Contato</h1><p>Atendemos de segunda a sexta, das 8h às 18h, pelo WhatsApp.</p></main></body></html>`,
};

let site;
let siteUrl;
const requested = [];

before(async () => {
  site = createServer((req, res) => {
    requested.push(req.url);
    const page = pages[req.url];
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('não encontrado');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${site.address().port}/`;
});

after(async () => {
  await new Promise((resolve) => site.close(resolve));
});

const suite = useBrowser({ env: { PILOTO_ALLOW_PRIVATE_URLS: 'true' } });

describe('web sites in the browser', { timeout: 120_000 }, () => {
  test('an owner adds a site, watches its pages become ready live, and finds their text', async () => {
    const session = await suite.open();
    await signUp(session, suite.server);
    const { page } = session;

    await session.goto('/conhecimento');
    await heading(page, 'Conhecimento').waitFor();
    await page.getByRole('button', { name: 'Criar base', exact: true }).click();
    const create = page.getByRole('dialog');
    await create.getByLabel('Nome da base').fill('Site da empresa');
    await create.getByRole('button', { name: 'Criar base', exact: true }).click();
    await heading(page, 'Site da empresa').waitFor();

    await page.getByRole('button', { name: 'Adicionar site', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endereço da página').fill(siteUrl);
    await dialog.getByRole('checkbox', { name: 'Seguir links do mesmo site' }).check();
    await dialog.getByLabel('Limite de páginas').fill('10');
    await dialog.getByRole('button', { name: 'Adicionar site', exact: true }).click();
    await page.getByText('Site adicionado; a leitura começou', { exact: true }).waitFor();

    const shown = siteUrl.replace(/^http:\/\//, '').replace(/\/$/, '');
    const item = page.getByRole('listitem', { name: shown });
    await item.getByRole('button', { name: `Ver páginas: ${shown}` }).click();
    const table = page.getByRole('table', { name: `Páginas de ${shown}` });
    // No reload: the live events bring the pages and their states.
    for (const title of ['Sol do Cerrado', 'Kits solares', 'Contato']) {
      const row = table.getByRole('row').filter({ hasText: title });
      await row.getByText('Pronto', { exact: true }).waitFor({ timeout: 45_000 });
    }
    await item.getByText('Sincronizado', { exact: true }).waitFor({ timeout: 30_000 });
    await item.getByText(/3 páginas · seguindo links, até 10 páginas/).waitFor();
    if (requested.some((u) => !['/', '/kits', '/contato', '/robots.txt'].includes(u))) {
      throw new Error(`the crawler asked for ${requested.join(', ')}`);
    }

    // The pages' text is what search finds.
    const search = page.getByRole('search');
    await search.getByLabel('Pergunta do cliente').fill('kit heliotrópico');
    await search.getByRole('button', { name: 'Buscar', exact: true }).click();
    const results = page.getByRole('list', { name: 'Trechos encontrados para “kit heliotrópico”' });
    await results.getByText('Kits solares', { exact: true }).first().waitFor();
    await results.locator('mark').first().waitFor();
    await session.assertClean();
  });
});
