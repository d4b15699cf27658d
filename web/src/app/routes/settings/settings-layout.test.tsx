import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { renderApp } from '@/testing/render';
import { server, signedIn, testSession } from '@/testing/server';
import { hasRole, settingsTabs, settingsTabsFor } from './tabs';

describe('settings tabs', () => {
  it('orders the roles owner > admin > member', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('member', 'admin')).toBe(false);
    expect(hasRole('admin', 'owner')).toBe(false);
    expect(settingsTabsFor('owner')).toEqual(settingsTabs);
    expect(settingsTabsFor('member').every((tab) => tab.minRole === 'member')).toBe(true);
  });

  it('shows a member only the tabs for members, and no page of the others', async () => {
    const ownersOnly = settingsTabs.find((tab) => tab.minRole !== 'member');
    signedIn({ ...testSession, role: 'member' });
    server.use(
      http.get('/api/v1/account/sessions', () => HttpResponse.json({ items: [] })),
      http.get('/api/v1/account/identities', () => HttpResponse.json({ items: [] })),
    );
    renderApp(ownersOnly?.path ?? '/configuracoes/seguranca');
    const nav = await screen.findByRole('navigation', { name: 'Configurações — seções' });
    const labels = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(labels).toEqual(settingsTabsFor('member').map((tab) => i18n.t(tab.label)));
    expect(labels).toContain('Segurança');
    if (ownersOnly) {
      expect(labels).not.toContain(i18n.t(ownersOnly.label));
      expect(await screen.findByRole('heading', { level: 2, name: 'Sem permissão para esta página' })).toBeDefined();
    }
  });
});
