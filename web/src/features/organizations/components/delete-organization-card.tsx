import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { ApiError } from '@/lib/api';
import { type OrganizationDetails, useDeleteOrganization } from '../api/organization';
import { explainError } from '../error-message';
import { ErrorAlert } from './error-alert';

/**
 * The danger zone (owners): deleting the organization, confirmed by typing
 * its exact name. The session ends with it; the app goes to the sign-in page.
 */
export function DeleteOrganizationCard({ organization }: { organization: OrganizationDetails }) {
  const { t } = useTranslation();
  const remove = useDeleteOrganization();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const error = remove.error;
  const fieldError = error instanceof ApiError ? error.fields?.confirm : undefined;

  function changeOpen(next: boolean) {
    setOpen(next);
    if (!next) {
      setTyped('');
      remove.reset();
    }
  }

  function confirm() {
    remove.mutate(typed, {
      onSuccess: () => toast({ title: t('organizations.delete.done', { name: organization.name }) }),
    });
  }

  return (
    <Card aria-labelledby="organization-danger-title" className="border-destructive/40">
      <CardHeader>
        <CardTitle id="organization-danger-title" className="text-destructive">
          {t('organizations.delete.zoneTitle')}
        </CardTitle>
        <CardDescription>{t('organizations.delete.zoneDescription')}</CardDescription>
      </CardHeader>
      <CardContent>
        <Button variant="destructive" className="w-full sm:w-auto" onClick={() => changeOpen(true)}>
          {t('organizations.delete.action')}
        </Button>
      </CardContent>
      <ConfirmDialog
        open={open}
        onOpenChange={changeOpen}
        title={t('organizations.delete.confirmTitle', { name: organization.name })}
        description={t('organizations.delete.confirmBody')}
        confirmLabel={t('organizations.delete.confirmAction')}
        onConfirm={confirm}
        pending={remove.isPending}
        canConfirm={typed === organization.name}
      >
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (typed === organization.name && !remove.isPending) confirm();
          }}
        >
          <FormField
            label={t('organizations.delete.typeName', { name: organization.name })}
            error={fieldError ? { type: 'server', message: fieldError } : undefined}
          >
            <Input autoComplete="off" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
          </FormField>
        </form>
        {error && !fieldError && <ErrorAlert title={t('organizations.delete.failed')} message={explainError(error, t)} />}
      </ConfirmDialog>
    </Card>
  );
}
