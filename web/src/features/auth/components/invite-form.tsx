import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useNotAvailableNotice } from '../not-available';
import { inviteSchema, type InviteValues } from '../schemas';

/** Accepts an invitation to a company's team by creating the invitee's access. */
export function InviteForm() {
  const { t } = useTranslation();
  const notAvailable = useNotAvailableNotice();
  const form = useForm<InviteValues>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { name: '', password: '' },
  });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(notAvailable)(event)}>
      <FormField label={t('auth.name')} error={errors.name}>
        <Input autoComplete="name" {...form.register('name')} />
      </FormField>
      <FormField label={t('auth.password')} error={errors.password} hint={t('auth.passwordHint')}>
        <Input type="password" autoComplete="new-password" {...form.register('password')} />
      </FormField>
      <Button type="submit" className="w-full">
        {t('auth.invite.submit')}
      </Button>
    </form>
  );
}
