import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Session } from '@/features/auth/api/session';
import { renderApp } from '@/testing/render';
import { server, signedIn, testSession } from '@/testing/server';
import type { InvitationInfo } from '../api/invitations';
import { apiError, filial } from '../testing/fixtures';

const info: InvitationInfo = {
  organization: 'Filial Centro',
  email: 'ana@lojadaana.com.br',
  role: 'member',
  invited_by: 'Bruno Lima',
  account_exists: true,
};

const inFilial: Session = {
  ...testSession,
  organization: { id: filial.id, name: filial.name, created_at: filial.created_at },
  role: 'member',
  organizations: [...testSession.organizations, { ...filial, role: 'member' }],
};

/** POST /invitations/lookup answers info (or the response given), recording the tokens sent. */
function lookup(answer: InvitationInfo | (() => Response) = info) {
  const tokens: unknown[] = [];
  server.use(
    http.post('/api/v1/invitations/lookup', async ({ request }) => {
      tokens.push(((await request.json()) as { token: string }).token);
      return typeof answer === 'function' ? answer() : HttpResponse.json(answer);
    }),
  );
  return tokens;
}

describe('invitation page', () => {
  it('explains a link without a token', async () => {
    renderApp('/convite');
    expect(await screen.findByRole('heading', { level: 1, name: 'Aceitar convite' })).toBeDefined();
    expect((await screen.findByRole('alert')).textContent).toContain('Este link de convite está incompleto.');
  });

  it('explains an invitation that cannot be accepted any more', async () => {
    lookup(() =>
      apiError(400, 'invalid', 'Este convite é inválido, foi revogado, já foi usado ou expirou. Peça um novo.', {
        token: 'convite inválido, usado ou expirado',
      }),
    );
    renderApp('/convite?token=velho');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Este convite é inválido, foi revogado, já foi usado ou expirou.');
    expect(screen.getByRole('link', { name: 'Ir para o login' }).getAttribute('href')).toBe('/entrar');
  });

  it('creates the account of a new person, signed in, in the organization', async () => {
    const tokens = lookup({ ...info, email: 'eva@lojadaana.com.br', account_exists: false });
    const eva: Session = {
      ...inFilial,
      user: { ...testSession.user, id: 'usr_9', name: 'Eva Reis', email: 'eva@lojadaana.com.br' },
      organizations: [{ ...filial, role: 'member' }],
    };
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/invitations/accept-new', async ({ request }) => {
        bodies.push(await request.json());
        signedIn(eva);
        return HttpResponse.json(eva, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/convite?token=tok-1');
    expect(await screen.findByText('Filial Centro')).toBeDefined();
    expect(screen.getByText('Bruno Lima convidou você para a equipe como Vendedor.')).toBeDefined();
    expect(screen.getByLabelText<HTMLInputElement>('E-mail').value).toBe('eva@lojadaana.com.br');

    await user.click(screen.getByRole('button', { name: 'Criar acesso e entrar' }));
    expect(screen.getByText('Preencha este campo.')).toBeDefined();
    expect(screen.getByText('A senha precisa ter pelo menos 8 caracteres.')).toBeDefined();

    await user.type(screen.getByLabelText('Seu nome'), 'Eva Reis');
    await user.type(screen.getByLabelText('Senha'), 'segredo-forte-1');
    await user.click(screen.getByRole('button', { name: 'Criar acesso e entrar' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
    expect(bodies).toEqual([{ token: 'tok-1', name: 'Eva Reis', password: 'segredo-forte-1' }]);
    expect(tokens).toEqual(['tok-1']);
    expect(screen.getByRole('button', { name: /^Organização atual: Filial Centro/ })).toBeDefined();
  });

  it('puts the server’s messages on the fields of a new account', async () => {
    lookup({ ...info, account_exists: false });
    server.use(
      http.post('/api/v1/invitations/accept-new', () =>
        apiError(400, 'invalid', 'Confira os campos destacados.', { password: 'Esta senha é muito comum. Escolha outra.' }),
      ),
    );
    const { user } = renderApp('/convite?token=tok-1');
    await user.type(await screen.findByLabelText('Seu nome'), 'Eva Reis');
    await user.type(screen.getByLabelText('Senha'), 'senha1234');
    await user.click(screen.getByRole('button', { name: 'Criar acesso e entrar' }));
    expect(await screen.findByText('Esta senha é muito comum. Escolha outra.')).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains a link used up while the form was open', async () => {
    lookup({ ...info, account_exists: false });
    server.use(
      http.post('/api/v1/invitations/accept-new', () =>
        apiError(400, 'invalid', 'Este convite é inválido.', { token: 'convite inválido, usado ou expirado' }),
      ),
    );
    const { user } = renderApp('/convite?token=tok-1');
    await user.type(await screen.findByLabelText('Seu nome'), 'Eva Reis');
    await user.type(screen.getByLabelText('Senha'), 'segredo-forte-1');
    await user.click(screen.getByRole('button', { name: 'Criar acesso e entrar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Peça um novo convite a quem convidou você.');
  });

  it('sends someone with an account to sign in first, coming back here', async () => {
    lookup();
    renderApp('/convite?token=tok-1');
    expect(await screen.findByText('Já existe uma conta com ana@lojadaana.com.br. Entre nela para aceitar o convite.')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Entrar para aceitar' }).getAttribute('href')).toBe(
      '/entrar?next=%2Fconvite%3Ftoken%3Dtok-1',
    );
  });

  it('accepts for the signed-in invitee and opens the organization', async () => {
    signedIn();
    lookup();
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/invitations/accept', async ({ request }) => {
        bodies.push(await request.json());
        signedIn(inFilial);
        return HttpResponse.json(inFilial);
      }),
    );
    const { user, router } = renderApp('/convite?token=tok-1');
    await user.click(await screen.findByRole('button', { name: 'Aceitar convite' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/painel'));
    expect(bodies).toEqual([{ token: 'tok-1' }]);
    expect(await screen.findByRole('button', { name: /^Organização atual: Filial Centro/ })).toBeDefined();
    expect(screen.queryByText('Você trocou de organização em outra aba')).toBeNull();
  });

  it('tells someone signed in with another e-mail, and signs them out', async () => {
    signedIn();
    lookup({ ...info, email: 'eva@lojadaana.com.br', account_exists: false });
    server.use(
      http.post('/api/v1/auth/logout', () => {
        server.use(http.get('/api/v1/auth/me', () => apiError(401, 'unauthorized', 'Entre para continuar.')));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/convite?token=tok-1');
    expect(
      await screen.findByText(
        'Você entrou como ana@lojadaana.com.br, mas este convite é para eva@lojadaana.com.br. Saia desta conta para aceitar com o e-mail convidado.',
      ),
    ).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Sair desta conta' }));
    expect(await screen.findByRole('button', { name: 'Criar acesso e entrar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/convite');
  });
});
