import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { InboxIcon, SearchIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Skeleton } from '@/components/ui/skeleton';
import { agentsQueryOptions } from '@/features/agents/api/agents';
import { channelsQueryOptions } from '@/features/channels/api/channels';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { cn } from '@/lib/utils';
import { type ConversationSummary, conversationsQueryOptions, inboxViews, testsChannel } from '../api/inbox';
import { useInboxFilters } from '../filters-store';
import { handoffReason } from '../window';
import { MessageStatusTick } from './message-status';

const searchDelayMs = 300;

/** The left column: the tabs, filters, search and the conversations by last activity. */
export function ConversationList({ selectedId }: { selectedId: string | undefined }) {
  const { t } = useTranslation();
  const { filters, set } = useInboxFilters();
  const list = useInfiniteQuery(conversationsQueryOptions(filters));
  const items = list.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  const filtered = filters.agentId !== '' || filters.channelId !== '' || filters.label !== '' || filters.q !== '';

  let body;
  if (list.isPending) {
    body = (
      <div role="status" className="grid gap-2 p-3">
        <span className="sr-only">{t('inbox.list.loading')}</span>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-16 w-full" />
        ))}
      </div>
    );
  } else if (list.isError) {
    body = (
      <div className="p-3">
        <LoadError
          title={t('inbox.list.loadFailed')}
          message={explainError(list.error, t)}
          onRetry={() => void list.refetch()}
          retrying={list.isFetching}
        />
      </div>
    );
  } else if (items.length === 0) {
    body = (
      <div className="flex flex-col items-center px-6 py-12 text-center">
        <InboxIcon className="mb-3 size-8 text-muted-foreground" aria-hidden="true" />
        <p className="font-medium">{t(filtered ? 'inbox.list.noMatchTitle' : `inbox.list.empty.${filters.view}`)}</p>
        <p className="mt-1 text-sm text-muted-foreground">{t(filtered ? 'inbox.list.noMatch' : 'inbox.list.emptyBody')}</p>
      </div>
    );
  } else {
    body = (
      <>
        <ul aria-label={t('inbox.list.label')} className="divide-y">
          {items.map((item) => (
            <ConversationRow key={item.id} item={item} selected={item.id === selectedId} />
          ))}
        </ul>
        {list.hasNextPage && (
          <div className="flex justify-center p-3">
            <Button variant="outline" size="sm" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {t('inbox.list.loadMore')}
            </Button>
          </div>
        )}
      </>
    );
  }

  return (
    <section aria-label={t('inbox.list.region')} className="flex min-h-0 flex-col border-r bg-card">
      <div role="tablist" aria-label={t('inbox.views.label')} className="flex flex-wrap gap-1 border-b p-2">
        {inboxViews.map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            aria-selected={filters.view === view}
            onClick={() => set({ view })}
            className={cn(
              'rounded-md px-2 py-1 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring',
              filters.view === view ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
            )}
          >
            {t(`inbox.views.${view}`)}
          </button>
        ))}
      </div>
      <Filters />
      <div className="min-h-0 flex-1 overflow-y-auto">{body}</div>
    </section>
  );
}

