import { ArrowLeftIcon, BotIcon, LockIcon, UnlockIcon, UserRoundCheckIcon, XIcon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { explainError } from '@/features/organizations/error-message';
import { type InboxConversation, useTakeover, useUpdateConversation } from '../api/inbox';
import { contactName } from './conversation-list';

const statusVariant = { open: 'success', waiting_human: 'warning', closed: 'muted' } as const;
const maxLabels = 10;

/** The thread's header: who, the state, and the actions (take over / hand back, close / reopen, labels). */
export function ConversationHeader({ conversation }: { conversation: InboxConversation }) {
  const { t } = useTranslation();
  const takeover = useTakeover(conversation.id);
  const update = useUpdateConversation(conversation.id);
  const [confirmClose, setConfirmClose] = useState(false);
  const closed = conversation.status === 'closed';
  const failed = (err: unknown) => toast({ title: t('inbox.actions.failed'), description: explainError(err, t) });

  return (
    <header className="grid gap-2 border-b bg-card px-3 py-2.5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link
          to={paths.conversations}
          className="rounded-md p-1 text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring md:hidden"
          aria-label={t('inbox.back')}
        >
          <ArrowLeftIcon className="size-4" aria-hidden="true" />
        </Link>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">{contactName(conversation.contact, t)}</h2>
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
            {conversation.contact.phone && <span>{conversation.contact.phone}</span>}
            <span>{conversation.channel.type === 'playground' ? t('inbox.filters.tests') : conversation.channel.name}</span>
            <Badge variant={statusVariant[conversation.status] ?? 'muted'}>{t(`inbox.conversationStatus.${conversation.status}`)}</Badge>
            {!closed && (
              <Badge variant={conversation.ai_paused ? 'default' : 'outline'}>
                {conversation.ai_paused ? t('inbox.conversationStatus.paused') : t('inbox.conversationStatus.aiActive')}
              </Badge>
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {!closed &&
            (conversation.ai_paused || conversation.status === 'waiting_human' ? (
              <Button size="sm" variant="outline" disabled={takeover.isPending} onClick={() => takeover.mutate('handback', { onError: failed })}>
                <BotIcon aria-hidden="true" />
                {t('inbox.actions.handback')}
              </Button>
            ) : null)}
          {!closed && !conversation.ai_paused && (
            <Button size="sm" disabled={takeover.isPending} onClick={() => takeover.mutate('takeover', { onError: failed })}>
              <UserRoundCheckIcon aria-hidden="true" />
              {t('inbox.actions.takeover')}
            </Button>
          )}
          {closed ? (
            <Button size="sm" variant="outline" disabled={update.isPending} onClick={() => update.mutate({ status: 'open' }, { onError: failed })}>
              <UnlockIcon aria-hidden="true" />
              {t('inbox.actions.reopen')}
            </Button>
          ) : (
            <Button size="sm" variant="outline" onClick={() => setConfirmClose(true)}>
              <LockIcon aria-hidden="true" />
              {t('inbox.actions.close')}
            </Button>
          )}
        </div>
      </div>
      <Labels conversation={conversation} />
      <ConfirmDialog
        open={confirmClose}
        onOpenChange={(open) => {
          setConfirmClose(open);
          if (!open) update.reset();
        }}
        title={t('inbox.actions.closeTitle')}
        description={t('inbox.actions.closeDescription')}
        confirmLabel={t('inbox.actions.closeConfirm')}
        pending={update.isPending}
        error={update.isError ? { title: t('inbox.actions.failed'), message: explainError(update.error, t) } : null}
        onConfirm={() => update.mutate({ status: 'closed' }, { onSuccess: () => setConfirmClose(false) })}
      />
    </header>
  );
}

function Labels({ conversation }: { conversation: InboxConversation }) {
  const { t } = useTranslation();
  const update = useUpdateConversation(conversation.id);
  const labels = conversation.labels ?? [];
  const [text, setText] = useState('');
  const save = (next: string[]) =>
    update.mutate({ labels: next }, { onError: (err) => toast({ title: t('inbox.actions.failed'), description: explainError(err, t) }) });
  const add = (event: FormEvent) => {
    event.preventDefault();
    const label = text.trim();
    if (!label || labels.includes(label) || labels.length >= maxLabels) return;
    save([...labels, label]);
    setText('');
  };
  return (
    <div className="flex flex-wrap items-center gap-1.5" aria-label={t('inbox.labels.title')} role="group">
      {labels.map((label) => (
        <Badge key={label} variant="muted" className="gap-1 pr-1">
          {label}
          <button
            type="button"
            className="rounded-full p-0.5 outline-none hover:bg-background focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={t('inbox.labels.remove', { label })}
            disabled={update.isPending}
            onClick={() => save(labels.filter((l) => l !== label))}
          >
            <XIcon className="size-3" aria-hidden="true" />
          </button>
        </Badge>
      ))}
      {labels.length < maxLabels && (
        <form onSubmit={add} className="flex items-center gap-1">
          <Input
            aria-label={t('inbox.labels.add')}
            placeholder={t('inbox.labels.placeholder')}
            value={text}
            maxLength={32}
            onChange={(event) => setText(event.target.value)}
            className="h-7 w-36 text-xs md:text-xs"
          />
        </form>
      )}
    </div>
  );
}
