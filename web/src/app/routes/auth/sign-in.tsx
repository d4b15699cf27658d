import { useTranslation } from 'react-i18next';
import { paths } from '@/app/paths';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function SignInPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('auth.signIn.title')}
      description={t('auth.signIn.description')}
      footer={
        <>
          <TextLink to={paths.forgotPassword}>{t('auth.signIn.forgot')}</TextLink>
          <p>
            {t('auth.signIn.noAccount')} <TextLink to={paths.signUp}>{t('auth.signIn.signUpLink')}</TextLink>
          </p>
        </>
      }
    >
      <SignInForm />
    </AuthCard>
  );
}
