// Browser test of the knowledge base: an owner creates a base, uploads a
// Markdown FAQ and watches it reach "Pronto" through the live updates, then
// reads the passages it was cut into.
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { heading, signUp, useBrowser } from './browser.mjs';

const suite = useBrowser();

const faqFile = fileURLToPath(new URL('../../internal/knowledge/testdata/kb/faq.md', import.meta.url));

describe('knowledge base in the browser', { timeout: 90_000 }, () => {
  test('an owner creates a base, uploads a file and sees it become ready, live, and its passages', async () => {
    const session = await suite.open();
    await signUp(session, suite.server);
    const { page } = session;

    await session.goto('/conhecimento');
    await heading(page, 'Conhecimento').waitFor();
    await page.getByText('Nenhuma base de conhecimento ainda').waitFor();
    await page.getByRole('button', { name: 'Criar base', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nome da base').fill('Energia solar');
    await dialog.getByRole('button', { name: 'Criar base', exact: true }).click();
    await heading(page, 'Energia solar').waitFor();

    await page.getByLabel('Enviar arquivos').setInputFiles(faqFile);
    const table = page.getByRole('table', { name: 'Conteúdo da base' });
    const row = table.getByRole('row').filter({ hasText: 'faq.md' });
    await row.waitFor();
    // No reload: the live events bring the source's state.
    await row.getByText('Pronto', { exact: true }).waitFor({ timeout: 30_000 });

    await row.getByRole('button', { name: 'Ver trechos de faq.md' }).click();
    const chunks = page.getByRole('dialog');
    await chunks.getByText('A energia solar funciona em dia nublado?').first().waitFor();
    await session.assertClean();
  });
});
