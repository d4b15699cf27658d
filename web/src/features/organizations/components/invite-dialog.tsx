import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { toast } from '@/components/ui/toast';
import type { Role } from '@/features/auth/api/session';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useInvite } from '../api/invitations';
import { explainError } from '../error-message';
import { invitableRoles } from '../roles';
import { inviteSchema, type InviteValues } from '../schemas';
import { ErrorAlert } from './error-alert';

interface InviteDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The inviter's role: nobody invites above their own. */
  role: Role;
}

/** "Convidar": an e-mail and a role; the server mails the link. */
export function InviteDialog({ open, onOpenChange, role }: InviteDialogProps) {
  const { t } = useTranslation();
  const invite = useInvite();
  const form = useForm<InviteValues>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: '', role: 'member' },
  });
  const { errors } = form.formState;
  const chosenRole = useWatch({ control: form.control, name: 'role' });
  const error = invite.error;

  function changeOpen(next: boolean) {
    if (invite.isPending) return;
    if (!next) {
      form.reset();
      invite.reset();
    }
    onOpenChange(next);
  }

  function submit(values: InviteValues) {
    invite.mutate(values, {
      onSuccess: (invitation) => {
        toast({ title: t('team.invite.sent', { email: invitation.email }) });
        form.reset();
        invite.reset();
        onOpenChange(false);
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent closeLabel={t('organizations.close')}>
        <DialogHeader>
          <DialogTitle>{t('team.invite.title')}</DialogTitle>
          <DialogDescription>{t('team.invite.description')}</DialogDescription>
        </DialogHeader>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('team.invite.email')} error={errors.email}>
            <Input type="email" autoComplete="off" inputMode="email" {...form.register('email')} />
          </FormField>
          <FormField label={t('team.invite.role')} error={errors.role} hint={t(`team.invite.roleHints.${chosenRole}`)}>
            <NativeSelect {...form.register('role')}>
              {invitableRoles(role).map((option) => (
                <option key={option} value={option}>
                  {t(`roles.${option}`)}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {error && !(error instanceof ApiError && error.fields) && (
            <ErrorAlert title={t('team.invite.failed')} message={explainError(error, t)} />
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => changeOpen(false)} disabled={invite.isPending}>
              {t('organizations.cancel')}
            </Button>
            <Button type="submit" disabled={invite.isPending}>
              {invite.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('team.invite.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
