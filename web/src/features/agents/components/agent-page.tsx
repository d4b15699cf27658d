import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeftIcon, MessageSquareTextIcon } from 'lucide-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { paths } from '@/app/paths';
import { PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { useSession } from '@/features/auth/api/session';
import { useProviderAvailability } from '@/features/llm/api/availability';
import { NoProviderNotice } from '@/features/llm/components/no-provider-notice';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { atLeast } from '@/features/organizations/roles';
import { playgroundPath } from '@/features/playground/paths';
import { ApiError } from '@/lib/api';
import { cn } from '@/lib/utils';
import { type Agent, agentQueryOptions, useDeleteAgent } from '../api/agents';
import { AgentEditor } from './agent-editor';
import { AgentHistory } from './agent-history';

type Tab = 'config' | 'history';
const tabs: Tab[] = ['config', 'history'];

/** /agentes/:id: an agent's configuration (admins edit, members read) and its history. */
export function AgentPage() {
  const { t } = useTranslation();
  const { agentId = '' } = useParams();
  const session = useSession();
  const query = useQuery(agentQueryOptions(agentId));
  const queryClient = useQueryClient();
  const canEdit = session ? atLeast(session.role, 'admin') : false;
  const [tab, setTab] = useState<Tab>('config');
  // While the editor has unsaved changes, it keeps the version it loaded
  // (a save then goes over that version, and a newer one is a conflict);
  // otherwise it follows the agent as the server has it.
  const [pinned, setPinned] = useState<Agent | null>(null);
  const [dirty, setDirty] = useState(false);
  const shown = pinned ?? query.data;
  const onDirtyChange = useCallback(
    (isDirty: boolean) => {
      setDirty(isDirty);
      setPinned((current) => (isDirty ? (current ?? shown ?? null) : null));
    },
    [shown],
  );
  const reload = useCallback(() => {
    setPinned(null);
    void queryClient.invalidateQueries({ queryKey: agentQueryOptions(agentId).queryKey });
  }, [agentId, queryClient]);

  const back = (
    <Link to={paths.agents} className="mb-4 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeftIcon className="size-4" aria-hidden="true" />
      {t('agents.back')}
    </Link>
  );

  if (query.isPending) {
    return (
      <div role="status" className="grid gap-4">
        <span className="sr-only">{t('agents.loading')}</span>
        <Skeleton className="h-10 w-64" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (query.isError || !shown) {
    if (query.error instanceof ApiError && query.error.code === 'not_found') {
      return (
        <>
          {back}
          <PageHeader title={t('agents.notFoundTitle')} description={t('agents.notFoundBody')} />
        </>
      );
    }
    return (
      <>
        {back}
        <LoadError
          title={t('agents.loadFailed')}
          message={explainError(query.error, t)}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      </>
    );
  }
  const agent = query.data ?? shown;

  return (
    <>
      {back}
      <PageHeader
        title={agent.name}
        description={canEdit ? t('sections.agents.description') : t('agents.readOnly')}
        documentTitle={`${agent.name} — ${t('sections.agents.title')}`}
      />
      <div className="-mt-3 mb-6 flex flex-wrap items-center gap-2 md:-mt-5">
        <Badge variant={agent.enabled ? 'success' : 'muted'}>{agent.enabled ? t('agents.on') : t('agents.off')}</Badge>
        <Badge variant="outline">{t('agents.version', { version: agent.version })}</Badge>
        {canEdit && (
          <Button asChild size="sm" className="ml-auto">
            <Link to={playgroundPath(agent.id)}>
              <MessageSquareTextIcon aria-hidden="true" />
              {t('playground.open')}
            </Link>
          </Button>
        )}
      </div>
      <ProviderNotice provider={agent.provider} canConfigure={canEdit} />
      <div role="tablist" aria-label={t('agents.tabs.label')} className="mb-6 flex gap-1 border-b">
        {tabs.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`agent-tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`agent-panel-${key}`}
            onClick={() => setTab(key)}
            className={cn(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring',
              tab === key ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
          >
            {t(`agents.tabs.${key}`)}
          </button>
        ))}
      </div>
      {/* The editor stays mounted on the history tab: its unsaved changes wait there. */}
      <div role="tabpanel" id="agent-panel-config" aria-labelledby="agent-tab-config" hidden={tab !== 'config'}>
        <AgentEditor key={`${shown.id}:${shown.version}`} agent={shown} editable={canEdit} onDirtyChange={onDirtyChange} onReload={reload} />
        {canEdit && <DeleteAgent agent={agent} />}
      </div>
      <div role="tabpanel" id="agent-panel-history" aria-labelledby="agent-tab-history" hidden={tab !== 'history'}>
        {tab === 'history' && (
          <AgentHistory agent={agent} editable={canEdit} dirty={dirty} onRestored={() => setPinned(null)} />
        )}
      </div>
    </>
  );
}

/** Nothing can answer for the agent (no provider with a key): said above the configuration. */
function ProviderNotice({ provider, canConfigure }: { provider: string; canConfigure: boolean }) {
  const availability = useProviderAvailability(provider);
  return availability === 'missing' ? <NoProviderNotice canConfigure={canConfigure} className="mb-6" /> : null;
}

function DeleteAgent({ agent }: { agent: Agent }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteAgent();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mt-6">
      <Button
        variant="outline"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
      >
        {t('agents.delete.open')}
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t('agents.delete.title', { name: agent.name })}
        description={t('agents.delete.body')}
        confirmLabel={t('agents.delete.confirm')}
        pending={remove.isPending}
        error={remove.error ? { title: t('agents.delete.failed'), message: explainError(remove.error, t) } : null}
        onConfirm={() =>
          remove.mutate(agent.id, {
            onSuccess: () => {
              toast({ title: t('agents.delete.done', { name: agent.name }) });
              setConfirming(false);
              void navigate(paths.agents);
            },
          })
        }
      />
    </div>
  );
}
