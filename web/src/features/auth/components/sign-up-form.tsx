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
import { useSignUp } from '../api/sign-up';
import { signUpSchema, type SignUpValues } from '../schemas';
import { FormAlert } from './form-alert';
import { PasswordInput } from './password-input';

/**
 * Creates the account and the company's organization, signed in at once. The
 * server's per-field messages (e.g. an e-mail already taken, a password too
 * common) land under their fields.
 */
export function SignUpForm() {
  const { t } = useTranslation();
  const signUp = useSignUp();
  const form = useForm<SignUpValues>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: '', organization: '', email: '', password: '' },
  });
  const { errors } = form.formState;
  const busy = signUp.isPending || signUp.isSuccess;
  const error = signUp.error;

  function submit(values: SignUpValues) {
    signUp.mutate(values, { onError: (err) => setServerFieldErrors(err, form.setError) });
  }

  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <FormField label={t('auth.name')} error={errors.name}>
        <Input autoComplete="name" {...form.register('name')} />
      </FormField>
      <FormField label={t('auth.signUp.company')} error={errors.organization}>
        <Input autoComplete="organization" {...form.register('organization')} />
      </FormField>
      <FormField label={t('auth.email')} error={errors.email}>
        <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
      </FormField>
      <FormField label={t('auth.password')} error={errors.password} hint={t('auth.passwordHint')}>
        <PasswordInput autoComplete="new-password" {...form.register('password')} />
      </FormField>
      {error && !(error instanceof ApiError && error.fields) && (
        <FormAlert title={t('auth.signUp.failed')} message={describeError(error, t)} />
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {busy ? t('auth.signUp.submitting') : t('auth.signUp.submit')}
      </Button>
    </form>
  );
}
