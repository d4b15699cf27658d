import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NameDialog } from '@/components/name-dialog';
import { explainError } from '@/features/organizations/error-message';
import { knowledgeBasePath } from '../paths';
import { useCreateKnowledgeBase } from '../api/knowledge';
import { knowledgeBaseSchema } from '../schemas';

/** "Criar base": a name; the new base opens. */
export function CreateBaseDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      mutation={useCreateKnowledgeBase()}
      schema={knowledgeBaseSchema}
      explain={(error) => explainError(error, t)}
      onCreated={(base) => void navigate(knowledgeBasePath(base.id))}
      text={{
        title: t('knowledge.create.title'),
        description: t('knowledge.create.description'),
        name: t('knowledge.create.name'),
        submit: t('knowledge.create.submit'),
        failed: t('knowledge.create.failed'),
        cancel: t('app.cancel'),
        close: t('knowledge.close'),
      }}
    />
  );
}
