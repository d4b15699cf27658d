import { useQuery } from '@tanstack/react-query';
import { MessagesSquareIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { useSession } from '@/features/auth/api/session';
import { LoadError } from '@/features/organizations/components/load-error';
import { explainError } from '@/features/organizations/error-message';
import { conversationQueryOptions } from '@/features/playground/api/playground';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { cn } from '@/lib/utils';
import { type InboxConversation, inboxMembersQueryOptions, useSetAvailability } from '../api/inbox';
import { ConversationHeader } from './conversation-header';
import { ConversationList } from './conversation-list';
import { LeadSide } from './lead-side';
import { Thread } from './thread';

/** /conversas and /conversas/:conversationId: the inbox — the list, the open conversation and its lead. */
export function InboxPage() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  useDocumentTitle(t('sections.conversations.title'));
  return (
    <div className="flex h-[calc(100dvh-3.5rem)] flex-col">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b bg-background px-4 py-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">{t('sections.conversations.title')}</h1>
          <p className="text-sm text-muted-foreground">{t('inbox.description')}</p>
        </div>
        <AvailabilityToggle />
      </header>
      <div className="grid min-h-0 flex-1 grid-cols-1 md:grid-cols-[20rem_1fr] xl:grid-cols-[22rem_1fr_20rem]">
        <div className={cn('min-h-0', conversationId ? 'hidden md:flex md:flex-col' : 'flex flex-col')}>
          <ConversationList selectedId={conversationId} />
        </div>
        {conversationId ? (
          <OpenConversation key={conversationId} id={conversationId} />
        ) : (
          <div className="hidden flex-col items-center justify-center p-8 text-center text-muted-foreground md:flex xl:col-span-2">
            <MessagesSquareIcon className="mb-3 size-10" aria-hidden="true" />
            <p className="font-medium text-foreground">{t('inbox.pickTitle')}</p>
            <p className="mt-1 max-w-sm text-sm">{t('inbox.pick')}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function OpenConversation({ id }: { id: string }) {
  const { t } = useTranslation();
  const conversation = useQuery(conversationQueryOptions(id));
  const members = useQuery(inboxMembersQueryOptions);
  if (conversation.isPending) {
    return (
      <div role="status" className="grid content-start gap-3 p-4 xl:col-span-2">
        <span className="sr-only">{t('inbox.thread.loading')}</span>
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (conversation.isError) {
    return (
      <div className="p-4 xl:col-span-2">
        <LoadError
          title={t('inbox.thread.loadFailed')}
          message={explainError(conversation.error, t)}
          onRetry={() => void conversation.refetch()}
          retrying={conversation.isFetching}
        />
      </div>
    );
  }
  const data = conversation.data as InboxConversation;
  return (
    <>
      <section aria-label={t('inbox.thread.region')} className="flex min-h-0 flex-col">
        <ConversationHeader conversation={data} />
        <Thread conversation={data} members={members.data ?? []} />
      </section>
      <div className="hidden min-h-0 xl:grid">
        <LeadSide conversation={data} members={members.data ?? []} />
      </div>
    </>
  );
}

/** "Disponível para atendimento": whether I take conversations (round-robin picks only those available). */
function AvailabilityToggle() {
  const { t } = useTranslation();
  const session = useSession();
  const members = useQuery(inboxMembersQueryOptions);
  const set = useSetAvailability();
  const me = members.data?.find((member) => member.user_id === session?.user.id);
  if (!me) return null;
  const available = set.isPending ? set.variables : me.available !== false;
  return (
    <label className="flex cursor-pointer items-center gap-2 text-sm font-medium">
      <button
        type="button"
        role="switch"
        aria-checked={available}
        aria-label={t('inbox.availability.label')}
        disabled={set.isPending}
        onClick={() =>
          set.mutate(!available, { onError: (err) => toast({ title: t('inbox.availability.failed'), description: explainError(err, t) }) })
        }
        className={cn(
          'relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring',
          available ? 'bg-emerald-600' : 'bg-muted-foreground/40',
        )}
      >
        <span className={cn('absolute top-0.5 size-4 rounded-full bg-white shadow transition-all', available ? 'left-[1.125rem]' : 'left-0.5')} />
      </button>
      <span aria-hidden="true">{t('inbox.availability.label')}</span>
    </label>
  );
}
