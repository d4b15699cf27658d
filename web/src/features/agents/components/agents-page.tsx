import { useQuery } from '@tanstack/react-query';
import { BotIcon, PlusIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/features/auth/api/session';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { atLeast } from '@/features/organizations/roles';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDate } from '@/lib/format';
import { agentsQueryOptions } from '../api/agents';
import { agentPath } from '../paths';
import { CreateAgentDialog } from './create-agent-dialog';

/** /agentes: the organization's agents; admins create them ("Novo agente"). */
export function AgentsPage() {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const session = useSession();
  const agents = useQuery(agentsQueryOptions);
  const [creating, setCreating] = useState(false);
  const canEdit = session ? atLeast(session.role, 'admin') : false;

  const createButton = canEdit && (
    <Button onClick={() => setCreating(true)}>
      <PlusIcon aria-hidden="true" />
      {t('agents.create.open')}
    </Button>
  );

  let body;
  if (agents.isPending) {
    body = (
      <div role="status" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <span className="sr-only">{t('app.loading')}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-24 w-full" />
        ))}
      </div>
    );
  } else if (agents.isError) {
    body = (
      <LoadError
        title={t('agents.loadFailed')}
        message={explainError(agents.error, t)}
        onRetry={() => void agents.refetch()}
        retrying={agents.isFetching}
      />
    );
  } else if (agents.data.length === 0) {
    body = (
      <EmptyState icon={BotIcon} title={t('sections.agents.emptyTitle')} action={createButton}>
        <p>{t('sections.agents.emptyBody')}</p>
        {!canEdit && <p className="mt-2">{t('agents.readOnly')}</p>}
      </EmptyState>
    );
  } else {
    body = (
      <>
        {createButton && <div className="mb-4 flex justify-end">{createButton}</div>}
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label={t('agents.listLabel')}>
          {agents.data.map((agent) => (
            <li key={agent.id}>
              <Link
                to={agentPath(agent.id)}
                className="flex h-full flex-col gap-2 rounded-xl border bg-card p-4 transition-colors hover:bg-muted/50"
              >
                <span className="flex items-start justify-between gap-2">
                  <span className="font-medium">{agent.name}</span>
                  <Badge variant={agent.enabled ? 'success' : 'muted'}>{agent.enabled ? t('agents.on') : t('agents.off')}</Badge>
                </span>
                <span className="text-xs text-muted-foreground">
                  {t('agents.version', { version: agent.version })} ·{' '}
                  {t('agents.updatedAt', { date: formatDate(agent.updated_at, { locale: language }) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('sections.agents.title')} description={t('sections.agents.description')} />
      {body}
      {canEdit && <CreateAgentDialog open={creating} onOpenChange={setCreating} />}
    </>
  );
}
