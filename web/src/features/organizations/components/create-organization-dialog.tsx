import { useTranslation } from 'react-i18next';
import { NameDialog } from '@/components/name-dialog';
import type { Session } from '@/features/auth/api/session';
import { describeError } from '@/lib/error-message';
import { useCreateOrganization } from '../api/organizations';
import { createOrganizationSchema, maxOrganizationName } from '../schemas';

interface CreateOrganizationDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Runs with the session in the new organization. */
  onCreated: (session: Session) => void;
}

/** "Criar organização": a name, and the user owns the new organization and is moved to it. */
export function CreateOrganizationDialog({ open, onOpenChange, onCreated }: CreateOrganizationDialogProps) {
  const { t } = useTranslation();
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      mutation={useCreateOrganization()}
      schema={createOrganizationSchema}
      maxLength={maxOrganizationName}
      autoComplete="organization"
      explain={(error) => describeError(error, t)}
      onCreated={onCreated}
      text={{
        title: t('organizations.create.title'),
        description: t('organizations.create.description'),
        name: t('organizations.fields.name'),
        submit: t('organizations.create.submit'),
        failed: t('organizations.create.failed'),
        cancel: t('organizations.cancel'),
        close: t('organizations.close'),
      }}
    />
  );
}
