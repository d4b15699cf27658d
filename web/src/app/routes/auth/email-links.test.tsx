import { act, screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server, signedIn, testSession } from '@/testing/server';

/** Makes POST path answer with respond(), recording the bodies sent. */
function answer(path: string, respond: () => Response | Promise<Response>) {
  const bodies: unknown[] = [];
  server.use(
    http.post(path, async ({ request }) => {
      bodies.push(await request.json().catch(() => null));
      return respond();
    }),
  );
  return bodies;
}

const badLink = () =>
  HttpResponse.json(
    {
      error: {
        code: 'invalid',
        message: 'Este link é inválido, já foi usado ou expirou. Peça um novo.',
        fields: { token: 'link inválido, usado ou expirado' },
      },
    },
    { status: 400 },
  );

describe('forgot password', () => {
  it('asks for the link and says only what may be true', async () => {
    const bodies = answer('/api/v1/auth/password-reset', () => HttpResponse.json({ status: 'queued' }, { status: 202 }));
    const { user } = renderApp('/esqueci-senha');
    await user.type(await screen.findByLabelText('E-mail'), ' ana@lojadaana.com.br ');
    await user.click(screen.getByRole('button', { name: 'Enviar link' }));

    expect(await screen.findByText('Confira seu e-mail')).toBeDefined();
    expect(screen.getByText(/^Se houver uma conta com este e-mail \(ana@lojadaana\.com\.br\), enviamos um link/)).toBeDefined();
    expect(bodies).toEqual([{ email: 'ana@lojadaana.com.br' }]);

    await user.click(screen.getByRole('button', { name: 'Usar outro e-mail' }));
    expect(screen.getByLabelText<HTMLInputElement>('E-mail').value).toBe('');
  });

  it('explains a rate limit', async () => {
    answer('/api/v1/auth/password-reset', () =>
      HttpResponse.json({ error: { code: 'rate_limited', message: 'x' } }, { status: 429, headers: { 'Retry-After': '20' } }),
    );
    const { user } = renderApp('/esqueci-senha');
    await user.type(await screen.findByLabelText('E-mail'), 'ana@lojadaana.com.br');
    await user.click(screen.getByRole('button', { name: 'Enviar link' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível enviar o link');
    expect(alert.textContent).toContain('Tente de novo em 20 segundos.');
  });
});

describe('reset password', () => {
  it('sets the new password with the link and opens the dashboard signed in', async () => {
    const bodies = answer('/api/v1/auth/password-reset/confirm', async () => {
      await delay(30);
      server.use(http.get('/api/v1/auth/me', () => HttpResponse.json(testSession)));
      return HttpResponse.json(testSession);
    });
    const { user, router } = renderApp('/redefinir-senha?token=tok-123');
    const password = await screen.findByLabelText('Nova senha');
    expect(password.getAttribute('autocomplete')).toBe('new-password');
    await user.type(password, 'curta');
    await user.click(screen.getByRole('button', { name: 'Salvar nova senha' }));
    expect(screen.getByText('A senha precisa ter pelo menos 8 caracteres.')).toBeDefined();

    await user.clear(password);
    await user.type(password, 'nova-senha-forte');
    await user.click(screen.getByRole('button', { name: 'Salvar nova senha' }));
    expect(await screen.findByRole('button', { name: 'Salvando…' })).toBeDefined();
    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
    expect(bodies).toEqual([{ token: 'tok-123', password: 'nova-senha-forte' }]);
  });

  it('says when the link is bad, and offers a new one', async () => {
    answer('/api/v1/auth/password-reset/confirm', badLink);
    const { user, router } = renderApp('/redefinir-senha?token=velho');
    await user.type(await screen.findByLabelText('Nova senha'), 'nova-senha-forte');
    await user.click(screen.getByRole('button', { name: 'Salvar nova senha' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('inválido, já foi usado ou expirou');
    await user.click(screen.getByRole('link', { name: 'Pedir um novo link' }));
    expect(router.state.location.pathname).toBe('/esqueci-senha');
  });

  it("puts the server's password message under the field", async () => {
    answer('/api/v1/auth/password-reset/confirm', () =>
      HttpResponse.json(
        { error: { code: 'invalid', message: 'Confira.', fields: { password: 'Esta senha é muito comum. Escolha outra.' } } },
        { status: 400 },
      ),
    );
    const { user } = renderApp('/redefinir-senha?token=tok');
    await user.type(await screen.findByLabelText('Nova senha'), 'senha1234');
    await user.click(screen.getByRole('button', { name: 'Salvar nova senha' }));
    expect(await screen.findByText('Esta senha é muito comum. Escolha outra.')).toBeDefined();
    expect(screen.getByLabelText('Nova senha').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('without a token, says the link is bad', async () => {
    renderApp('/redefinir-senha');
    expect((await screen.findByRole('alert')).textContent).toContain('inválido, já foi usado ou expirou');
    expect(screen.queryByLabelText('Nova senha')).toBeNull();
    expect(screen.getByRole('link', { name: 'Pedir um novo link' }).getAttribute('href')).toBe('/esqueci-senha');
  });
});

describe('verify email', () => {
  it('confirms on load, once, and links to the dashboard', async () => {
    const bodies = answer('/api/v1/auth/verify-email', async () => {
      await delay(30);
      return HttpResponse.json({ user: { ...testSession.user, email_verified_at: '2025-03-05T12:00:00Z' } });
    });
    renderApp('/verificar-email?token=tok-1');
    expect(await screen.findByText('Confirmando seu e-mail…')).toBeDefined();
    expect(await screen.findByText('E-mail confirmado')).toBeDefined();
    expect(screen.getByText('Pronto: ana@lojadaana.com.br está confirmado na sua conta.')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Ir para o painel' }).getAttribute('href')).toBe('/painel');
    expect(bodies).toEqual([{ token: 'tok-1' }]);
  });

  it('marks the signed-in user confirmed: the banner goes', async () => {
    signedIn();
    answer('/api/v1/auth/verify-email', () =>
      HttpResponse.json({ user: { ...testSession.user, email_verified_at: '2025-03-05T12:00:00Z' } }),
    );
    const { user, router } = renderApp('/painel');
    const banner = await screen.findByRole('region', { name: 'Confirmação de e-mail' });
    expect(banner.textContent).toBe('Confirme seu e-mail: enviamos um link para ana@lojadaana.com.br.Reenviar');

    await act(() => router.navigate('/verificar-email?token=tok-1'));
    await user.click(await screen.findByRole('link', { name: 'Ir para o painel' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Confirmação de e-mail' })).toBeNull();
  });

  it('explains a bad link and sends a new one when signed in', async () => {
    signedIn();
    answer('/api/v1/auth/verify-email', badLink);
    const resent = answer('/api/v1/auth/verify-email/resend', () => HttpResponse.json({ status: 'queued' }, { status: 202 }));
    const { user } = renderApp('/verificar-email?token=usado');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível confirmar o e-mail');
    expect(alert.textContent).toContain('Este link de confirmação é inválido, já foi usado ou expirou.');
    await user.click(await screen.findByRole('button', { name: 'Enviar um novo link' }));
    expect(await screen.findByText('Novo link enviado')).toBeDefined();
    expect(screen.getByText(/para ana@lojadaana\.com\.br/)).toBeDefined();
    expect(resent).toHaveLength(1);
  });

  it('signed out, says to sign in for a new link', async () => {
    answer('/api/v1/auth/verify-email', badLink);
    renderApp('/verificar-email?token=usado');
    expect(await screen.findByText(/Para receber um novo link, entre na sua conta/)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Enviar um novo link' })).toBeNull();
  });
});

describe('sign in with Google', () => {
  it('shows the button only when the server has it, as a link that starts at the API', async () => {
    renderApp('/entrar');
    await screen.findByLabelText('E-mail');
    expect(screen.queryByRole('link', { name: 'Entrar com Google' })).toBeNull();
  });

  it.each(['/entrar?next=%2Fleads', '/cadastro'])('links to the API from %s, with where to land', async (path) => {
    server.use(http.get('/api/v1/auth/providers', () => HttpResponse.json({ google: true, dev_outbox: false })));
    renderApp(path);
    const link = await screen.findByRole('link', { name: 'Entrar com Google' });
    const href = new URL(link.getAttribute('href') ?? '');
    expect(href.origin).toBe(window.location.origin);
    expect(href.pathname).toBe('/api/v1/auth/google/login');
    expect(href.searchParams.get('next')).toBe(path.startsWith('/entrar') ? '/leads' : '/painel');
  });

  it.each([
    ['google_cancelled', 'A entrada com o Google foi cancelada.'],
    ['google_state', 'demorou demais ou começou em outra aba'],
    ['google_failed', 'O Google não confirmou a sua entrada.'],
    ['google_email_unverified', 'O Google ainda não confirmou o e-mail'],
    ['outra_coisa', 'O Google não confirmou a sua entrada.'],
  ])('explains ?erro=%s', async (reason, text) => {
    renderApp(`/entrar?erro=${reason}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível entrar com o Google');
    expect(alert.textContent).toContain(text);
  });
});

describe('development mailbox', () => {
  const mails = [
    {
      id: 'm1',
      to: 'ana@lojadaana.com.br',
      subject: 'Confirme seu e-mail',
      text: 'Olá, Ana!\nConfirme: http://localhost/verificar-email?token=abc.\n<b>não é HTML</b>',
      html: '<p>Olá</p>',
      created_at: '2025-03-05T12:00:00Z',
    },
    {
      id: 'm2',
      to: 'ana@lojadaana.com.br',
      subject: 'Crie uma nova senha',
      text: 'Link: http://localhost/redefinir-senha?token=xyz',
      html: '<p>Olá</p>',
      created_at: '2025-03-05T13:00:00Z',
    },
  ];

  it('is not linked from the auth pages when the server sends mail for real, and the outbox is not probed', async () => {
    let asked = 0;
    let providersAsked = 0;
    server.use(
      http.get('/api/v1/auth/providers', () => {
        providersAsked++;
        return HttpResponse.json({ google: false, dev_outbox: false });
      }),
      http.get('/api/v1/dev/outbox', () => {
        asked++;
        return HttpResponse.json({ error: { code: 'not_found', message: 'x' } }, { status: 404 });
      }),
    );
    renderApp('/entrar');
    await screen.findByLabelText('E-mail');
    await waitFor(() => expect(providersAsked).toBe(1));
    expect(screen.queryByRole('link', { name: 'Caixa de saída (desenvolvimento)' })).toBeNull();
    expect(asked).toBe(0);
  });

  it('is linked from the auth pages when the server keeps mail', async () => {
    server.use(
      http.get('/api/v1/auth/providers', () => HttpResponse.json({ google: false, dev_outbox: true })),
      http.get('/api/v1/dev/outbox', () => HttpResponse.json({ items: mails })),
    );
    const { user } = renderApp('/esqueci-senha');
    await user.click(await screen.findByRole('link', { name: 'Caixa de saída (desenvolvimento)' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Caixa de saída' })).toBeDefined();
  });

  it('lists the mail newest first, as text with clickable links', async () => {
    server.use(http.get('/api/v1/dev/outbox', () => HttpResponse.json({ items: mails })));
    renderApp('/dev/caixa-de-saida');
    expect(await screen.findByRole('heading', { level: 1, name: 'Caixa de saída' })).toBeDefined();
    const articles = await screen.findAllByRole('article');
    expect(articles.map((article) => within(article).getByRole('heading', { level: 2 }).textContent)).toEqual([
      'Crie uma nova senha',
      'Confirme seu e-mail',
    ]);
    const link = within(articles[1] as HTMLElement).getByRole('link');
    expect(link.getAttribute('href')).toBe('http://localhost/verificar-email?token=abc');
    expect(articles[1]?.textContent).toContain('<b>não é HTML</b>');
    expect(articles[1]?.querySelector('b')).toBeNull();
  });

  it('says when the server has no mailbox', async () => {
    renderApp('/dev/caixa-de-saida');
    expect(await screen.findByText('Caixa de saída indisponível')).toBeDefined();
  });
});
