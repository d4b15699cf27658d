import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { paths } from '@/app/paths';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/features/auth/components/form-alert';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { AuthCard } from './auth-card';
import { TextLink } from './text-link';

/** /redefinir-senha?token=…: the link of the password-reset e-mail. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  return (
    <AuthCard
      title={t('auth.resetPassword.title')}
      description={t('auth.resetPassword.description')}
      footer={<TextLink to={paths.signIn}>{t('auth.backToSignIn')}</TextLink>}
    >
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <div className="grid gap-4">
          <FormAlert title={t('auth.resetPassword.failed')} message={t('auth.resetPassword.badLink')} />
          <Button asChild className="w-full">
            <Link to={paths.forgotPassword}>{t('auth.resetPassword.newLink')}</Link>
          </Button>
        </div>
      )}
    </AuthCard>
  );
}
