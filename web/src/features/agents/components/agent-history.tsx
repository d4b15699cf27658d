import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { LoaderCircleIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { knowledgeBasesQueryOptions } from '@/features/knowledge/api/knowledge';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDateTime } from '@/lib/format';
import { type Agent, type AgentVersion, agentDiffQueryOptions, agentVersionsQueryOptions, useRollbackAgent } from '../api/agents';
import { changedSections, describeValue, pathLabel } from '../describe';

interface AgentHistoryProps {
  agent: Agent;
  /** Admins restore versions. */
  editable: boolean;
  /** Whether the editor has unsaved changes (a restore drops them). */
  dirty: boolean;
  onRestored: (agent: Agent) => void;
}

/**
 * "Histórico": the agent's versions, newest first — who saved, when, what
 * changed. Two checked versions show their diff; an earlier version can be
 * restored, as a new version.
 */
export function AgentHistory({ agent, editable, dirty, onRestored }: AgentHistoryProps) {
  const { t } = useTranslation();
  const versions = useInfiniteQuery(agentVersionsQueryOptions(agent.id));
  const [selected, setSelected] = useState<number[]>([]);
  const [restoring, setRestoring] = useState<number | null>(null);
  const rollback = useRollbackAgent(agent.id);
  const items = versions.data?.pages.flatMap((page) => page.items ?? []) ?? [];

  function toggle(version: number) {
    setSelected((current) =>
      current.includes(version) ? current.filter((v) => v !== version) : [...current, version].slice(-2),
    );
  }

  let list;
  if (versions.data) {
    list = (
      <div className="grid gap-4">
        <ol className="grid gap-2" aria-label={t('agents.history.listLabel')}>
          {items.map((version) => (
            <VersionItem
              key={version.version}
              version={version}
              current={version.version === agent.version}
              checked={selected.includes(version.version)}
              editable={editable}
              onToggle={() => toggle(version.version)}
              onShowChanges={() => setSelected([version.version - 1, version.version])}
              onRestore={() => {
                rollback.reset();
                setRestoring(version.version);
              }}
            />
          ))}
        </ol>
        {versions.isFetchNextPageError && <ErrorAlert title={t('agents.history.moreFailed')} message={explainError(versions.error, t)} />}
        {versions.hasNextPage && (
          <Button
            variant="outline"
            className="justify-self-center"
            onClick={() => void versions.fetchNextPage()}
            disabled={versions.isFetchingNextPage}
          >
            {versions.isFetchingNextPage && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
            {t('agents.history.loadMore')}
          </Button>
        )}
      </div>
    );
  } else if (versions.isError) {
    list = (
      <LoadError
        title={t('agents.history.loadFailed')}
        message={explainError(versions.error, t)}
        onRetry={() => void versions.refetch()}
        retrying={versions.isFetching}
      />
    );
  } else {
    list = (
      <div role="status" className="grid gap-2">
        <span className="sr-only">{t('agents.history.loading')}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-16 w-full" />
        ))}
      </div>
    );
  }

  const [from, to] = [...selected].sort((a, b) => a - b);
  const next = agent.version + 1;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section aria-labelledby="agent-history-title" className="grid content-start gap-4">
        <div>
          <h2 id="agent-history-title" className="text-lg font-semibold">
            {t('agents.history.title')}
          </h2>
          <p className="mt-1 max-w-prose text-sm text-muted-foreground">{t('agents.history.description')}</p>
        </div>
        {list}
      </section>
      <section className="grid content-start gap-4">
        {from !== undefined && to !== undefined ? (
          <VersionDiff agentId={agent.id} from={from} to={to} onClear={() => setSelected([])} />
        ) : (
          <p className="rounded-xl border border-dashed p-6 text-sm text-muted-foreground">{t('agents.history.compareHint')}</p>
        )}
      </section>
      <ConfirmDialog
        open={restoring !== null}
        onOpenChange={(open) => !open && setRestoring(null)}
        title={t('agents.restore.title', { version: restoring ?? 0 })}
        description={
          <>
            {t('agents.restore.body', { version: restoring ?? 0, next })}
            {dirty && <strong className="mt-2 block">{t('agents.restore.unsaved')}</strong>}
          </>
        }
        confirmLabel={t('agents.restore.confirm')}
        pending={rollback.isPending}
        error={rollback.error ? { title: t('agents.restore.failed'), message: explainError(rollback.error, t) } : null}
        onConfirm={() => {
          if (restoring === null) return;
          rollback.mutate(
            { version: restoring, expected_version: agent.version },
            {
              onSuccess: (restored) => {
                toast({ title: t('agents.restore.done', { version: restoring, next: restored.version }) });
                setRestoring(null);
                setSelected([]);
                onRestored(restored);
              },
            },
          );
        }}
      />
    </div>
  );
}

