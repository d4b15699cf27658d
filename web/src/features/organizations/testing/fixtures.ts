// Test data and API handlers for organizations, members and invitations.
import { http, HttpResponse } from 'msw';
import type { Role, Session } from '@/features/auth/api/session';
import { server, signedIn, testSession } from '@/testing/server';
import type { Invitation } from '../api/invitations';
import type { Member } from '../api/members';
import type { OrganizationDetails } from '../api/organization';

export const lojaDaAna: OrganizationDetails = {
  id: 'org_1',
  name: 'Loja da Ana',
  time_zone: 'America/Sao_Paulo',
  has_logo: false,
  created_at: '2025-01-02T12:00:00Z',
};

export const filial: OrganizationDetails = {
  id: 'org_2',
  name: 'Filial Centro',
  time_zone: 'America/Manaus',
  has_logo: false,
  created_at: '2025-02-03T12:00:00Z',
};

/** The test session (Ana, in Loja da Ana) with the given role, and also a member of Filial Centro. */
export function sessionAs(role: Role, overrides: Partial<Session> = {}): Session {
  return {
    ...testSession,
    role,
    organizations: [
      { ...lojaDaAna, role },
      { ...filial, role: 'member' },
    ],
    ...overrides,
  };
}

/** The same user, moved to Filial Centro (the answer of a switch). */
export const sessionInFilial: Session = {
  ...sessionAs('owner'),
  organization: { id: filial.id, name: filial.name, created_at: filial.created_at },
  role: 'member',
  csrf_token: 'csrf-filial',
};

export const members: Member[] = [
  { user_id: 'usr_1', name: 'Ana Souza', email: 'ana@lojadaana.com.br', role: 'owner', joined_at: '2025-01-02T12:00:00Z' },
  { user_id: 'usr_2', name: 'Bruno Lima', email: 'bruno@lojadaana.com.br', role: 'member', joined_at: '2025-03-04T12:00:00Z' },
];

export const invitations: Invitation[] = [
  {
    id: 'inv_1',
    email: 'carla@lojadaana.com.br',
    role: 'admin',
    invited_by: 'Ana Souza',
    created_at: '2025-03-01T12:00:00Z',
    expires_at: '2025-03-08T12:00:00Z',
    status: 'pending',
  },
  {
    id: 'inv_2',
    email: 'davi@lojadaana.com.br',
    role: 'member',
    invited_by: 'Ana Souza',
    created_at: '2025-02-01T12:00:00Z',
    expires_at: '2025-02-08T12:00:00Z',
    status: 'accepted',
  },
];

/**
 * Signed in with role; the organization (without a logo unless hasLogo), its
 * members and invitations answer. The logo's GET fails the test unless the
 * organization has one (the app must not ask for it otherwise).
 */
export function organizationApi(role: Role = 'owner', { hasLogo = false } = {}) {
  signedIn(sessionAs(role));
  server.use(
    http.get('/api/v1/organization', () => HttpResponse.json({ ...lojaDaAna, has_logo: hasLogo })),
    http.get('/api/v1/organization/logo', () =>
      hasLogo
        ? new HttpResponse(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'image/png' } })
        : HttpResponse.json({ error: { code: 'internal', message: 'the app asked for a logo it knows is not there' } }, { status: 500 }),
    ),
    http.get('/api/v1/members', () => HttpResponse.json({ items: members, next_cursor: '' })),
    http.get('/api/v1/invitations', () => HttpResponse.json({ items: invitations, next_cursor: '' })),
  );
}

/** An API error body. */
export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  return HttpResponse.json({ error: { code, message, ...(fields && { fields }) } }, { status });
}
