import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NameDialog } from '@/components/name-dialog';
import { explainError } from '@/features/organizations/error-message';
import { useCreateAgent } from '../api/agents';
import { agentPath } from '../paths';
import { limits, newAgentSchema } from '../schemas';

/** "Novo agente": a name; the server gives the rest, and the new agent's editor opens. */
export function CreateAgentDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      mutation={useCreateAgent()}
      schema={newAgentSchema}
      maxLength={limits.name}
      explain={(error) => explainError(error, t)}
      onCreated={(agent) => void navigate(agentPath(agent.id))}
      text={{
        title: t('agents.create.title'),
        description: t('agents.create.description'),
        name: t('agents.create.name'),
        placeholder: t('agents.create.placeholder'),
        submit: t('agents.create.submit'),
        failed: t('agents.create.failed'),
        cancel: t('app.cancel'),
        close: t('agents.close'),
      }}
    />
  );
}
