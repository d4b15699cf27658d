import { useTranslation } from 'react-i18next';
import { paths } from '@/app/paths';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('auth.resetPassword.title')}
      description={t('auth.resetPassword.description')}
      footer={<TextLink to={paths.signIn}>{t('auth.backToSignIn')}</TextLink>}
    >
      <ResetPasswordForm />
    </AuthCard>
  );
}
