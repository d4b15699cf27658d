import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { InvitationAcceptance } from '@/features/organizations/components/invitation-acceptance';
import { AuthCard } from './auth-card';

/** /convite?token=…: the link of an invitation e-mail. */
export function InvitePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <AuthCard title={t('team.accept.title')} description={t('team.accept.description')}>
      <InvitationAcceptance token={params.get('token') ?? ''} />
    </AuthCard>
  );
}
