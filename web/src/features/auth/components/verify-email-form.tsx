import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useNotAvailableNotice } from '../not-available';
import { verifyEmailSchema, type VerifyEmailValues } from '../schemas';

/** Asks for a new e-mail confirmation link. */
export function VerifyEmailForm() {
  const { t } = useTranslation();
  const notAvailable = useNotAvailableNotice();
  const form = useForm<VerifyEmailValues>({
    resolver: zodResolver(verifyEmailSchema),
    defaultValues: { email: '' },
  });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(notAvailable)(event)}>
      <FormField label={t('auth.email')} error={errors.email}>
        <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
      </FormField>
      <Button type="submit" className="w-full">
        {t('auth.verifyEmail.submit')}
      </Button>
    </form>
  );
}
