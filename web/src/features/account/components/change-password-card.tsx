import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { toast } from '@/components/ui/toast';
import { useSession } from '@/features/auth/api/session';
import { FormAlert } from '@/features/auth/components/form-alert';
import { PasswordInput } from '@/features/auth/components/password-input';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useChangePassword } from '../api/credentials';
import { changePasswordSchema, type ChangePasswordValues, setPasswordSchema } from '../schemas';

const defaultValues: ChangePasswordValues = { current_password: '', new_password: '', end_other_sessions: true };

/**
 * Changes the password (the current one first), ending the other sessions
 * unless the user says not to. Who has only signed in with Google has no
 * password yet: the card then sets a first one, with no current password.
 */
export function ChangePasswordCard() {
  const session = useSession();
  const hasPassword = session?.user.has_password ?? true;
  // A new form when the user gets a password (the session is loaded again after a first one).
  return <PasswordForm key={String(hasPassword)} hasPassword={hasPassword} />;
}

function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useTranslation();
  const checkboxId = useId();
  const change = useChangePassword();
  const form = useForm<ChangePasswordValues>({
    resolver: zodResolver(hasPassword ? changePasswordSchema : setPasswordSchema),
    defaultValues,
  });
  const { errors } = form.formState;
  const error = change.error;

  function submit(values: ChangePasswordValues) {
    change.mutate(values, {
      onSuccess: () => {
        form.reset(defaultValues);
        toast({
          title: hasPassword ? t('account.password.changed') : t('account.password.set'),
          description: values.end_other_sessions ? t('account.password.changedOthersEnded') : undefined,
        });
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Card aria-labelledby="password-title">
      <CardHeader>
        <CardTitle id="password-title">{hasPassword ? t('account.password.title') : t('account.password.setTitle')}</CardTitle>
        <CardDescription>
          {hasPassword ? t('account.password.description') : t('account.password.setDescription')}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate className="grid max-w-md gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          {hasPassword && (
            <FormField label={t('account.password.current')} error={errors.current_password}>
              <PasswordInput autoComplete="current-password" {...form.register('current_password')} />
            </FormField>
          )}
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
            <FormAlert
              title={hasPassword ? t('account.password.failed') : t('account.password.setFailed')}
              message={describeError(error, t)}
            />
          )}
          <div>
            <Button type="submit" disabled={change.isPending}>
              {change.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {hasPassword ? t('account.password.submit') : t('account.password.setSubmit')}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
