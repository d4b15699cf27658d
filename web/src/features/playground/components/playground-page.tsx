import { useQuery } from '@tanstack/react-query';
import { ArrowLeftIcon, RotateCcwIcon, UserRoundIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { type Agent, agentQueryOptions } from '@/features/agents/api/agents';
import { agentPath } from '@/features/agents/paths';
import { useSession } from '@/features/auth/api/session';
import { useProviderAvailability } from '@/features/llm/api/availability';
import { NoProviderNotice } from '@/features/llm/components/no-provider-notice';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { atLeast } from '@/features/organizations/roles';
import { ApiError } from '@/lib/api';
import { usePlayground } from '../hooks/use-playground';
import { ChatPanel } from './chat-panel';
import { LeadPanel } from './lead-panel';
import { StepsPanel } from './steps-panel';
import { TraceDialog } from './trace-dialog';

/** /agentes/:id/testar: "Testar agente", a chat with the agent as a lead would have it (admins). */
export function PlaygroundPage() {
  const { t } = useTranslation();
  const { agentId = '' } = useParams();
  const session = useSession();
  const agent = useQuery(agentQueryOptions(agentId));
  const isAdmin = session ? atLeast(session.role, 'admin') : false;

  const back = (
    <Link
      to={agentPath(agentId)}
      className="mb-4 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeftIcon className="size-4" aria-hidden="true" />
      {agent.data?.name ?? t('playground.back')}
    </Link>
  );

  if (agent.isPending) {
    return (
      <div role="status" className="grid gap-4">
        <span className="sr-only">{t('agents.loading')}</span>
        <Skeleton className="h-10 w-64" />
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <Skeleton className="h-[70vh] w-full" />
          <Skeleton className="h-80 w-full" />
        </div>
      </div>
    );
  }
  if (agent.isError) {
    if (agent.error instanceof ApiError && agent.error.code === 'not_found') {
      return <PageHeader title={t('agents.notFoundTitle')} description={t('agents.notFoundBody')} />;
    }
    return (
      <>
        {back}
        <LoadError
          title={t('agents.loadFailed')}
          message={explainError(agent.error, t)}
          onRetry={() => void agent.refetch()}
          retrying={agent.isFetching}
        />
      </>
    );
  }
  if (!isAdmin) {
    return (
      <>
        {back}
        <PageHeader title={t('playground.adminsOnly.title')} description={t('playground.adminsOnly.body')} />
      </>
    );
  }
  return (
    <>
      {back}
      <Playground agent={agent.data} />
    </>
  );
}

function Playground({ agent }: { agent: Agent }) {
  const { t } = useTranslation();
  const playground = usePlayground(agent.id);
  const availability = useProviderAvailability(agent.provider);
  const [confirming, setConfirming] = useState(false);
  const [resetError, setResetError] = useState<unknown>(null);
  const [traceId, setTraceId] = useState<string | null>(null);
  const { conversationId, conversation, messages, reply, status } = playground;

  const loading = conversationId !== '' && (conversation.isPending || messages.isPending);
  const loadError =
    conversationId !== '' && (messages.isError || (conversation.isError && !(conversation.error instanceof ApiError && conversation.error.code === 'not_found')))
      ? t('playground.chat.messagesFailed')
      : null;
  const stopped = status === 'closed' || status === 'waiting_human';
  const noProvider = availability === 'missing';

  const restart = () => {
    setResetError(null);
    playground.restart().then(
      () => setConfirming(false),
      (err: unknown) => setResetError(err),
    );
  };

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title={t('playground.title')}
          description={t('playground.description', { name: agent.name })}
          documentTitle={t('playground.documentTitle', { name: agent.name })}
        />
        <Button
          variant="outline"
          onClick={() => {
            setResetError(null);
            setConfirming(true);
          }}
          disabled={conversationId === '' || reply.streaming}
        >
          <RotateCcwIcon aria-hidden="true" />
          {t('playground.reset.open')}
        </Button>
      </div>
      {noProvider && <NoProviderNotice canConfigure className="mb-4" />}
      {stopped && status && (
        <div role="status" className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="flex items-start gap-2">
            <UserRoundIcon className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
            {t(`playground.banner.${status}`)}
          </p>
          <Button size="sm" variant="outline" onClick={() => setConfirming(true)} disabled={reply.streaming}>
            {t('playground.reset.open')}
          </Button>
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <ChatPanel
          messages={playground.shown}
          reply={reply}
          loading={loading}
          loadError={loadError}
          onRetry={() => {
            void conversation.refetch();
            void messages.refetch();
          }}
          hasOlder={messages.hasNextPage}
          loadingOlder={messages.isFetchingNextPage}
          onLoadOlder={() => void messages.fetchNextPage()}
          composerDisabled={noProvider || stopped || loading || playground.starting}
          onSend={(text) => void playground.send(text)}
          traceOf={playground.traceOf}
          onWhy={setTraceId}
        />
        <aside className="grid gap-4">
          <LeadPanel fields={agent.qualification_fields ?? []} values={playground.fields} status={status} />
          <StepsPanel steps={reply.steps} />
        </aside>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t('playground.reset.title')}
        description={t('playground.reset.body')}
        confirmLabel={t('playground.reset.confirm')}
        pending={playground.starting}
        error={resetError ? { title: t('playground.reset.failed'), message: explainError(resetError, t) } : null}
        onConfirm={restart}
      />
      <TraceDialog traceId={traceId} onOpenChange={(open) => !open && setTraceId(null)} />
    </>
  );
}
