import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useNotAvailableNotice } from '../not-available';
import { resetPasswordSchema, type ResetPasswordValues } from '../schemas';

/** Sets a new password (the link from the e-mail carries the token). */
export function ResetPasswordForm() {
  const { t } = useTranslation();
  const notAvailable = useNotAvailableNotice();
  const form = useForm<ResetPasswordValues>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { password: '', password_confirmation: '' },
  });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(notAvailable)(event)}>
      <FormField label={t('auth.resetPassword.password')} error={errors.password} hint={t('auth.passwordHint')}>
        <Input type="password" autoComplete="new-password" {...form.register('password')} />
      </FormField>
      <FormField label={t('auth.resetPassword.confirm')} error={errors.password_confirmation}>
        <Input type="password" autoComplete="new-password" {...form.register('password_confirmation')} />
      </FormField>
      <Button type="submit" className="w-full">
        {t('auth.resetPassword.submit')}
      </Button>
    </form>
  );
}
