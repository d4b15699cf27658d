import { useTranslation } from 'react-i18next';
import { paths } from '@/app/paths';
import { InviteForm } from '@/features/auth/components/invite-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function InvitePage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('auth.invite.title')}
      description={t('auth.invite.description')}
      footer={
        <p>
          {t('auth.signUp.haveAccount')} <TextLink to={paths.signIn}>{t('auth.signUp.signInLink')}</TextLink>
        </p>
      }
    >
      <InviteForm />
    </AuthCard>
  );
}
