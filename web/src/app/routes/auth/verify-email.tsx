import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { paths } from '@/app/paths';
import { VerifyEmailStatus } from '@/features/auth/components/verify-email-status';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

/** /verificar-email?token=…: the link of the confirmation e-mail (after sign-up or an e-mail change). */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <AuthCard
      title={t('auth.verifyEmail.title')}
      description={t('auth.verifyEmail.description')}
      footer={<TextLink to={paths.signIn}>{t('auth.backToSignIn')}</TextLink>}
    >
      <VerifyEmailStatus token={params.get('token') || null} />
    </AuthCard>
  );
}
