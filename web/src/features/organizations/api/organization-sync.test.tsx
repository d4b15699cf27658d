import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionQueryOptions } from '@/features/auth/api/session';
import { apiRequest, shownOrganization } from '@/lib/api';
import { renderApp } from '@/testing/render';
import { server, signedIn } from '@/testing/server';
import { apiError, sessionAs, sessionInFilial } from '../testing/fixtures';

/** Records the X-Piloto-Org header of each request to path. */
function headersOf(method: 'get' | 'post', path: string, respond: () => Response = () => HttpResponse.json({})) {
  const seen: (string | null)[] = [];
  server.use(
    http[method](path, ({ request }) => {
      seen.push(request.headers.get('X-Piloto-Org'));
      return respond();
    }),
  );
  return seen;
}

describe('the organization header', () => {
  it('names the session’s organization, except on the session’s own routes', async () => {
    signedIn(sessionAs('owner'));
    const me = headersOf('get', '/api/v1/auth/me', () => HttpResponse.json(sessionAs('owner')));
    const things = headersOf('get', '/api/v1/things');
    renderApp('/painel');
    await screen.findByRole('heading', { level: 1, name: 'Painel' });
    await waitFor(() => expect(shownOrganization()).toBe('org_1'));

    await apiRequest('/api/v1/things');
    expect(things).toEqual(['org_1']);
    expect(me.every((header) => header === null)).toBe(true);
  });

  it('sends none while nobody is signed in', async () => {
    const things = headersOf('get', '/api/v1/things');
    renderApp('/entrar');
    await screen.findByRole('heading', { level: 1, name: 'Entrar' });
    await apiRequest('/api/v1/things');
    expect(things).toEqual([null]);
  });

  it('follows a switch in another tab: a 409 reloads the session, says so and reloads the data', async () => {
    signedIn(sessionAs('owner'));
    const { queryClient } = renderApp('/painel');
    await screen.findByRole('heading', { level: 1, name: 'Painel' });
    await waitFor(() => expect(shownOrganization()).toBe('org_1'));
    // Some data of the organization shown is cached.
    queryClient.setQueryData(['members', 'list'], { items: [] });

    // Another tab moved the session to Filial Centro.
    signedIn(sessionInFilial);
    server.use(
      http.get('/api/v1/things', ({ request }) =>
        request.headers.get('X-Piloto-Org') === 'org_1'
          ? apiError(409, 'organization_changed', 'Você trocou de organização em outra aba. Recarregue a página.')
          : HttpResponse.json({ ok: true }),
      ),
    );
    await expect(apiRequest('/api/v1/things')).rejects.toMatchObject({ status: 409 });

    expect(await screen.findByText('Você trocou de organização em outra aba')).toBeDefined();
    expect(screen.getByText('Esta aba agora mostra Filial Centro.')).toBeDefined();
    expect(queryClient.getQueryData(sessionQueryOptions.queryKey)?.organization.name).toBe('Filial Centro');
    expect(queryClient.getQueryData(['members', 'list'])).toBeUndefined();
    expect(shownOrganization()).toBe('org_2');
    await expect(apiRequest('/api/v1/things')).resolves.toEqual({ ok: true });
    expect(await screen.findByRole('button', { name: /^Organização atual: Filial Centro/ })).toBeDefined();
  });

  it('leaves a 409 that is not about the organization to the caller', async () => {
    signedIn(sessionAs('owner'));
    const { queryClient } = renderApp('/painel');
    await screen.findByRole('heading', { level: 1, name: 'Painel' });
    await waitFor(() => expect(shownOrganization()).toBe('org_1'));
    queryClient.setQueryData(['members', 'list'], { items: [] });
    let checks = 0;
    server.use(
      http.get('/api/v1/auth/me', () => {
        checks++;
        return HttpResponse.json(sessionAs('owner'));
      }),
      http.patch('/api/v1/members/usr_1', () => apiError(409, 'conflict', 'A organização precisa de um proprietário.')),
    );
    await expect(apiRequest('/api/v1/members/usr_1', { method: 'PATCH', body: { role: 'admin' } })).rejects.toMatchObject({
      message: 'A organização precisa de um proprietário.',
    });
    // A plain conflict is not about the organization: no session re-read.
    expect(checks).toBe(0);
    expect(screen.queryByText('Você trocou de organização em outra aba')).toBeNull();
    expect(queryClient.getQueryData(['members', 'list'])).toEqual({ items: [] });
  });

  it('notices a switch elsewhere when the session is checked again on its own', async () => {
    signedIn(sessionAs('owner'));
    const { queryClient } = renderApp('/painel');
    await screen.findByRole('heading', { level: 1, name: 'Painel' });
    signedIn(sessionInFilial);
    await queryClient.refetchQueries({ queryKey: sessionQueryOptions.queryKey });
    expect(await screen.findByText('Você trocou de organização em outra aba')).toBeDefined();
    expect(shownOrganization()).toBe('org_2');
  });
});
