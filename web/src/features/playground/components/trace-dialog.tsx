import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatMicroReais, formatNumber } from '@/lib/format';
import { type Trace, traceQueryOptions } from '../api/playground';
import { JsonBlock } from './json-block';
import { toolLabel } from './tool-label';

/** "Por que a IA respondeu isso?": the trace of a reply, loaded when the dialog opens. */
export function TraceDialog({ traceId, onOpenChange }: { traceId: string | null; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={traceId !== null} onOpenChange={onOpenChange}>
      <DialogContent closeLabel={t('playground.trace.close')} className="max-h-[90vh] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{t('playground.trace.title')}</DialogTitle>
          <DialogDescription>{t('playground.trace.description')}</DialogDescription>
        </DialogHeader>
        {traceId && <TraceBody id={traceId} />}
      </DialogContent>
    </Dialog>
  );
}

function TraceBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const trace = useQuery(traceQueryOptions(id));
  if (trace.isPending) {
    return (
      <div role="status" className="grid gap-2">
        <span className="sr-only">{t('playground.trace.loading')}</span>
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-5 w-1/2" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (trace.isError) {
    return <ErrorAlert title={t('playground.trace.loadFailed')} message={explainError(trace.error, t)} />;
  }
  return <TraceDetails trace={trace.data} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function TraceDetails({ trace }: { trace: Trace }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const { detail } = trace;
  const outcome = detail.outcome;
  const outcomeLabel =
    outcome === 'reply' || outcome === 'out_of_hours' || outcome === 'handoff'
      ? t(`playground.trace.outcomes.${outcome}`)
      : outcome || t('playground.trace.outcomes.none');
  const toolCalls = detail.tool_calls ?? [];
  const passages = detail.passages ?? [];
  const cost = Number.isSafeInteger(trace.cost_micro_brl) ? formatMicroReais(trace.cost_micro_brl, language) : '—';
  return (
    <div className="grid gap-5">
      <dl className="divide-y">
        <Row label={t('playground.trace.outcome')}>{outcomeLabel}</Row>
        <Row label={t('playground.trace.model')}>
          {detail.model || detail.provider ? t('playground.trace.modelValue', { model: detail.model || '—', provider: detail.provider || '—' }) : '—'}
        </Row>
        <Row label={t('playground.trace.agentVersion')}>{t('agents.version', { version: trace.agent_version })}</Row>
        <Row label={t('playground.trace.latency')}>
          {t('playground.trace.latencyValue', {
            seconds: formatNumber(trace.latency_ms / 1000, language, { maximumFractionDigits: 2 }),
          })}
        </Row>
        <Row label={t('playground.trace.tokens')}>
          {t('playground.trace.tokensValue', {
            input: formatNumber(trace.input_tokens, language),
            output: formatNumber(trace.output_tokens, language),
          })}
        </Row>
        <Row label={t('playground.trace.cost')}>{cost}</Row>
        {trace.error && (
          <Row label={t('playground.trace.error')}>
            <span className="text-destructive">{trace.error}</span>
          </Row>
        )}
      </dl>

      <section aria-label={t('playground.trace.toolCalls')} className="grid gap-2">
        <h3 className="text-sm font-semibold">{t('playground.trace.toolCalls')}</h3>
        {toolCalls.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('playground.trace.noToolCalls')}</p>
        ) : (
          <ol className="grid gap-3">
            {toolCalls.map((call, index) => (
              <li key={index} className="grid gap-1.5 rounded-md border p-3">
                <p className="flex flex-wrap items-baseline gap-2 text-sm font-medium">
                  <span>{toolLabel(call.name, t)}</span>
                  <code className="text-xs font-normal text-muted-foreground">{call.name}</code>
                </p>
                {call.error && <p className="text-sm text-destructive">{t('playground.steps.failed', { error: call.error })}</p>}
                <JsonBlock label={t('playground.steps.args')} value={call.args} open />
                <JsonBlock label={t('playground.steps.result')} value={call.result} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-label={t('playground.trace.passages')} className="grid gap-2">
        <h3 className="text-sm font-semibold">{t('playground.trace.passages')}</h3>
        {passages.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('playground.trace.noPassages')}</p>
        ) : (
          <ul className="grid gap-1 text-sm">
            {passages.map((passage) => (
              <li key={passage.chunk_id} className="flex flex-wrap justify-between gap-2">
                <code className="text-xs">{t('playground.trace.chunk', { id: passage.chunk_id })}</code>
                <span className="text-muted-foreground">
                  {t('playground.trace.score', { score: formatNumber(passage.score, language, { maximumFractionDigits: 3 }) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