interface VersionItemProps {
  version: AgentVersion;
  current: boolean;
  checked: boolean;
  editable: boolean;
  onToggle: () => void;
  onShowChanges: () => void;
  onRestore: () => void;
}

function VersionItem({ version, current, checked, editable, onToggle, onShowChanges, onRestore }: VersionItemProps) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const title = t('agents.history.version', { version: version.version });
  let summary;
  if (version.rollback_of !== null) {
    summary = t('agents.history.restored', { version: version.rollback_of });
  } else if (version.version === 1 || version.changed.length === 0) {
    summary = t('agents.history.created');
  } else {
    summary = t('agents.history.changed', { sections: changedSections(version.changed, t) });
  }
  return (
    <li aria-label={title} className="grid gap-2 rounded-xl border bg-card p-4 sm:grid-cols-[auto_1fr_auto] sm:items-start">
      <input
        type="checkbox"
        className="mt-1 size-4 accent-primary"
        checked={checked}
        onChange={onToggle}
        aria-label={t('agents.history.compare', { version: version.version })}
      />
      <div className="grid gap-0.5">
        <div className="flex items-center gap-2">
          <span className="font-medium">{title}</span>
          {current && <Badge>{t('agents.history.current')}</Badge>}
        </div>
        <p className="text-sm">{summary}</p>
        <p className="text-xs text-muted-foreground">
          {t('agents.history.by', {
            name: version.author_name || t('agents.history.unknownAuthor'),
            date: formatDateTime(version.created_at, { locale: language }),
          })}
        </p>
      </div>
      <div className="flex flex-wrap gap-2 sm:justify-end">
        {version.version > 1 && (
          <Button variant="ghost" size="sm" onClick={onShowChanges}>
            {t('agents.history.showChanges')}
          </Button>
        )}
        {editable && !current && (
          <Button variant="outline" size="sm" onClick={onRestore}>
            {t('agents.history.restore')}
          </Button>
        )}
      </div>
    </li>
  );
}

/** What changes from one version to another, field by field, before and after. */
function VersionDiff({ agentId, from, to, onClear }: { agentId: string; from: number; to: number; onClear: () => void }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const diff = useQuery(agentDiffQueryOptions(agentId, from, to));
  const bases = useQuery(knowledgeBasesQueryOptions);
  const ctx = { t, locale: language, baseNames: new Map((bases.data ?? []).map((b) => [b.id, b.name])) };
  const label = t('agents.history.diffLabel', { from, to });

  let body;
  if (diff.isPending) {
    body = <Skeleton className="h-24 w-full" />;
  } else if (diff.isError) {
    body = <ErrorAlert title={t('agents.history.diffFailed')} message={explainError(diff.error, t)} />;
  } else if (diff.data.changes.length === 0) {
    body = <p className="text-sm text-muted-foreground">{t('agents.history.diffEmpty')}</p>;
  } else {
    body = (
      <ul className="grid gap-3" aria-label={label}>
        {diff.data.changes.map((change) => (
          <li key={change.path} className="grid gap-2 rounded-lg border p-3">
            <span className="text-sm font-medium">{pathLabel(change.path, t)}</span>
            <dl className="grid gap-2 text-sm sm:grid-cols-2">
              <div className="grid content-start gap-1 rounded-md bg-destructive/5 p-2">
                <dt className="text-xs font-medium text-muted-foreground">{t('agents.history.before')}</dt>
                <dd className="break-words whitespace-pre-wrap">{describeValue(change.path, change.before, 'before', ctx)}</dd>
              </div>
              <div className="grid content-start gap-1 rounded-md bg-emerald-500/10 p-2">
                <dt className="text-xs font-medium text-muted-foreground">{t('agents.history.after')}</dt>
                <dd className="break-words whitespace-pre-wrap">{describeValue(change.path, change.after, 'after', ctx)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="grid gap-3 rounded-xl border bg-card p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-semibold">{t('agents.history.diffTitle', { from, to })}</h3>
        <Button variant="ghost" size="sm" onClick={onClear}>
          {t('agents.history.clearSelection')}
        </Button>
      </div>
      {body}
    </div>
  );
}
