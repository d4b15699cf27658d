import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { AccountSession } from '@/features/account/api/sessions';
import { renderApp } from '@/testing/render';
import { server, signedIn, testSession } from '@/testing/server';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60 * 1000).toISOString();

const thisBrowser: AccountSession = {
  id: 'ses_here',
  device: 'Chrome no Windows',
  user_agent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0',
  ip: '200.1.2.3',
  created_at: minutesAgo(60),
  last_used_at: minutesAgo(0),
  current: true,
};
const phone: AccountSession = {
  id: 'ses_phone',
  device: 'Safari no iPhone',
  user_agent: 'Mozilla/5.0 (iPhone) Safari/604.1',
  ip: '189.4.5.6',
  created_at: minutesAgo(600),
  last_used_at: minutesAgo(5),
  current: false,
};

/** The account's API with the given sessions and identities; returns what was sent. */
function account({ sessions = [phone, thisBrowser], identities = [] as unknown[] } = {}) {
  signedIn();
  const sent: { method: string; path: string; body: unknown; csrf: string | null }[] = [];
  let list = sessions;
  server.use(
    http.get('/api/v1/account/sessions', () => HttpResponse.json({ items: list })),
    http.get('/api/v1/account/identities', () => HttpResponse.json({ items: identities })),
    http.delete('/api/v1/account/sessions/:id', ({ request, params }) => {
      sent.push({ method: 'DELETE', path: new URL(request.url).pathname, body: null, csrf: request.headers.get('X-CSRF-Token') });
      list = list.filter((s) => s.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return sent;
}

/** Makes POST path answer with respond(), recording the bodies sent. */
function answer(path: string, respond: () => Response) {
  const bodies: unknown[] = [];
  server.use(
    http.post(path, async ({ request }) => {
      bodies.push(await request.json().catch(() => null));
      return respond();
    }),
  );
  return bodies;
}

const card = (name: string) => screen.getByRole('region', { name });

describe('settings', () => {
  it('opens on the Security tab, with its own title', async () => {
    account();
    const { router } = renderApp('/configuracoes');
    expect(await screen.findByRole('heading', { level: 1, name: 'Configurações' })).toBeDefined();
    await waitFor(() => expect(router.state.location.pathname).toBe('/configuracoes/seguranca'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Onde você está conectado' })).toBeDefined();
    const tabs = screen.getByRole('navigation', { name: 'Configurações — seções' });
    const security = within(tabs).getByRole('link', { name: 'Segurança' });
    await waitFor(() => expect(security.getAttribute('aria-current')).toBe('page'));
    expect(document.title).toBe('Segurança · Configurações · Piloto de Vendas');
  });
});

describe('security: sessions', () => {
  it('lists the sessions, this one first, with device, IP and when last seen', async () => {
    account();
    renderApp('/configuracoes/seguranca');
    const list = await screen.findByRole('list', { name: 'Sessões abertas' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Chrome no Windows');
    expect(rows[0]?.textContent).toContain('Este dispositivo');
    expect(rows[0]?.textContent).toContain('IP 200.1.2.3');
    expect(rows[0]?.textContent).toContain('Em uso agora');
    expect(rows[1]?.textContent).toContain('Safari no iPhone');
    expect(rows[1]?.textContent).not.toContain('Este dispositivo');
    expect(rows[1]?.textContent).toContain('Último acesso há 5 minutos');
  });

  it('ends another session after asking', async () => {
    const sent = account();
    const { user } = renderApp('/configuracoes/seguranca');
    await user.click(await screen.findByRole('button', { name: 'Encerrar a sessão de Safari no iPhone (IP 189.4.5.6)' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Encerrar esta sessão?' });
    expect(dialog.textContent).toContain('Safari no iPhone (IP 189.4.5.6)');
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));
    expect(sent).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Encerrar a sessão de Safari no iPhone (IP 189.4.5.6)' }));
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Encerrar' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(sent).toEqual([{ method: 'DELETE', path: '/api/v1/account/sessions/ses_phone', body: null, csrf: 'csrf-me' }]);
    await waitFor(() => expect(screen.queryByText('Safari no iPhone')).toBeNull());
    expect(await screen.findByText('Sessão de Safari no iPhone encerrada')).toBeDefined();
  });

  it('ending this session signs out here', async () => {
    account();
    const { user, router } = renderApp('/configuracoes/seguranca');
    await user.click(await screen.findByRole('button', { name: 'Encerrar a sessão deste dispositivo' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Encerrar a sessão deste dispositivo?' });
    await user.click(within(dialog).getByRole('button', { name: 'Encerrar' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname + router.state.location.search).toBe('/entrar');
  });

  it('says when a session could not be ended, in the dialog', async () => {
    account();
    server.use(http.delete('/api/v1/account/sessions/:id', () => HttpResponse.error()));
    const { user } = renderApp('/configuracoes/seguranca');
    await user.click(await screen.findByRole('button', { name: /^Encerrar a sessão de Safari/ }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Encerrar' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível encerrar a sessão');
    expect(alert.textContent).toContain('Sem conexão com o servidor.');
  });

  it('signs out of every device after asking', async () => {
    account();
    const bodies = answer('/api/v1/auth/logout-all', () => new HttpResponse(null, { status: 204 }));
    const { user, router } = renderApp('/configuracoes/seguranca');
    await screen.findByRole('list', { name: 'Sessões abertas' });
    await user.click(within(card('Onde você está conectado')).getByRole('button', { name: 'Sair de todos os dispositivos' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Sair de todos os dispositivos?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sair de todos' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/entrar');
    expect(bodies).toHaveLength(1);
  });

  it('offers to try again when the list does not load', async () => {
    account();
    let fail = true;
    server.use(
      http.get('/api/v1/account/sessions', () =>
        fail ? HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 }) : HttpResponse.json({ items: [thisBrowser] }),
      ),
    );
    const { user } = renderApp('/configuracoes/seguranca');
    expect((await screen.findByText('Não foi possível carregar as sessões')).closest('[role=alert]')).not.toBeNull();
    fail = false;
    await user.click(within(card('Onde você está conectado')).getByRole('button', { name: 'Tentar de novo' }));
    expect(await screen.findByText('Chrome no Windows')).toBeDefined();
  });
});

describe('security: password and e-mail', () => {
  it('changes the password, ending the other sessions by default', async () => {
    account();
    const bodies = answer('/api/v1/account/password', () => new HttpResponse(null, { status: 204 }));
    const { user } = renderApp('/configuracoes/seguranca');
    const form = await screen.findByRole('region', { name: 'Alterar senha' });
    const endOthers = within(form).getByRole('checkbox', { name: /Encerrar as outras sessões/ });
    expect((endOthers as HTMLInputElement).checked).toBe(true);
    await user.type(within(form).getByLabelText('Senha atual'), 'senha-velha-1');
    await user.type(within(form).getByLabelText('Nova senha'), 'senha-nova-12');
    await user.click(within(form).getByRole('button', { name: 'Alterar senha' }));
    expect(await screen.findByText('Senha alterada')).toBeDefined();
    expect(bodies).toEqual([{ current_password: 'senha-velha-1', new_password: 'senha-nova-12', end_other_sessions: true }]);
    expect(within(form).getByLabelText<HTMLInputElement>('Senha atual').value).toBe('');

    await user.type(within(form).getByLabelText('Senha atual'), 'senha-nova-12');
    await user.type(within(form).getByLabelText('Nova senha'), 'senha-nova-34');
    await user.click(within(form).getByRole('checkbox', { name: /Encerrar as outras sessões/ }));
    await user.click(within(form).getByRole('button', { name: 'Alterar senha' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ current_password: 'senha-nova-12', new_password: 'senha-nova-34', end_other_sessions: false });
  });

  it('sets a first password for who has only signed in with Google, then offers to change it', async () => {
    account();
    let hasPassword = false;
    server.use(http.get('/api/v1/auth/me', () => HttpResponse.json({ ...testSession, user: { ...testSession.user, has_password: hasPassword } })));
    const bodies = answer('/api/v1/account/password', () => {
      hasPassword = true;
      return new HttpResponse(null, { status: 204 });
    });
    const { user } = renderApp('/configuracoes/seguranca');
    const form = await screen.findByRole('region', { name: 'Definir senha' });
    expect(within(form).queryByLabelText('Senha atual')).toBeNull();
    await user.type(within(form).getByLabelText('Nova senha'), 'senha-nova-12');
    await user.click(within(form).getByRole('button', { name: 'Definir senha' }));
    expect(await screen.findByText('Senha definida')).toBeDefined();
    expect(bodies).toEqual([{ current_password: '', new_password: 'senha-nova-12', end_other_sessions: true }]);
    const changed = await screen.findByRole('region', { name: 'Alterar senha' });
    expect(within(changed).getByLabelText('Senha atual')).toBeDefined();
  });

  it("puts the server's messages on the password fields", async () => {
    account();
    answer('/api/v1/account/password', () =>
      HttpResponse.json(
        { error: { code: 'invalid', message: 'Confira os campos destacados.', fields: { current_password: 'Senha atual incorreta.' } } },
        { status: 400 },
      ),
    );
    const { user } = renderApp('/configuracoes/seguranca');
    const form = await screen.findByRole('region', { name: 'Alterar senha' });
    await user.type(within(form).getByLabelText('Senha atual'), 'errada');
    await user.type(within(form).getByLabelText('Nova senha'), 'senha-nova-12');
    await user.click(within(form).getByRole('button', { name: 'Alterar senha' }));
    expect(await within(form).findByText('Senha atual incorreta.')).toBeDefined();
    expect(within(form).getByLabelText('Senha atual').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Senha atual')));
  });

  it('asks for the new e-mail and says where the confirmation went', async () => {
    account();
    const bodies = answer('/api/v1/account/email', () => HttpResponse.json({ status: 'queued' }, { status: 202 }));
    const { user } = renderApp('/configuracoes/seguranca');
    const form = await screen.findByRole('region', { name: 'Alterar e-mail' });
    expect(form.textContent).toContain('E-mail atual: ana@lojadaana.com.br');
    await user.type(within(form).getByLabelText('Novo e-mail'), 'ana@nova.com.br');
    await user.type(within(form).getByLabelText('Sua senha'), 'segredo-forte-1');
    await user.click(within(form).getByRole('button', { name: 'Alterar e-mail' }));
    expect(await within(form).findByText('Confirme o novo e-mail')).toBeDefined();
    expect(within(form).getByText(/^Enviamos um link para ana@nova\.com\.br\./)).toBeDefined();
    expect(bodies).toEqual([{ new_email: 'ana@nova.com.br', password: 'segredo-forte-1' }]);
  });

  it("puts the server's messages on the e-mail fields", async () => {
    account();
    answer('/api/v1/account/email', () =>
      HttpResponse.json(
        { error: { code: 'invalid', message: 'Confira.', fields: { new_email: 'Este e-mail já está em uso em outra conta.' } } },
        { status: 400 },
      ),
    );
    const { user } = renderApp('/configuracoes/seguranca');
    const form = await screen.findByRole('region', { name: 'Alterar e-mail' });
    await user.type(within(form).getByLabelText('Novo e-mail'), 'bia@loja.com.br');
    await user.type(within(form).getByLabelText('Sua senha'), 'segredo-forte-1');
    await user.click(within(form).getByRole('button', { name: 'Alterar e-mail' }));
    expect(await within(form).findByText('Este e-mail já está em uso em outra conta.')).toBeDefined();
    expect(within(form).getByLabelText('Novo e-mail').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('security: connected accounts', () => {
  const google = { id: 'idt_1', issuer: 'https://accounts.google.com', email: 'ana@gmail.com', created_at: '2025-03-05T12:00:00Z' };

  it('says when there is none', async () => {
    account();
    renderApp('/configuracoes/seguranca');
    expect(await screen.findByText(/^Nenhuma conta conectada\./)).toBeDefined();
  });

  it("shows the server's message when it is the last way to sign in", async () => {
    account({ identities: [google] });
    server.use(
      http.delete('/api/v1/account/identities/:id', () =>
        HttpResponse.json(
          { error: { code: 'conflict', message: 'Crie uma senha antes de desconectar a única forma de entrar.' } },
          { status: 409 },
        ),
      ),
    );
    const { user } = renderApp('/configuracoes/seguranca');
    const region = await screen.findByRole('region', { name: 'Contas conectadas' });
    expect(await within(region).findByText('ana@gmail.com')).toBeDefined();
    expect(within(region).getByText('Google')).toBeDefined();
    await user.click(within(region).getByRole('button', { name: 'Desconectar Google (ana@gmail.com)' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Desconectar Google?' });
    await user.click(within(dialog).getByRole('button', { name: 'Desconectar' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Crie uma senha antes de desconectar a única forma de entrar.');
  });

  it('disconnects after asking', async () => {
    account({ identities: [google] });
    let deleted = '';
    server.use(
      http.delete('/api/v1/account/identities/:id', ({ params }) => {
        deleted = String(params.id);
        server.use(http.get('/api/v1/account/identities', () => HttpResponse.json({ items: [] })));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp('/configuracoes/seguranca');
    await user.click(await screen.findByRole('button', { name: 'Desconectar Google (ana@gmail.com)' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Desconectar' }));
    expect(await screen.findByText(/^Nenhuma conta conectada\./)).toBeDefined();
    expect(deleted).toBe('idt_1');
  });
});

describe('e-mail confirmation banner', () => {
  it('is not there once the e-mail is confirmed', async () => {
    signedIn({ ...testSession, user: { ...testSession.user, email_verified_at: '2025-01-02T12:00:00Z' } });
    renderApp('/painel');
    await screen.findByRole('heading', { level: 1, name: 'Painel' });
    expect(screen.queryByRole('region', { name: 'Confirmação de e-mail' })).toBeNull();
  });

  it('sends a new link, and explains a rate limit', async () => {
    signedIn();
    let calls = 0;
    server.use(
      http.post('/api/v1/auth/verify-email/resend', () => {
        calls++;
        return calls === 1
          ? HttpResponse.json({ status: 'queued' }, { status: 202 })
          : HttpResponse.json({ error: { code: 'rate_limited', message: 'x' } }, { status: 429, headers: { 'Retry-After': '40' } });
      }),
    );
    const { user } = renderApp('/painel');
    const banner = await screen.findByRole('region', { name: 'Confirmação de e-mail' });
    await user.click(within(banner).getByRole('button', { name: 'Reenviar' }));
    expect(await screen.findByText('Enviamos um novo link para ana@lojadaana.com.br')).toBeDefined();
    await user.click(within(banner).getByRole('button', { name: 'Reenviar' }));
    expect(await screen.findByText('Não foi possível reenviar o link')).toBeDefined();
    expect(screen.getByText('Muitas tentativas seguidas. Tente de novo em 40 segundos.')).toBeDefined();
  });
});
