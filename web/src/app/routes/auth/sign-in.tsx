import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { safeNextPath } from '@/app/next-path';
import { paths } from '@/app/paths';
import { GoogleSignIn, GoogleSignInError } from '@/features/auth/components/google-sign-in';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
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
      <GoogleSignInError reason={params.get('erro')} />
      <GoogleSignIn next={safeNextPath(params.get('next')) ?? paths.dashboard} />
      <SignInForm />
    </AuthCard>
  );
}
