import { useTranslation } from 'react-i18next';
import { paths } from '@/app/paths';
import { GoogleSignIn } from '@/features/auth/components/google-sign-in';
import { SignUpForm } from '@/features/auth/components/sign-up-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function SignUpPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('auth.signUp.title')}
      description={t('auth.signUp.description')}
      footer={
        <p>
          {t('auth.signUp.haveAccount')} <TextLink to={paths.signIn}>{t('auth.signUp.signInLink')}</TextLink>
        </p>
      }
    >
      <GoogleSignIn next={paths.dashboard} />
      <SignUpForm />
    </AuthCard>
  );
}