function Filters() {
  const { t } = useTranslation();
  const { filters, set } = useInboxFilters();
  const agents = useQuery(agentsQueryOptions);
  const channels = useQuery(channelsQueryOptions);
  const [search, setSearch] = useState(filters.q);
  const [label, setLabel] = useState(filters.label);

  // The search and the label apply a moment after the typing stops.
  useEffect(() => {
    if (search === filters.q && label === filters.label) return;
    const timer = setTimeout(() => set({ q: search, label }), searchDelayMs);
    return () => clearTimeout(timer);
  }, [search, label, filters.q, filters.label, set]);

  return (
    <div className="grid gap-2 border-b p-2">
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input
          type="search"
          aria-label={t('inbox.filters.search')}
          placeholder={t('inbox.filters.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="pl-8"
        />
      </div>
      <div className="grid grid-cols-3 gap-2">
        <NativeSelect aria-label={t('inbox.filters.agent')} value={filters.agentId} onChange={(event) => set({ agentId: event.target.value })}>
          <option value="">{t('inbox.filters.allAgents')}</option>
          {(agents.data ?? []).map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label={t('inbox.filters.channel')} value={filters.channelId} onChange={(event) => set({ channelId: event.target.value })}>
          <option value="">{t('inbox.filters.allChannels')}</option>
          {(channels.data ?? []).map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
          <option value={testsChannel}>{t('inbox.filters.tests')}</option>
        </NativeSelect>
        <Input
          aria-label={t('inbox.filters.label')}
          placeholder={t('inbox.filters.labelPlaceholder')}
          value={label}
          maxLength={32}
          onChange={(event) => setLabel(event.target.value)}
        />
      </div>
    </div>
  );
}

/** The contact's name, else its phone, else "Sem nome". */
export function contactName(contact: { name: string; phone: string }, t: TFunction): string {
  return contact.name || contact.phone || t('inbox.noName');
}

function ConversationRow({ item, selected }: { item: ConversationSummary; selected: boolean }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const last = item.last_message;
  const waiting = item.status === 'waiting_human';
  const reason = waiting ? handoffReason(last?.author === 'system' ? last.text : undefined) : '';
  const name = contactName(item.contact, t);
  return (
    <li>
      <Link
        to={`${paths.conversations}/${encodeURIComponent(item.id)}`}
        aria-current={selected ? 'page' : undefined}
        data-conversation={item.id}
        className={cn(
          'grid gap-1 px-3 py-2.5 outline-none hover:bg-muted/60 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset',
          selected && 'bg-accent/60',
          waiting && 'border-l-4 border-l-amber-500 bg-amber-50/70',
        )}
      >
        <span className="flex items-center justify-between gap-2">
          <span className={cn('truncate text-sm', item.unread > 0 ? 'font-semibold' : 'font-medium')}>{name}</span>
          <span className="shrink-0 text-xs text-muted-foreground">{shortTime(item.last_message_at, language)}</span>
        </span>
        <span className="flex items-center gap-1.5 text-sm text-muted-foreground">
          {last && last.direction === 'out' && last.author !== 'system' && <MessageStatusTick status={last.status} />}
          <span className="min-w-0 flex-1 truncate">
            {last ? (
              <>
                {last.author !== 'lead' && <span>{t(`inbox.authors.${last.author}`)}: </span>}
                {last.text}
              </>
            ) : (
              <span className="italic">{t('inbox.list.noMessages')}</span>
            )}
          </span>
          {item.unread > 0 && (
            <span className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white">
              <span aria-hidden="true">{item.unread}</span>
              <span className="sr-only">{t('inbox.list.unread', { count: item.unread })}</span>
            </span>
          )}
        </span>
        {(waiting || item.ai_paused || item.status === 'closed' || (item.labels?.length ?? 0) > 0 || item.channel.type === 'playground') && (
          <span className="flex flex-wrap items-center gap-1">
            {waiting && (
              <Badge variant="warning" title={reason || undefined}>
                {reason ? t('inbox.list.waitingReason', { reason }) : t('inbox.list.waiting')}
              </Badge>
            )}
            {!waiting && item.ai_paused && item.status !== 'closed' && <Badge variant="default">{t('inbox.list.human')}</Badge>}
            {item.status === 'closed' && <Badge variant="muted">{t('inbox.list.closed')}</Badge>}
            {item.channel.type === 'playground' && <Badge variant="outline">{t('inbox.list.test')}</Badge>}
            {(item.labels ?? []).map((label) => (
              <Badge key={label} variant="muted">
                {label}
              </Badge>
            ))}
          </span>
        )}
      </Link>
    </li>
  );
}

/** Today: the time; before: the day. */
function shortTime(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: '2-digit', month: '2-digit' }).format(date);
}
