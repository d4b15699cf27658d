import { screen, waitFor } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { server, testSession } from '@/testing/server';

/** Makes POST path answer with the given response, recording the bodies sent. */
function answer(path: string, respond: () => Response | Promise<Response>) {
  const bodies: unknown[] = [];
  server.use(
    http.post(path, async ({ request }) => {
      bodies.push(await request.json());
      return respond();
    }),
  );
  return bodies;
}

/** After sign-in/up the session is there: me answers with it. */
function sessionAfter(path: string, status = 200) {
  return answer(path, () => {
    server.use(http.get('/api/v1/auth/me', () => HttpResponse.json(testSession)));
    return HttpResponse.json(testSession, { status });
  });
}

describe('sign-in page', () => {
  it('validates in the current language', async () => {
    const { user } = renderApp('/entrar');
    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar' })).toBeDefined();
    expect(document.title).toBe('Entrar · Piloto de Vendas');

    await user.click(screen.getByRole('button', { name: 'Entrar' }));
    const email = screen.getByLabelText('E-mail');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('Preencha este campo.')).toHaveLength(2);

    await user.type(email, 'ana@loja');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(screen.getByText('Informe um e-mail válido, como nome@empresa.com.br.')).toBeDefined();
  });

  it('has the autocomplete hints and a show-password toggle', async () => {
    const { user } = renderApp('/entrar');
    const password = await screen.findByLabelText('Senha');
    expect(screen.getByLabelText('E-mail').getAttribute('autocomplete')).toBe('email');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(password.getAttribute('type')).toBe('password');

    const toggle = screen.getByRole('button', { name: 'Mostrar senha' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await user.click(toggle);
    expect(password.getAttribute('type')).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
  });

  it('signs in and goes on to ?next=', async () => {
    const bodies = answer('/api/v1/auth/login', async () => {
      await delay(50);
      server.use(http.get('/api/v1/auth/me', () => HttpResponse.json(testSession)));
      return HttpResponse.json(testSession);
    });
    const { user, router } = renderApp('/entrar?next=%2Fleads%3Fetapa%3Dnova');
    await user.type(await screen.findByLabelText('E-mail'), ' ana@lojadaana.com.br ');
    await user.type(screen.getByLabelText('Senha'), 'segredo-forte-1');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    const busy = await screen.findByRole('button', { name: 'Entrando…' });
    expect(busy.hasAttribute('disabled')).toBe(true);
    expect(await screen.findByRole('heading', { level: 1, name: 'Leads' })).toBeDefined();
    expect(router.state.location.pathname + router.state.location.search).toBe('/leads?etapa=nova');
    expect(bodies).toEqual([{ email: 'ana@lojadaana.com.br', password: 'segredo-forte-1' }]);
  });

  it('goes to the dashboard without ?next=', async () => {
    sessionAfter('/api/v1/auth/login');
    const { user, router } = renderApp('/entrar');
    await user.type(await screen.findByLabelText('E-mail'), 'ana@lojadaana.com.br');
    await user.type(screen.getByLabelText('Senha'), 'segredo-forte-1');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
  });

  it.each([
    [
      'a wrong password',
      () => HttpResponse.json({ error: { code: 'unauthorized', message: 'E-mail ou senha incorretos.' } }, { status: 401 }),
      'E-mail ou senha incorretos.',
    ],
    [
      'a rate limit, with the wait',
      () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Muitas tentativas.' } },
          { status: 429, headers: { 'Retry-After': '30' } },
        ),
      'Muitas tentativas seguidas. Tente de novo em 30 segundos.',
    ],
    [
      'a long rate limit, in minutes',
      () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Muitas tentativas.' } },
          { status: 429, headers: { 'Retry-After': '61' } },
        ),
      'Muitas tentativas seguidas. Tente de novo em 2 minutos.',
    ],
    ['a network failure', () => HttpResponse.error(), 'Sem conexão com o servidor. Verifique a internet e tente de novo.'],
  ])('explains %s above the button', async (_, respond, message) => {
    answer('/api/v1/auth/login', respond);
    const { user, router } = renderApp('/entrar');
    await user.type(await screen.findByLabelText('E-mail'), 'ana@lojadaana.com.br');
    await user.type(screen.getByLabelText('Senha'), 'segredo-errado');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível entrar');
    expect(alert.textContent).toContain(message);
    expect(router.state.location.pathname).toBe('/entrar');
    expect(screen.getByRole('button', { name: 'Entrar' }).hasAttribute('disabled')).toBe(false);
  });

  it('puts the wrong-password message in English too', async () => {
    answer('/api/v1/auth/login', () =>
      HttpResponse.json({ error: { code: 'unauthorized', message: 'E-mail ou senha incorretos.' } }, { status: 401 }),
    );
    const { user } = renderApp('/entrar');
    await user.click(await screen.findByRole('button', { name: /^Mudar idioma/ }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'English' }));
    await user.type(screen.getByLabelText('Email'), 'ana@lojadaana.com.br');
    await user.type(screen.getByLabelText('Password'), 'segredo-errado');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong e-mail or password.');
  });
});

