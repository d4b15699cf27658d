import { useQuery } from '@tanstack/react-query';
import { BarChart3Icon, InfoIcon } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BarChart, type BarDatum, niceCeiling } from '@/components/ui/bar-chart';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import { agentPath } from '@/features/agents/paths';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDay, formatMicroReais, formatNumber } from '@/lib/format';
import { type Usage, type UsagePeriod, usagePeriods, usageQueryOptions } from '../api/usage';

/**
 * /configuracoes/uso (owners): what the organization's AI calls cost — per
 * day over the chosen period (a chart, and the same numbers as a table), in
 * total, and per agent.
 */
export function UsagePage() {
  const { t } = useTranslation();
  const [days, setDays] = useState<UsagePeriod>(30);
  const usage = useQuery(usageQueryOptions(days));
  const periodId = useId();

  let body;
  if (usage.data) {
    body = <UsageReport usage={usage.data} updating={usage.isPlaceholderData} />;
  } else if (usage.isError) {
    body = (
      <LoadError
        title={t('usage.loadFailed')}
        message={explainError(usage.error, t)}
        onRetry={() => void usage.refetch()}
        retrying={usage.isFetching}
      />
    );
  } else {
    body = (
      <div role="status" className="grid gap-4">
        <span className="sr-only">{t('usage.loading')}</span>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-24 w-full" />
          ))}
        </div>
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 className="text-lg font-semibold">{t('usage.title')}</h2>
          <p className="mt-1 max-w-prose text-sm text-muted-foreground">{t('usage.description')}</p>
        </div>
        <div className="grid gap-2 sm:w-48">
          <Label htmlFor={periodId}>{t('usage.period')}</Label>
          <NativeSelect id={periodId} value={days} onChange={(event) => setDays(Number(event.target.value) as UsagePeriod)}>
            {usagePeriods.map((period) => (
              <option key={period} value={period}>
                {t('usage.lastDays', { count: period })}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      {body}
    </div>
  );
}

function UsageReport({ usage, updating }: { usage: Usage; updating: boolean }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const { total } = usage;
  const number = (value: number) => formatNumber(value, language);
  const cost = (micro: number) => formatMicroReais(micro, language);
  const totalCost = (micro: number) => formatMicroReais(micro, language, { precision: 'total' });

  const totals = [
    { key: 'calls', label: t('usage.totals.calls'), value: number(total.calls) },
    { key: 'input', label: t('usage.totals.inputTokens'), value: number(total.input_tokens) },
    { key: 'output', label: t('usage.totals.outputTokens'), value: number(total.output_tokens) },
    { key: 'cost', label: t('usage.totals.cost'), value: totalCost(total.cost_micro_brl) },
  ];

  return (
    <div aria-busy={updating} className={updating ? 'grid gap-6 opacity-60 transition-opacity' : 'grid gap-6 transition-opacity'}>
      <p className="text-sm text-muted-foreground">
        {t('usage.range', {
          from: formatDay(usage.from, language),
          to: formatDay(usage.to, language),
          zone: usage.time_zone,
        })}
      </p>
      <dl aria-label={t('usage.totals.label')} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {totals.map((item) => (
          <div key={item.key} className="rounded-xl border bg-card p-4 shadow-sm">
            <dt className="text-sm text-muted-foreground">{item.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{item.value}</dd>
          </div>
        ))}
      </dl>
      {total.unpriced_calls > 0 && (
        <p className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <InfoIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          {t('usage.unpriced', { count: total.unpriced_calls, formatted: number(total.unpriced_calls) })}
        </p>
      )}
      {total.calls === 0 ? (
        <EmptyState icon={BarChart3Icon} title={t('usage.emptyTitle')}>
          <p>{t('usage.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          <CostPerDay usage={usage} />
          <PerAgent usage={usage} cost={cost} number={number} />
        </>
      )}
    </div>
  );
}

function CostPerDay({ usage }: { usage: Usage }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const titleId = useId();
  const data: BarDatum[] = usage.by_day.map((day) => ({
    key: day.day,
    label: formatDay(day.day, language),
    shortLabel: formatDay(day.day, language, { short: true }),
    value: day.cost_micro_brl,
    valueLabel: formatMicroReais(day.cost_micro_brl, language),
    detail: t('usage.calls', { count: day.calls, formatted: formatNumber(day.calls, language) }),
  }));
  const topCost = niceCeiling(Math.max(0, ...usage.by_day.map((day) => day.cost_micro_brl)));
  const highest = usage.by_day.reduce<Usage['by_day'][number] | null>(
    (best, day) => (day.cost_micro_brl > (best?.cost_micro_brl ?? 0) ? day : best),
    null,
  );
  const description = highest
    ? t('usage.chart.summary', {
        total: formatMicroReais(usage.total.cost_micro_brl, language, { precision: 'total' }),
        day: formatDay(highest.day, language),
        cost: formatMicroReais(highest.cost_micro_brl, language),
      })
    : t('usage.chart.noCost');

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader>
        <CardTitle id={titleId}>{t('usage.chart.title')}</CardTitle>
        <CardDescription>{t('usage.chart.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 pt-8 sm:pt-10">
        <BarChart
          label={t('usage.chart.title')}
          description={description}
          keyboardHint={t('usage.chart.keyboardHint')}
          data={data}
          // Every label of the axis with the same decimals: centavos, unless the top is under R$ 0,10.
          formatTick={(value) => formatMicroReais(Math.round(value), language, { decimals: topCost >= 100_000 ? 2 : 4 })}
        />
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-primary underline-offset-4 hover:underline">
            {t('usage.chart.asTable')}
          </summary>
          <Table aria-label={t('usage.days.label')} className="mt-3">
            <thead>
              <TableRow className="hover:bg-transparent">
                <TableHead>{t('usage.columns.day')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.calls')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.inputTokens')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.outputTokens')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.cost')}</TableHead>
              </TableRow>
            </thead>
            <TableBody>
              {usage.by_day.map((day) => (
                <TableRow key={day.day}>
                  <TableCell className="whitespace-nowrap">{formatDay(day.day, language)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(day.calls, language)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(day.input_tokens, language)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(day.output_tokens, language)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMicroReais(day.cost_micro_brl, language)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </details>
      </CardContent>
    </Card>
  );
}

function PerAgent({ usage, cost, number }: { usage: Usage; cost: (micro: number) => string; number: (value: number) => string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const agents = [...usage.by_agent].sort((a, b) => b.cost_micro_brl - a.cost_micro_brl || b.calls - a.calls);
  return (
    <Card aria-labelledby={titleId}>
      <CardHeader>
        <CardTitle id={titleId}>{t('usage.agents.title')}</CardTitle>
        <CardDescription>{t('usage.agents.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        {agents.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('usage.agents.empty')}</p>
        ) : (
          <Table aria-label={t('usage.agents.label')}>
            <thead>
              <TableRow className="hover:bg-transparent">
                <TableHead>{t('usage.columns.agent')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.calls')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.inputTokens')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.outputTokens')}</TableHead>
                <TableHead className="text-right">{t('usage.columns.cost')}</TableHead>
              </TableRow>
            </thead>
            <TableBody>
              {agents.map((agent) => (
                <TableRow key={agent.agent_id ?? `none:${agent.agent_name}`}>
                  <TableCell className="max-w-64">
                    {agent.agent_id ? (
                      <Link to={agentPath(agent.agent_id)} className="block truncate font-medium hover:underline">
                        {agent.agent_name || t('usage.agents.unnamed')}
                      </Link>
                    ) : (
                      <span className="block truncate text-muted-foreground">{agent.agent_name || t('usage.agents.none')}</span>
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{number(agent.calls)}</TableCell>
                  <TableCell className="text-right tabular-nums">{number(agent.input_tokens)}</TableCell>
                  <TableCell className="text-right tabular-nums">{number(agent.output_tokens)}</TableCell>
                  <TableCell className="text-right tabular-nums">{cost(agent.cost_micro_brl)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
