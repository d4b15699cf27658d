// Browser test of the agents: an owner creates one by name ("Novo agente"),
// edits its persona and two qualification fields, saves, reads the history
// and its diff, and rolls back to the first version — which comes back as a
// new version.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heading, signUp, useBrowser } from './browser.mjs';

const suite = useBrowser();

describe('agents in the browser', { timeout: 120_000 }, () => {
  test('an owner creates an agent, edits and saves it, sees the history and rolls back', async () => {
    const session = await suite.open();
    await signUp(session, suite.server);
    const { page } = session;

    await session.goto('/agentes');
    await heading(page, 'Agentes').waitFor();
    await page.getByText('Nenhum agente criado').waitFor();
    await page.getByRole('button', { name: 'Novo agente', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nome do agente').fill('Sol');
    await dialog.getByRole('button', { name: 'Criar agente', exact: true }).click();
    await heading(page, 'Sol').waitFor();

    // A working agent with the pt-BR defaults; nothing to save yet.
    const persona = page.getByLabel('Persona', { exact: true });
    const original = await persona.inputValue();
    assert.match(original, /assistente virtual de vendas/);
    const save = page.getByRole('button', { name: 'Salvar alterações', exact: true });
    assert.equal(await save.isDisabled(), true);

    // The persona and two qualification fields: one renamed, one added.
    await persona.fill('Você é a Sol, consultora de energia solar da Loja da Ana.');
    await page.getByRole('group', { name: 'Campo 2' }).getByLabel('Nome do campo').fill('Cidade e estado');
    await page.getByRole('button', { name: 'Adicionar campo', exact: true }).click();
    const added = page.getByRole('group', { name: 'Campo 5' });
    await added.getByLabel('Nome do campo').fill('Valor da conta de luz');
    await added.getByLabel('Nome do campo').blur();
    assert.equal(await added.getByLabel('Chave').inputValue(), 'valor_da_conta_de_luz');
    await added.getByLabel('Tipo').selectOption('number');
    await added.getByLabel('Obrigatório').check();
    await save.click();
    await page.getByText('Agente salvo — versão 2', { exact: true }).waitFor();
    await page.getByText('Tudo salvo.').waitFor();

    // The history: who and what, and the diff of version 2.
    await page.getByRole('tab', { name: 'Histórico', exact: true }).click();
    const versions = page.getByRole('list', { name: 'Versões do agente' });
    const v2 = versions.getByRole('listitem', { name: 'Versão 2' });
    await v2.getByText('Mudou: Persona e tom, Campos de qualificação').waitFor();
    await v2.getByText(/^Ana Souza · /).waitFor();
    const v1 = versions.getByRole('listitem', { name: 'Versão 1' });
    await v1.getByText('Criou o agente').waitFor();
    await v2.getByRole('button', { name: 'Ver mudanças' }).click();
    const diff = page.getByRole('list', { name: 'Mudanças da versão 1 para a versão 2' });
    await diff.getByText('Campo de qualificação "valor_da_conta_de_luz"').waitFor();
    await diff.getByText('Valor da conta de luz (Número, obrigatório)').waitFor();
    await diff.getByText('Você é a Sol, consultora de energia solar da Loja da Ana.').waitFor();

    // Roll back to version 1: it comes back as version 3.
    await v1.getByRole('button', { name: 'Restaurar esta versão' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText(/vira a versão 3/).waitFor();
    await confirm.getByRole('button', { name: 'Restaurar versão', exact: true }).click();
    await page.getByText('Versão 1 restaurada — agora é a versão 3', { exact: true }).waitFor();
    const v3 = versions.getByRole('listitem', { name: 'Versão 3' });
    await v3.getByText('Restaurou a versão 1').waitFor();
    await v3.getByText('Atual', { exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Configuração', exact: true }).click();
    assert.equal(await persona.inputValue(), original);
    assert.equal(await page.getByRole('group', { name: 'Campo 2' }).getByLabel('Nome do campo').inputValue(), 'Cidade');
    assert.equal(await page.getByRole('group', { name: 'Campo 5' }).count(), 0);
    assert.equal(await save.isDisabled(), true);

    // The list shows it at its new version.
    await page.getByRole('link', { name: 'Agentes', exact: true }).first().click();
    await page.getByRole('link', { name: /Sol/ }).getByText(/Versão 3/).waitFor();
    await session.assertClean();
  });
});
