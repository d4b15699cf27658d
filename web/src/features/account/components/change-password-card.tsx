import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { LoaderCircleIcon } from 'lucide-react';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { toast } from '@/components/ui/toast';
import { FormAlert } from '@/features/auth/components/form-alert';
import { PasswordInput } from '@/features/auth/components/password-input';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useChangePassword } from '../api/credentials';
import { identitiesQueryOptions } from '../api/identities';
import { changePasswordSchema, type ChangePasswordValues } from '../schemas';

const defaultValues: ChangePasswordValues = { current_password: '', new_password: '', end_other_sessions: true };

/** Changes the password (the current one first), ending the other sessions unless the user says not to. */
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const checkboxId = useId();
  const change = useChangePassword();
  // Who signs in with Google may have no password yet: the reset link creates one.
  const { data: identities } = useQuery(identitiesQueryOptions);
  const form = useForm<ChangePasswordValues>({ resolver: zodResolver(changePasswordSchema), defaultValues });
  const { errors } = form.formState;
  const error = change.error;

  function submit(values: ChangePasswordValues) {
    change.mutate(values, {
      onSuccess: () => {
        form.reset(defaultValues);
        toast({
          title: t('account.password.changed'),
          description: values.end_other_sessions ? t('account.password.changedOthersEnded') : undefined,
        });
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Card aria-labelledby="password-title">
      <CardHeader>
        <CardTitle id="password-title">{t('account.password.title')}</CardTitle>
        <CardDescription>{t('account.password.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate className="grid max-w-md gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('account.password.current')} error={errors.current_password}>
            <PasswordInput autoComplete="current-password" {...form.register('current_password')} />
          </FormField>
          <FormField label={t('account.password.new')} error={errors.new_password} hint={t('auth.passwordHint')}>
            <PasswordInput autoComplete="new-password" {...form.register('new_password')} />
          </FormField>
          <div className="flex items-start gap-2">
            <input
              id={checkboxId}
              type="checkbox"
              className="mt-0.5 size-4 shrink-0 accent-primary"
              {...form.register('end_other_sessions')}
            />
            <label htmlFor={checkboxId} className="grid gap-0.5 text-sm">
              <span className="font-medium">{t('account.password.endOthers')}</span>
              <span className="text-muted-foreground">{t('account.password.endOthersHint')}</span>
            </label>
          </div>
          {error && !(error instanceof ApiError && error.fields) && (
            <FormAlert title={t('account.password.failed')} message={describeError(error, t)} />
          )}
          <div>
            <Button type="submit" disabled={change.isPending}>
              {change.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('account.password.submit')}
            </Button>
          </div>
          {identities && identities.length > 0 && (
            <p className="text-sm text-muted-foreground">
              {t('account.password.noPasswordYet')}{' '}
              <Link to={paths.forgotPassword} className="font-medium text-primary underline-offset-4 hover:underline">
                {t('account.password.createOne')}
              </Link>
            </p>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
