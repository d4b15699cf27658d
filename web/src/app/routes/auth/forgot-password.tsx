import { useTranslation } from 'react-i18next';
import { paths } from '@/app/paths';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('auth.forgotPassword.title')}
      description={t('auth.forgotPassword.description')}
      footer={<TextLink to={paths.signIn}>{t('auth.backToSignIn')}</TextLink>}
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
