import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { Session } from '@/features/auth/api/session';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useCreateOrganization } from '../api/organizations';
import { type CreateOrganizationValues, createOrganizationSchema, maxOrganizationName } from '../schemas';
import { ErrorAlert } from './error-alert';

interface CreateOrganizationDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Runs with the session in the new organization. */
  onCreated: (session: Session) => void;
}

/** "Criar organização": a name, and the user owns the new organization and is moved to it. */
export function CreateOrganizationDialog({ open, onOpenChange, onCreated }: CreateOrganizationDialogProps) {
  const { t } = useTranslation();
  const create = useCreateOrganization();
  const form = useForm<CreateOrganizationValues>({
    resolver: zodResolver(createOrganizationSchema),
    defaultValues: { name: '' },
  });
  const { errors } = form.formState;
  const error = create.error;

  function changeOpen(next: boolean) {
    if (create.isPending) return;
    if (!next) {
      form.reset();
      create.reset();
    }
    onOpenChange(next);
  }

  function submit(values: CreateOrganizationValues) {
    create.mutate(values, {
      onSuccess: (session) => {
        form.reset();
        create.reset();
        onOpenChange(false);
        onCreated(session);
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent closeLabel={t('organizations.close')}>
        <DialogHeader>
          <DialogTitle>{t('organizations.create.title')}</DialogTitle>
          <DialogDescription>{t('organizations.create.description')}</DialogDescription>
        </DialogHeader>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('organizations.fields.name')} error={errors.name}>
            <Input autoComplete="organization" maxLength={maxOrganizationName} {...form.register('name')} />
          </FormField>
          {error && !(error instanceof ApiError && error.fields) && (
            <ErrorAlert title={t('organizations.create.failed')} message={describeError(error, t)} />
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => changeOpen(false)} disabled={create.isPending}>
              {t('organizations.cancel')}
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('organizations.create.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
