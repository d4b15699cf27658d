import { useTranslation } from 'react-i18next';
import { useSession } from '@/features/auth/api/session';
import { atLeast } from '../roles';
import { InvitationsCard } from './invitations-card';
import { MembersCard } from './members-card';

/**
 * /configuracoes/equipe: the organization's people (owners change roles and
 * remove people; anyone may leave) and, for admins and owners, the
 * invitations.
 */
export function TeamSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  if (!session) {
    return null;
  }
  return (
    <div className="grid grid-cols-1 gap-6">
      <h2 className="sr-only">{t('team.title')}</h2>
      <MembersCard session={session} />
      {atLeast(session.role, 'admin') && <InvitationsCard role={session.role} />}
    </div>
  );
}
