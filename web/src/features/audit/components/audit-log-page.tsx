import { useInfiniteQuery } from '@tanstack/react-query';
import { LoaderCircleIcon, ShieldCheckIcon } from 'lucide-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { LoadError } from '@/features/organizations/components/load-error';
import { useLanguageStore } from '@/i18n/language-store';
import { describeError } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';
import { auditActionKey, auditDetailKey } from '../actions';
import { type AuditEvent, auditEventsQueryOptions } from '../api/audit-events';

/**
 * /configuracoes/registro (owners): the organization's security log, newest
 * first — sign-ups, sign-ins and failed ones, sessions ended — a page at a
 * time.
 */
export function AuditLogPage() {
  const { t } = useTranslation();
  const events = useInfiniteQuery(auditEventsQueryOptions);
  const items = events.data?.pages.flatMap((page) => page.items ?? []) ?? [];

  let body;
  if (events.data && items.length === 0) {
    body = (
      <EmptyState icon={ShieldCheckIcon} title={t('audit.emptyTitle')}>
        <p>{t('audit.emptyBody')}</p>
      </EmptyState>
    );
  } else if (events.data) {
    body = (
      <div className="grid grid-cols-1 gap-4">
        <div className="rounded-xl border bg-card">
          <Table aria-label={t('audit.tableLabel')}>
            <thead>
              <TableRow className="hover:bg-transparent">
                <TableHead>{t('audit.columns.when')}</TableHead>
                <TableHead>{t('audit.columns.action')}</TableHead>
                <TableHead>{t('audit.columns.who')}</TableHead>
                <TableHead className="hidden md:table-cell">{t('audit.columns.ip')}</TableHead>
                <TableHead className="hidden lg:table-cell">{t('audit.columns.device')}</TableHead>
              </TableRow>
            </thead>
            <TableBody>
              {items.map((event) => (
                <EventRow key={event.id} event={event} />
              ))}
            </TableBody>
          </Table>
        </div>
        {events.isFetchNextPageError && (
          <ErrorAlert title={t('audit.moreFailed')} message={describeError(events.error, t)} />
        )}
        {events.hasNextPage && (
          <Button
            variant="outline"
            className="justify-self-center"
            onClick={() => void events.fetchNextPage()}
            disabled={events.isFetchingNextPage}
          >
            {events.isFetchingNextPage && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
            {t('audit.loadMore')}
          </Button>
        )}
      </div>
    );
  } else if (events.isError) {
    body = (
      <LoadError
        title={t('audit.loadFailed')}
        message={describeError(events.error, t)}
        onRetry={() => void events.refetch()}
        retrying={events.isFetching}
      />
    );
  } else {
    body = (
      <div role="status" className="grid gap-3">
        <span className="sr-only">{t('audit.loading')}</span>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    );
  }

  return (
    <div className="grid grid-cols-1 gap-4">
      <div>
        <h2 className="text-lg font-semibold">{t('audit.title')}</h2>
        <p className="mt-1 max-w-prose text-sm text-muted-foreground">{t('audit.description')}</p>
      </div>
      {body}
    </div>
  );
}

function EventRow({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const key = auditActionKey(event.action);
  const details = describeDetails(event.details, t);
  return (
    <TableRow>
      <TableCell className="whitespace-nowrap">
        <time dateTime={event.created_at}>{formatDateTime(event.created_at, { locale: language })}</time>
      </TableCell>
      <TableCell className="min-w-40">
        <div className={key === 'loginFailed' || key === 'tokenReused' ? 'font-medium text-destructive' : 'font-medium'}>
          {key ? t(`audit.actions.${key}`) : event.action}
        </div>
        {details && <div className="text-xs text-muted-foreground">{details}</div>}
      </TableCell>
      <TableCell className="max-w-64">
        {event.user_name || event.user_email ? (
          <>
            <div className="truncate">{event.user_name}</div>
            <div className="truncate text-xs text-muted-foreground">{event.user_email}</div>
          </>
        ) : (
          <span className="text-muted-foreground">{t('audit.unknownUser')}</span>
        )}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">{event.ip || '—'}</TableCell>
      <TableCell className="hidden max-w-72 text-muted-foreground lg:table-cell">
        <div className="truncate" title={event.user_agent}>
          {event.user_agent || '—'}
        </div>
      </TableCell>
    </TableRow>
  );
}

/** An event's details in words, e.g. "pelo Google"; unknown ones as "key: value". */
function describeDetails(details: AuditEvent['details'], t: TFunction): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(([name, value]) => name !== 'session_id' && value !== '')
    .map(([name, value]) => {
      const words = auditDetailKey(name, value);
      return words ? t(`audit.details.${words}`) : `${name}: ${value}`;
    })
    .join(' · ');
}