describe('sign-up page', () => {
  async function fill(user: ReturnType<typeof renderApp>['user'], password = 'segredo-forte-1') {
    await user.type(await screen.findByLabelText('Seu nome'), 'Ana Souza');
    await user.type(screen.getByLabelText('Nome da empresa'), 'Loja da Ana');
    await user.type(screen.getByLabelText('E-mail'), 'ana@lojadaana.com.br');
    await user.type(screen.getByLabelText('Senha'), password);
  }

  it('creates the account and opens the dashboard as the new user', async () => {
    const bodies = sessionAfter('/api/v1/auth/signup', 201);
    const { user, router } = renderApp('/cadastro');
    await fill(user);
    expect(screen.getByLabelText('Seu nome').getAttribute('autocomplete')).toBe('name');
    expect(screen.getByLabelText('Nome da empresa').getAttribute('autocomplete')).toBe('organization');
    expect(screen.getByLabelText('Senha').getAttribute('autocomplete')).toBe('new-password');
    await user.click(screen.getByRole('button', { name: 'Criar conta' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
    expect(screen.getByRole('button', { name: 'Conta de Ana Souza' })).toBeDefined();
    expect(bodies).toEqual([
      { name: 'Ana Souza', organization: 'Loja da Ana', email: 'ana@lojadaana.com.br', password: 'segredo-forte-1' },
    ]);
  });

  it('checks the password length the server allows', async () => {
    const { user } = renderApp('/cadastro');
    await fill(user, 'curta');
    await user.click(screen.getByRole('button', { name: 'Criar conta' }));
    expect(screen.getByText('A senha precisa ter pelo menos 8 caracteres.')).toBeDefined();

    await user.clear(screen.getByLabelText('Senha'));
    await user.click(screen.getByLabelText('Senha'));
    await user.paste('x'.repeat(129));
    await user.click(screen.getByRole('button', { name: 'Criar conta' }));
    expect(screen.getByText('A senha pode ter no máximo 128 caracteres.')).toBeDefined();
  });

  it("puts the server's field messages under their fields, as they are", async () => {
    answer('/api/v1/auth/signup', () =>
      HttpResponse.json(
        {
          error: {
            code: 'invalid',
            message: 'Confira os campos.',
            fields: {
              email: 'Já existe uma conta com este e-mail. Entre ou recupere a senha.',
              password: 'Esta senha é muito comum. Escolha outra.',
            },
          },
        },
        { status: 400 },
      ),
    );
    const { user } = renderApp('/cadastro');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Criar conta' }));

    expect(await screen.findByText('Já existe uma conta com este e-mail. Entre ou recupere a senha.')).toBeDefined();
    expect(screen.getByText('Esta senha é muito comum. Escolha outra.')).toBeDefined();
    expect(screen.getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('E-mail')));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains a rate limit with the wait', async () => {
    answer('/api/v1/auth/signup', () =>
      HttpResponse.json(
        { error: { code: 'rate_limited', message: 'Muitas tentativas.' } },
        { status: 429, headers: { 'Retry-After': '1' } },
      ),
    );
    const { user } = renderApp('/cadastro');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Criar conta' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível criar a conta');
    expect(alert.textContent).toContain('Tente de novo em 1 segundo.');
  });
});

describe('other auth pages', () => {
  it.each([
    ['/cadastro', 'Criar conta'],
    ['/esqueci-senha', 'Esqueci minha senha'],
    ['/redefinir-senha?token=abc', 'Criar nova senha'],
  ])('renders %s', async (path, title) => {
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeDefined();
    expect(document.title).toBe(`${title} · Piloto de Vendas`);
  });
});
