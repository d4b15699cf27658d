import { useTranslation } from 'react-i18next';
import { paths } from '@/app/paths';
import { VerifyEmailForm } from '@/features/auth/components/verify-email-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('auth.verifyEmail.title')}
      description={t('auth.verifyEmail.description')}
      footer={<TextLink to={paths.signIn}>{t('auth.backToSignIn')}</TextLink>}
    >
      <VerifyEmailForm />
    </AuthCard>
  );
}
