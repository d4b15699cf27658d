import { useQuery } from '@tanstack/react-query';
import { InboxIcon, RefreshCwIcon } from 'lucide-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { useLanguageStore } from '@/i18n/language-store';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { devOutboxQueryOptions, type KeptMail } from '../api/outbox';

/** The kept mail, newest first. */
export function OutboxList() {
  const { t } = useTranslation();
  const { data, error, isPending, isError, isFetching, refetch } = useQuery(devOutboxQueryOptions);

  const refresh = (
    <Button variant="outline" size="sm" disabled={isFetching} onClick={() => void refetch()}>
      <RefreshCwIcon className={isFetching ? 'animate-spin' : undefined} aria-hidden="true" />
      {t('auth.devOutbox.refresh')}
    </Button>
  );

  if (isPending) {
    return (
      <div role="status" className="grid gap-3">
        <span className="sr-only">{t('app.loading')}</span>
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (isError) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <Alert variant="destructive">
        <AlertTitle>{missing ? t('auth.devOutbox.unavailableTitle') : t('auth.devOutbox.failed')}</AlertTitle>
        <AlertDescription>{missing ? t('auth.devOutbox.unavailableBody') : describeError(error, t)}</AlertDescription>
        {!missing && <div className="mt-2">{refresh}</div>}
      </Alert>
    );
  }
  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{t('auth.devOutbox.count', { count: data.length })}</p>
        {refresh}
      </div>
      {data.length === 0 ? (
        <EmptyState icon={InboxIcon} title={t('auth.devOutbox.emptyTitle')}>
          <p>{t('auth.devOutbox.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ol className="grid gap-4">
          {data.map((mail) => (
            <li key={mail.id}>
              <MailCard mail={mail} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function MailCard({ mail }: { mail: KeptMail }) {
  const { t } = useTranslation();
  const locale = useLanguageStore((state) => state.language);
  return (
    <article aria-labelledby={`mail-${mail.id}`} className="rounded-xl border bg-card shadow-sm">
      <header className="grid gap-1 border-b p-4">
        <h2 id={`mail-${mail.id}`} className="font-semibold break-words">
          {mail.subject}
        </h2>
        <p className="text-sm text-muted-foreground break-all">
          {t('auth.devOutbox.to')} {mail.to}
        </p>
        <p className="text-xs text-muted-foreground">
          <time dateTime={mail.created_at} title={formatDateTime(mail.created_at, { locale })}>
            {formatRelativeTime(mail.created_at, { locale })}
          </time>
        </p>
      </header>
      <div className="p-4 text-sm leading-6 break-words whitespace-pre-wrap">
        <LinkifiedText text={mail.text} />
      </div>
    </article>
  );
}

/** http(s) addresses in a text; the rest stays text (never HTML). */
const urlPattern = /https?:\/\/[^\s<>"']+/g;

/** Renders plain text with its web addresses as links (trailing punctuation left out of them). */
function LinkifiedText({ text }: { text: string }) {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return (
    <>
      {parts.map((part, i) =>
        part.href ? (
          <a
            key={i}
            href={part.href}
            className="font-medium break-all text-primary underline underline-offset-4"
          >
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
