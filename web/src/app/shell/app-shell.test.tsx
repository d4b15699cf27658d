import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { languageStorageKey } from '@/i18n/language-store';
import { renderApp } from '@/testing/render';
import { signedIn } from '@/testing/server';

const ptLabels = ['Painel', 'Conversas', 'Leads', 'Agentes', 'Conhecimento', 'Canais', 'Integrações', 'Configurações'];
const enLabels = ['Dashboard', 'Conversations', 'Leads', 'Agents', 'Knowledge', 'Channels', 'Integrations', 'Settings'];
const paths = ['/painel', '/conversas', '/leads', '/agentes', '/conhecimento', '/canais', '/integracoes', '/configuracoes'];

function sidebarLinks() {
  // The desktop sidebar is the only navigation landmark while the phone drawer is closed.
  const nav = screen.getByRole('navigation', { name: /^(Seções|Sections)$/ });
  return within(nav).getAllByRole('link');
}

describe('app shell', () => {
  beforeEach(() => signedIn());

  it('renders the pt-BR navigation with a skip link', async () => {
    renderApp('/painel');
    await screen.findByRole('heading', { level: 1 });
    expect(sidebarLinks().map((link) => link.textContent)).toEqual(ptLabels);
    expect(sidebarLinks().map((link) => link.getAttribute('href'))).toEqual(paths);
    expect(screen.getByRole('link', { name: 'Pular para o conteúdo' }).getAttribute('href')).toBe('#main');
    expect(document.documentElement.lang).toBe('pt-BR');
  });

  it('navigates to a section: heading, empty state, aria-current and title', async () => {
    const { user, router } = renderApp('/painel');
    await user.click(within(await screen.findByRole('navigation', { name: 'Seções' })).getByRole('link', { name: 'Leads' }));

    expect(router.state.location.pathname).toBe('/leads');
    expect(screen.getByRole('heading', { level: 1, name: 'Leads' })).toBeDefined();
    expect(screen.getByRole('heading', { level: 2, name: 'Nenhum lead ainda' })).toBeDefined();
    expect(document.title).toBe('Leads · Piloto de Vendas');
    const current = sidebarLinks().filter((link) => link.getAttribute('aria-current') === 'page');
    expect(current.map((link) => link.textContent)).toEqual(['Leads']);

    await user.click(screen.getByRole('link', { name: 'Ver conversas' }));
    expect(router.state.location.pathname).toBe('/conversas');
    expect(document.title).toBe('Conversas · Piloto de Vendas');
  });

  it('switches to English and back, remembering the choice', async () => {
    const { user } = renderApp('/conversas');
    await user.click(await screen.findByRole('button', { name: 'Mudar idioma (atual: Português (Brasil))' }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'English' }));

    expect(sidebarLinks().map((link) => link.textContent)).toEqual(enLabels);
    expect(screen.getByRole('heading', { level: 1, name: 'Conversations' })).toBeDefined();
    expect(document.title).toBe('Conversations · Piloto de Vendas');
    expect(document.documentElement.lang).toBe('en');
    expect(JSON.parse(localStorage.getItem(languageStorageKey) ?? '{}')).toMatchObject({ state: { language: 'en' } });

    await user.click(screen.getByRole('button', { name: 'Change language (current: English)' }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Português (Brasil)' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Conversas' })).toBeDefined();
    expect(document.documentElement.lang).toBe('pt-BR');
  });

  it('opens the navigation drawer from the menu button and closes it on navigation', async () => {
    const { user, router } = renderApp('/painel');
    await user.click(await screen.findByRole('button', { name: 'Abrir menu' }));
    const drawer = await screen.findByRole('dialog', { name: 'Menu' });
    await user.click(within(drawer).getByRole('link', { name: 'Leads' }));

    expect(router.state.location.pathname).toBe('/leads');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Leads' })).toBeDefined();
  });

  it('shows a not-found page for an unknown path', async () => {
    renderApp('/nao-existe');
    expect(await screen.findByRole('heading', { level: 1, name: 'Página não encontrada' })).toBeDefined();
    expect(screen.getByText(/\/nao-existe/)).toBeDefined();
  });

  it('opens the dashboard at /, with the first steps and the server version in the sidebar', async () => {
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Painel' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/painel');
    expect(screen.getByRole('region', { name: 'Como vai funcionar' })).toBeDefined();
    const sidebar = screen.getByRole('complementary');
    expect((await within(sidebar).findByText('0.1.0-test')).closest('p')?.textContent).toBe('Servidor 0.1.0-test · abc1234');
  });
});
