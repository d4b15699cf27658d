import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon, MailCheckIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useSession } from '@/features/auth/api/session';
import { FormAlert } from '@/features/auth/components/form-alert';
import { PasswordInput } from '@/features/auth/components/password-input';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useChangeEmail } from '../api/credentials';
import { changeEmailSchema, type ChangeEmailValues } from '../schemas';

const defaultValues: ChangeEmailValues = { new_email: '', password: '' };

/** Moves the account to a new e-mail: it changes once the link sent there is opened. */
export function ChangeEmailCard() {
  const { t } = useTranslation();
  const session = useSession();
  const change = useChangeEmail();
  const form = useForm<ChangeEmailValues>({ resolver: zodResolver(changeEmailSchema), defaultValues });
  const { errors } = form.formState;
  const error = change.error;

  function submit(values: ChangeEmailValues) {
    change.mutate(values, {
      onSuccess: () => form.reset(defaultValues),
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Card aria-labelledby="email-title">
      <CardHeader>
        <CardTitle id="email-title">{t('account.email.title')}</CardTitle>
        <CardDescription>
          {t('account.email.current')} <strong className="font-medium break-all text-foreground">{session?.user.email}</strong>
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate className="grid max-w-md gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          {change.isSuccess && (
            <Alert className="grid-cols-[auto_1fr] gap-x-2">
              <MailCheckIcon className="mt-0.5 size-4 text-primary" aria-hidden="true" />
              <div className="grid gap-0.5">
                <AlertTitle>{t('account.email.sentTitle')}</AlertTitle>
                <AlertDescription>{t('account.email.sentBody', { email: change.variables.new_email })}</AlertDescription>
              </div>
            </Alert>
          )}
          <FormField label={t('account.email.new')} error={errors.new_email}>
            <Input type="email" autoComplete="email" inputMode="email" {...form.register('new_email')} />
          </FormField>
          <FormField label={t('account.email.password')} error={errors.password} hint={t('account.email.passwordHint')}>
            <PasswordInput autoComplete="current-password" {...form.register('password')} />
          </FormField>
          {error && !(error instanceof ApiError && error.fields) && (
            <FormAlert title={t('account.email.failed')} message={describeError(error, t)} />
          )}
          <div>
            <Button type="submit" disabled={change.isPending}>
              {change.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('account.email.submit')}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
