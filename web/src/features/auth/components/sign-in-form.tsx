import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useSignIn } from '../api/sign-in';
import { signInSchema, type SignInValues } from '../schemas';
import { FormAlert } from './form-alert';
import { PasswordInput } from './password-input';

/**
 * Signs in with e-mail and password. On success the session is in the cache
 * and the route guard takes the user on (to ?next= or the dashboard).
 */
export function SignInForm() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const form = useForm<SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;
  const busy = signIn.isPending || signIn.isSuccess;
  const error = signIn.error;

  function submit(values: SignInValues) {
    signIn.mutate(values, {
      onError: (err) => {
        if (setServerFieldErrors(err, form.setError)) return;
        if (err instanceof ApiError && err.status === 401) form.setFocus('password');
      },
    });
  }

  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <FormField label={t('auth.email')} error={errors.email}>
        <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
      </FormField>
      <FormField label={t('auth.password')} error={errors.password}>
        <PasswordInput autoComplete="current-password" {...form.register('password')} />
      </FormField>
      {error && !(error instanceof ApiError && error.fields) && (
        <FormAlert
          title={t('auth.signIn.failed')}
          message={
            error instanceof ApiError && error.status === 401 ? t('auth.signIn.wrongCredentials') : describeError(error, t)
          }
        />
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {busy ? t('auth.signIn.submitting') : t('auth.signIn.submit')}
      </Button>
    </form>
  );
}
