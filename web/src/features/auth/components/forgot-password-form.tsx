import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon, MailCheckIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useRequestPasswordReset } from '../api/password-reset';
import { forgotPasswordSchema, type ForgotPasswordValues } from '../schemas';
import { FormAlert } from './form-alert';

/**
 * Asks for a link to create a new password. The answer is the same whether
 * or not the e-mail has an account, so the page says only what may be true.
 */
export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const form = useForm<ForgotPasswordValues>({
    resolver: zodResolver(forgotPasswordSchema),
    defaultValues: { email: '' },
  });
  const { errors } = form.formState;
  const error = request.error;

  if (request.isSuccess) {
    return (
      <div className="grid gap-4">
        <Alert className="grid-cols-[auto_1fr] gap-x-2">
          <MailCheckIcon className="mt-0.5 size-4 text-primary" aria-hidden="true" />
          <div className="grid gap-0.5">
            <AlertTitle>{t('auth.forgotPassword.sentTitle')}</AlertTitle>
            <AlertDescription>{t('auth.forgotPassword.sentBody', { email: request.variables.email })}</AlertDescription>
          </div>
        </Alert>
        <Button
          variant="outline"
          className="w-full"
          onClick={() => {
            request.reset();
            form.reset();
          }}
        >
          {t('auth.forgotPassword.another')}
        </Button>
      </div>
    );
  }

  function submit(values: ForgotPasswordValues) {
    request.mutate(values, { onError: (err) => setServerFieldErrors(err, form.setError) });
  }

  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <FormField label={t('auth.email')} error={errors.email}>
        <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
      </FormField>
      {error && !(error instanceof ApiError && error.fields) && (
        <FormAlert title={t('auth.forgotPassword.failed')} message={describeError(error, t)} />
      )}
      <Button type="submit" className="w-full" disabled={request.isPending}>
        {request.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {request.isPending ? t('auth.forgotPassword.submitting') : t('auth.forgotPassword.submit')}
      </Button>
    </form>
  );
}
