import { QueryClient } from '@tanstack/react-query';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { type Session, sessionQueryOptions } from '@/features/auth/api/session';
import { invitationsQueryOptions } from '@/features/organizations/api/invitations';
import { membersQueryOptions } from '@/features/organizations/api/members';
import { type OrganizationDetails, organizationQueryOptions } from '@/features/organizations/api/organization';
import { filial, lojaDaAna, sessionAs, sessionInFilial } from '@/features/organizations/testing/fixtures';
import { server, signedIn } from '@/testing/server';
import type { EventSourceConstructor } from './api/live-connection';
import { setLiveStatus, useLiveStatus } from './api/live-store';
import { LiveIndicator } from './components/live-indicator';
import { useLiveEvents } from './use-live-events';

/** An EventSource the test drives: open(), emit(), fail(). */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  readonly url: string;
  readonly init: EventSourceInit | undefined;

  constructor(url: string, init?: EventSourceInit) {
    this.url = url;
    this.init = init;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = this.CLOSED;
    this.closed = true;
  }

  open() {
    this.readyState = this.OPEN;
    this.onopen?.(new Event('open'));
  }

  emit(type: string, data: unknown, id = '') {
    const event = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** An event of the organization, as the server sends it. */
  event(id: number, kind: string, payload: unknown = null, subjectId = 'org_1') {
    this.emit(kind, { id, kind, subject_id: subjectId, payload, created_at: '2025-05-01T12:00:00Z' }, String(id));
  }

  /** The connection was refused (e.g. 401): the browser gives up on this source. */
  fail() {
    this.readyState = this.CLOSED;
    this.onerror?.(new Event('error'));
  }
}

const latest = () => {
  const source = FakeEventSource.instances.at(-1);
  if (!source) throw new Error('no EventSource was opened');
  return source;
};

function setUp(session: Session = sessionAs('owner')) {
  signedIn(session);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(sessionQueryOptions.queryKey, session);
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
  const invalidated = () => invalidate.mock.calls.map(([filters]) => filters?.queryKey);
  const wrapper = ({ children }: { children: ReactNode }) => <AppProvider queryClient={queryClient}>{children}</AppProvider>;
  const hook = renderHook(() => useLiveEvents({ EventSource: FakeEventSource as unknown as EventSourceConstructor }), {
    wrapper,
  });
  return { queryClient, invalidated, invalidate, ...hook };
}

afterEach(() => {
  FakeEventSource.instances = [];
  setLiveStatus(null);
  vi.useRealTimers();
});

