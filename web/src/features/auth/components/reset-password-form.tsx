import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { paths } from '@/app/paths';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useConfirmPasswordReset } from '../api/password-reset';
import { isBadLinkError } from '../bad-link';
import { resetPasswordSchema, type ResetPasswordValues } from '../schemas';
import { FormAlert } from './form-alert';
import { PasswordInput } from './password-input';

/**
 * Sets a new password with the token of the e-mailed link. On success the
 * user is signed in (every other session ended) and goes to the dashboard.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const confirm = useConfirmPasswordReset(token);
  const form = useForm<ResetPasswordValues>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { password: '' },
  });
  const { errors } = form.formState;
  const busy = confirm.isPending || confirm.isSuccess;
  const error = confirm.error;

  function submit(values: ResetPasswordValues) {
    confirm.mutate(values, {
      onSuccess: () => void navigate(paths.dashboard, { replace: true }),
      onError: (err) => {
        if (!isBadLinkError(err)) setServerFieldErrors(err, form.setError);
      },
    });
  }

  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <FormField label={t('auth.resetPassword.password')} error={errors.password} hint={t('auth.passwordHint')}>
        <PasswordInput autoComplete="new-password" {...form.register('password')} />
      </FormField>
      {error && isBadLinkError(error) && (
        <div className="grid gap-2">
          <FormAlert title={t('auth.resetPassword.failed')} message={t('auth.resetPassword.badLink')} />
          <Button asChild variant="outline" className="w-full">
            <Link to={paths.forgotPassword}>{t('auth.resetPassword.newLink')}</Link>
          </Button>
        </div>
      )}
      {error && !(error instanceof ApiError && error.fields) && (
        <FormAlert title={t('auth.resetPassword.failed')} message={describeError(error, t)} />
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {busy ? t('auth.resetPassword.submitting') : t('auth.resetPassword.submit')}
      </Button>
    </form>
  );
}
