import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useNotAvailableNotice } from '../not-available';
import { signUpSchema, type SignUpValues } from '../schemas';

export function SignUpForm() {
  const { t } = useTranslation();
  const notAvailable = useNotAvailableNotice();
  const form = useForm<SignUpValues>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: '', company_name: '', email: '', password: '' },
  });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(notAvailable)(event)}>
      <FormField label={t('auth.name')} error={errors.name}>
        <Input autoComplete="name" {...form.register('name')} />
      </FormField>
      <FormField label={t('auth.signUp.company')} error={errors.company_name}>
        <Input autoComplete="organization" {...form.register('company_name')} />
      </FormField>
      <FormField label={t('auth.email')} error={errors.email}>
        <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
      </FormField>
      <FormField label={t('auth.password')} error={errors.password} hint={t('auth.passwordHint')}>
        <Input type="password" autoComplete="new-password" {...form.register('password')} />
      </FormField>
      <Button type="submit" className="w-full">
        {t('auth.signUp.submit')}
      </Button>
    </form>
  );
}
