import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { apiError, lojaDaAna, organizationApi } from '../testing/fixtures';

const page = '/configuracoes/organizacao';

describe('organization settings', () => {
  it('shows the settings tabs by role: the owner sees the security log', async () => {
    organizationApi('owner');
    renderApp(page);
    const tabs = await screen.findByRole('navigation', { name: 'Configurações — seções' });
    const labels = within(tabs)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(labels).toEqual(expect.arrayContaining(['Organização', 'Equipe', 'Registro de segurança']));
    expect(await screen.findByLabelText('Nome da organização')).toBeDefined();
    expect(document.title).toBe('Organização · Configurações · Piloto de Vendas');
  });

  it('saves the name and a Brazilian time zone', async () => {
    organizationApi('admin');
    const bodies: unknown[] = [];
    server.use(
      http.patch('/api/v1/organization', async ({ request }) => {
        const body = (await request.json()) as { name: string; time_zone: string };
        bodies.push(body);
        return HttpResponse.json({ ...lojaDaAna, ...body });
      }),
    );
    const { user } = renderApp(page);
    const name = await screen.findByLabelText('Nome da organização');
    const zone = screen.getByLabelText('Fuso horário');
    expect((zone as HTMLSelectElement).value).toBe('America/Sao_Paulo');
    const options = within(zone).getAllByRole('option').map((option) => option.getAttribute('value'));
    expect(options.slice(0, 3)).toEqual(['America/Sao_Paulo', 'America/Manaus', 'America/Cuiaba']);
    expect(options.at(-1)).toBe('other');
    expect(screen.getByRole('button', { name: 'Salvar alterações' }).hasAttribute('disabled')).toBe(true);

    await user.clear(name);
    await user.type(name, 'Loja da Ana Matriz');
    await user.selectOptions(zone, 'America/Recife');
    await user.click(screen.getByRole('button', { name: 'Salvar alterações' }));

    expect(await screen.findByText('Alterações salvas')).toBeDefined();
    expect(bodies).toEqual([{ name: 'Loja da Ana Matriz', time_zone: 'America/Recife' }]);
  });

  it('takes another time zone typed by hand, and puts the server’s messages on the fields', async () => {
    organizationApi('owner');
    const bodies: unknown[] = [];
    server.use(
      http.patch('/api/v1/organization', async ({ request }) => {
        bodies.push(await request.json());
        return apiError(400, 'invalid', 'Confira os campos destacados.', {
          name: 'Use no máximo 100 caracteres.',
          time_zone: 'Fuso horário desconhecido.',
        });
      }),
    );
    const { user } = renderApp(page);
    await user.selectOptions(await screen.findByLabelText('Fuso horário'), 'other');
    const typed = screen.getByLabelText('Outro fuso horário');
    await waitFor(() => expect(document.activeElement).toBe(typed));
    await user.type(typed, 'Europe/Atlantis');
    await user.click(screen.getByRole('button', { name: 'Salvar alterações' }));

    expect(await screen.findByText('Fuso horário desconhecido.')).toBeDefined();
    expect(typed.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Use no máximo 100 caracteres.')).toBeDefined();
    expect(screen.getByLabelText('Nome da organização').getAttribute('aria-invalid')).toBe('true');
    expect(bodies).toEqual([{ name: 'Loja da Ana', time_zone: 'Europe/Atlantis' }]);
  });

  it('is read-only for members, without the danger zone', async () => {
    organizationApi('member');
    renderApp(page);
    expect(await screen.findByText('Só administradores e proprietários alteram os dados da organização.')).toBeDefined();
    expect(await screen.findByText('Horário de Brasília — São Paulo (America/Sao_Paulo)')).toBeDefined();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Excluir organização' })).toBeNull();
    expect(screen.queryByText('Escolher imagem')).toBeNull();
    expect(screen.getByText('A organização ainda não tem logo.')).toBeDefined();
    // Members do not see the owners' tab.
    const tabs = screen.getByRole('navigation', { name: 'Configurações — seções' });
    expect(within(tabs).queryByRole('link', { name: 'Registro de segurança' })).toBeNull();
  });

  it('says so when the organization cannot load, and tries again', async () => {
    organizationApi('owner');
    let fail = true;
    server.use(
      http.get('/api/v1/organization', () => (fail ? HttpResponse.error() : HttpResponse.json(lojaDaAna))),
    );
    const { user } = renderApp(page);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível carregar os dados da organização');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByLabelText('Nome da organização')).toBeDefined();
  });
});

describe('organization logo', () => {
  const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'logo.png', { type: 'image/png' });

  it('checks the type and the size before sending', async () => {
    organizationApi('admin');
    const { user } = renderApp(page);
    await screen.findByText('A organização ainda não tem logo.');
    const input = screen.getByLabelText('Escolher imagem');
    expect(input.getAttribute('accept')).toBe('image/png,image/jpeg,image/webp');

    // The file picker offers only the accepted types; a file dropped in anyway is checked too.
    await userEvent.setup({ applyAccept: false }).upload(input, new File(['GIF89a'], 'logo.gif', { type: 'image/gif' }));
    expect(screen.getByRole('alert').textContent).toContain('Escolha um arquivo PNG, JPEG ou WebP.');

    await user.upload(input, new File([new Uint8Array(512 * 1024 + 1)], 'big.png', { type: 'image/png' }));
    expect(screen.getByRole('alert').textContent).toContain('A imagem tem mais de 512 KiB. Escolha uma menor.');
    expect(screen.queryByRole('button', { name: 'Salvar logo' })).toBeNull();
  });

  it('previews the chosen image, then sends the file itself', async () => {
    organizationApi('admin');
    const sent: { type: string | null; org: string | null }[] = [];
    server.use(
      http.put('/api/v1/organization/logo', ({ request }) => {
        // (jsdom's File does not reach Node's fetch as bytes: only the headers are checked here.)
        sent.push({ type: request.headers.get('Content-Type'), org: request.headers.get('X-Piloto-Org') });
        server.use(http.get('/api/v1/organization', () => HttpResponse.json({ ...lojaDaAna, has_logo: true })));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(page);
    await screen.findByText('A organização ainda não tem logo.');
    await user.upload(screen.getByLabelText('Escolher imagem'), png());
    expect(screen.getByRole('img', { name: 'Prévia do novo logo' })).toBeDefined();
    expect(screen.getByText('Prévia de logo.png. Salve para usar este logo.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Salvar logo' }));
    expect(await screen.findByText('Logo salvo')).toBeDefined();
    expect(sent).toEqual([{ type: 'image/png', org: 'org_1' }]);
    expect(screen.getByRole('img', { name: 'Logo da organização' })).toBeDefined();
    expect(screen.getByText('Trocar imagem')).toBeDefined();
  });

  it('shows the server’s refusal of a file', async () => {
    organizationApi('admin');
    server.use(
      http.put('/api/v1/organization/logo', () =>
        apiError(415, 'unsupported_media_type', 'Envie o logo em PNG, JPEG ou WebP.'),
      ),
    );
    const { user } = renderApp(page);
    await screen.findByText('A organização ainda não tem logo.');
    await user.upload(screen.getByLabelText('Escolher imagem'), png());
    await user.click(screen.getByRole('button', { name: 'Salvar logo' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível salvar o logo');
    expect(alert.textContent).toContain('Envie o logo em PNG, JPEG ou WebP.');
  });

  it('removes the logo after asking', async () => {
    organizationApi('admin', { hasLogo: true });
    let removed = 0;
    server.use(
      http.delete('/api/v1/organization/logo', () => {
        removed++;
        server.use(http.get('/api/v1/organization', () => HttpResponse.json(lojaDaAna)));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp(page);
    expect(await screen.findByRole('img', { name: 'Logo da organização' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Remover logo' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Remover o logo?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remover logo' }));
    expect(await screen.findByText('Logo removido')).toBeDefined();
    expect(removed).toBe(1);
    expect(screen.getByText('A organização ainda não tem logo.')).toBeDefined();
  });
});

describe('deleting the organization', () => {
  it('asks for the exact name, then ends the session', async () => {
    organizationApi('owner');
    const bodies: unknown[] = [];
    server.use(
      http.delete('/api/v1/organization', async ({ request }) => {
        bodies.push(await request.json());
        server.use(http.get('/api/v1/auth/me', () => apiError(401, 'unauthorized', 'Entre para continuar.')));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp(page);
    await user.click(await screen.findByRole('button', { name: 'Excluir organização' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Excluir Loja da Ana?' });
    const confirm = within(dialog).getByRole('button', { name: 'Excluir para sempre' });
    expect(confirm.hasAttribute('disabled')).toBe(true);

    await user.type(within(dialog).getByLabelText('Digite Loja da Ana para confirmar'), 'loja da ana');
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.clear(within(dialog).getByLabelText('Digite Loja da Ana para confirmar'));
    await user.type(within(dialog).getByLabelText('Digite Loja da Ana para confirmar'), 'Loja da Ana');
    expect(confirm.hasAttribute('disabled')).toBe(false);
    await user.click(confirm);

    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(router.state.location.search).toBe('');
    expect(bodies).toEqual([{ confirm: 'Loja da Ana' }]);
    expect(screen.getByText('Loja da Ana foi excluída')).toBeDefined();
  });

  it('puts the server’s refusal under the typed name', async () => {
    organizationApi('owner');
    server.use(
      http.delete('/api/v1/organization', () =>
        apiError(400, 'invalid', 'Digite o nome da organização para confirmar.', { confirm: 'O nome não confere.' }),
      ),
    );
    const { user } = renderApp(page);
    await user.click(await screen.findByRole('button', { name: 'Excluir organização' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Digite Loja da Ana para confirmar'), 'Loja da Ana');
    await user.click(within(dialog).getByRole('button', { name: 'Excluir para sempre' }));
    expect(await within(dialog).findByText('O nome não confere.')).toBeDefined();
  });
});
