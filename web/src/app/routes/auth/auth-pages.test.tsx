import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';

describe('auth pages', () => {
  it('validates the sign-in form in the current language', async () => {
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

  it('says honestly that sign-in is not available yet', async () => {
    const { user } = renderApp('/entrar');
    await user.type(await screen.findByLabelText('E-mail'), 'ana@loja.com.br');
    await user.type(screen.getByLabelText('Senha'), 'segredo123');
    await user.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(await screen.findByText('Ainda não disponível')).toBeDefined();
    expect(screen.getByText(/Nada foi enviado ao servidor/)).toBeDefined();
  });

  it('checks that the new passwords match', async () => {
    const { user } = renderApp('/redefinir-senha');
    await user.type(await screen.findByLabelText('Nova senha'), 'segredo123');
    await user.type(screen.getByLabelText('Repita a nova senha'), 'segredo124');
    await user.click(screen.getByRole('button', { name: 'Salvar nova senha' }));
    expect(screen.getByText('As senhas não são iguais.')).toBeDefined();
  });

  it.each([
    ['/cadastro', 'Criar conta'],
    ['/esqueci-senha', 'Esqueci minha senha'],
    ['/verificar-email', 'Confirme seu e-mail'],
    ['/convite', 'Aceitar convite'],
  ])('renders %s', async (path, title) => {
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeDefined();
    expect(document.title).toBe(`${title} · Piloto de Vendas`);
  });
});