describe('useLiveEvents', () => {
  it('opens one stream with the cookies, and says when it is live', () => {
    setUp();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(latest().url).toBe(`${window.location.origin}/api/v1/events`);
    expect(latest().init).toEqual({ withCredentials: true });
    expect(useLiveStatus.getState().status).toBe('connecting');
    act(() => {
      latest().open();
    });
    expect(useLiveStatus.getState().status).toBe('live');
  });

  it('drops an event it has already seen (sent again after a reconnect)', () => {
    const { invalidated } = setUp();
    act(() => {
      latest().open();
      latest().event(7, 'members.changed');
      latest().event(7, 'members.changed');
      latest().event(8, 'members.changed');
      latest().event(7, 'members.changed');
    });
    expect(invalidated()).toEqual([membersQueryOptions.queryKey, membersQueryOptions.queryKey]);
  });

  it('organization.updated: the new name in the session (the switcher) and in the organization', () => {
    const { queryClient } = setUp();
    queryClient.setQueryData<OrganizationDetails>(organizationQueryOptions.queryKey, lojaDaAna);
    act(() => {
      latest().open();
      latest().event(1, 'organization.updated', { name: 'Loja Nova', time_zone: 'America/Recife' });
    });
    const session = queryClient.getQueryData(sessionQueryOptions.queryKey);
    expect(session?.organization.name).toBe('Loja Nova');
    expect(session?.organizations.map((o) => o.name)).toEqual(['Loja Nova', filial.name]);
    expect(queryClient.getQueryData(organizationQueryOptions.queryKey)).toMatchObject({ name: 'Loja Nova', time_zone: 'America/Recife' });
  });

  it('members.changed and invitations.changed load their lists again', () => {
    const { invalidated } = setUp();
    act(() => {
      latest().open();
      latest().event(1, 'members.changed', null, 'usr_2');
      latest().event(2, 'invitations.changed', null, 'inv_1');
      latest().event(3, 'something.new');
    });
    expect(invalidated()).toEqual([membersQueryOptions.queryKey, invitationsQueryOptions.queryKey]);
  });

  it('an expired stream: renews the session, opens it again and reads again what may have changed', async () => {
    let refreshed = 0;
    server.use(
      http.post('/api/v1/auth/refresh', () => {
        refreshed++;
        return HttpResponse.json(sessionAs('owner'));
      }),
    );
    const { invalidated } = setUp();
    const first = latest();
    act(() => {
      first.open();
      first.emit('end', { reason: 'expired' });
    });
    expect(first.closed).toBe(true);
    expect(useLiveStatus.getState().status).toBe('reconnecting');
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    expect(refreshed).toBe(1);
    act(() => {
      latest().open();
    });
    expect(useLiveStatus.getState().status).toBe('live');
    expect(invalidated()).toEqual(
      expect.arrayContaining([
        sessionQueryOptions.queryKey,
        organizationQueryOptions.queryKey,
        membersQueryOptions.queryKey,
        invitationsQueryOptions.queryKey,
      ]),
    );
  });

  it('a refused connection: waits, renews and tries again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    server.use(http.post('/api/v1/auth/refresh', () => HttpResponse.json(sessionAs('owner'))));
    setUp();
    act(() => {
      latest().fail();
    });
    expect(useLiveStatus.getState().status).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(2000));
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
  });

  it('a revoked stream whose session moved to another organization: the app follows it there', async () => {
    server.use(http.post('/api/v1/auth/refresh', () => HttpResponse.json(sessionInFilial)));
    const { queryClient } = setUp();
    server.use(http.get('/api/v1/auth/me', () => HttpResponse.json(sessionInFilial)));
    act(() => {
      latest().open();
      latest().emit('end', { reason: 'revoked' });
    });
    await waitFor(() => expect(queryClient.getQueryData(sessionQueryOptions.queryKey)?.organization.id).toBe(filial.id));
    await waitFor(() => expect(FakeEventSource.instances.filter((source) => !source.closed)).toHaveLength(1));
  });

  it('a revoked stream ends the session (the renewal is refused)', async () => {
    const { queryClient } = setUp();
    act(() => {
      latest().open();
      latest().emit('end', { reason: 'revoked' });
    });
    await waitFor(() => expect(queryClient.getQueryData(sessionQueryOptions.queryKey)).toBeNull());
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(latest().closed).toBe(true);
  });

  it('a refused renewal ends the session', async () => {
    // The default handlers refuse the refresh (401).
    const { queryClient } = setUp();
    act(() => {
      latest().open();
      latest().emit('end', { reason: 'restart' });
    });
    await waitFor(() => expect(queryClient.getQueryData(sessionQueryOptions.queryKey)).toBeNull());
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('opens a new stream for another organization, and closes it on sign-out', async () => {
    const { queryClient } = setUp();
    const first = latest();
    act(() => {
      queryClient.setQueryData(sessionQueryOptions.queryKey, sessionInFilial);
    });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    expect(first.closed).toBe(true);
    act(() => {
      queryClient.setQueryData(sessionQueryOptions.queryKey, null);
    });
    await waitFor(() => expect(latest().closed).toBe(true));
    expect(FakeEventSource.instances).toHaveLength(2);
    await waitFor(() => expect(useLiveStatus.getState().status).toBeNull());
  });
});

describe('LiveIndicator', () => {
  it('says live or reconnecting, politely', () => {
    act(() => {
      setLiveStatus('live');
    });
    render(<LiveIndicator />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Ao vivo');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.getAttribute('title')).toContain('Atualizações ao vivo');
    act(() => {
      setLiveStatus('reconnecting');
    });
    expect(screen.getByRole('status').textContent).toBe('Reconectando…');
  });
});
