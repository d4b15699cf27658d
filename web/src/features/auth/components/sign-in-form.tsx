import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useNotAvailableNotice } from '../not-available';
import { signInSchema, type SignInValues } from '../schemas';

export function SignInForm() {
  const { t } = useTranslation();
  const notAvailable = useNotAvailableNotice();
  const form = useForm<SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(notAvailable)(event)}>
      <FormField label={t('auth.email')} error={errors.email}>
        <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
      </FormField>
      <FormField label={t('auth.password')} error={errors.password}>
        <Input type="password" autoComplete="current-password" {...form.register('password')} />
      </FormField>
      <Button type="submit" className="w-full">
        {t('auth.signIn.submit')}
      </Button>
    </form>
  );
}
