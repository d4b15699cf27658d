import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { LockIcon, SendHorizontalIcon, StickyNoteIcon } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { explainError } from '@/features/organizations/error-message';
import { conversationMessagesQueryOptions, type Message } from '@/features/playground/api/playground';
import { TraceDialog } from '@/features/playground/components/trace-dialog';
import { useLanguageStore } from '@/i18n/language-store';
import { cn } from '@/lib/utils';
import { type InboxConversation, type InboxMember, markRead, type Note, notesQueryOptions, useAddNote, useReply, useTakeover } from '../api/inbox';
import { formatLeft, windowState } from '../window';
import { MessageStatusTick } from './message-status';

const maxText = 4096;
const maxNote = 2000;

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

/** The middle column: the messages oldest to newest with the internal notes among them, and the composers. */
export function Thread({ conversation, members }: { conversation: InboxConversation; members: InboxMember[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = conversation.id;
  const messages = useInfiniteQuery(conversationMessagesQueryOptions(id));
  const notes = useQuery(notesQueryOptions(id));
  const [traceId, setTraceId] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const ordered = useMemo(() => (messages.data?.pages ?? []).slice().reverse().flatMap((page) => page.items ?? []), [messages.data]);
  const entries = useMemo(() => {
    const list: Entry[] = ordered.map((message) => ({ kind: 'message', at: message.created_at, message }));
    // Notes older than the oldest message shown wait for "Carregar anteriores".
    const oldest = messages.hasNextPage ? ordered[0]?.created_at : undefined;
    for (const note of notes.data ?? []) {
      if (oldest && note.created_at < oldest) continue;
      list.push({ kind: 'note', at: note.created_at, note });
    }
    return list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }, [ordered, notes.data, messages.hasNextPage]);

  // Follow the conversation to its end as it grows.
  const lastKey = entries.at(-1) ? `${entries.length}:${entries.at(-1)?.at}` : '';
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lastKey]);

  // Opened (or a new message while open): read up to the latest.
  const unread = conversation.unread ?? 0;
  useEffect(() => {
    if (unread > 0) markRead(queryClient, id).catch(() => undefined);
  }, [queryClient, id, unread]);

  const names = useMemo(() => new Map(members.map((member) => [member.user_id, member.name])), [members]);

  return (
    <>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto bg-[#efeae2] px-3 py-4 sm:px-6">
        {messages.hasNextPage && (
          <div className="mb-3 flex justify-center">
            <Button variant="outline" size="sm" onClick={() => void messages.fetchNextPage()} disabled={messages.isFetchingNextPage}>
              {t('inbox.thread.loadOlder')}
            </Button>
          </div>
        )}
        {messages.isPending ? (
          <div role="status" className="grid gap-3">
            <span className="sr-only">{t('inbox.thread.loading')}</span>
            <Skeleton className="h-10 w-1/2 bg-white/70" />
            <Skeleton className="ml-auto h-16 w-2/3 bg-white/70" />
          </div>
        ) : messages.isError ? (
          <Alert variant="destructive" className="bg-white">
            <AlertDescription>{explainError(messages.error, t)}</AlertDescription>
            <div>
              <Button variant="outline" size="sm" onClick={() => void messages.refetch()}>
                {t('inbox.thread.retry')}
              </Button>
            </div>
          </Alert>
        ) : entries.length === 0 ? (
          <p className="py-10 text-center text-sm text-muted-foreground">{t('inbox.thread.empty')}</p>
        ) : null}
        <ol className="grid gap-2" aria-label={t('inbox.thread.label')}>
          {entries.map((entry) =>
            entry.kind === 'message' ? (
              <MessageItem key={`m-${entry.message.id}`} message={entry.message} author={names.get(entry.message.author_user_id)} onWhy={setTraceId} />
            ) : (
              <NoteItem key={`n-${entry.note.id}`} note={entry.note} />
            ),
          )}
        </ol>
      </div>
      <Composers conversation={conversation} />
      <TraceDialog traceId={traceId} onOpenChange={(open) => !open && setTraceId(null)} />
    </>
  );
}

function MessageItem({ message, author, onWhy }: { message: Message; author: string | undefined; onWhy: (traceId: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const time = formatTime(message.created_at, language);
  if (message.author === 'system') {
    return (
      <li className="flex justify-center" data-author="system">
        <p className="max-w-[90%] rounded-md bg-[#fff3c4] px-3 py-1.5 text-center text-xs text-amber-950 shadow-sm">
          <span className="sr-only">{t('inbox.authors.system')}: </span>
          {message.text}
        </p>
      </li>
    );
  }
  const lead = message.author === 'lead';
  const who = message.author === 'human' ? author || t('inbox.authors.human') : t(`inbox.authors.${message.author}`);
  return (
    <li className={cn('flex flex-col', lead ? 'items-start' : 'items-end')} data-author={message.author}>
      <div
        className={cn(
          'max-w-[85%] rounded-lg px-3 py-2 text-sm break-words whitespace-pre-wrap shadow-sm sm:max-w-[75%]',
          lead ? 'rounded-tl-none bg-white' : 'rounded-tr-none bg-[#d9fdd3]',
          message.author === 'human' && 'bg-sky-100',
        )}
      >
        {!lead && <span className="mb-0.5 block text-[11px] font-medium text-muted-foreground">{who}</span>}
        {lead && <span className="sr-only">{who}: </span>}
        <span>{message.text}</span>
        <span className="mt-0.5 flex items-center justify-end gap-1 text-[10px] text-muted-foreground">
          {time}
          {!lead && <MessageStatusTick status={message.status} />}
        </span>
      </div>
      {message.status === 'failed' && (
        <span className="mt-0.5 text-xs text-destructive">{t('inbox.thread.failed', { error: message.error || t('inbox.thread.unknownError') })}</span>
      )}
      {message.author === 'ai' && message.trace_id && (
        <button
          type="button"
          onClick={() => message.trace_id && onWhy(message.trace_id)}
          className="mt-0.5 text-xs text-emerald-800 underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          {t('inbox.thread.why')}
        </button>
      )}
    </li>
  );
}

function NoteItem({ note }: { note: Note }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  return (
    <li className="flex justify-center" data-note={note.id}>
      <div className="w-full max-w-[90%] rounded-md border border-dashed border-amber-400 bg-amber-50 px-3 py-2 text-sm shadow-sm">
        <p className="mb-0.5 flex items-center gap-1.5 text-[11px] font-semibold text-amber-900 uppercase">
          <StickyNoteIcon className="size-3" aria-hidden="true" />
          <span>{t('inbox.notes.badge')}</span>
          <span className="font-normal normal-case">
            · {note.user_name || t('inbox.notes.someone')} · {formatTime(note.created_at, language)}
          </span>
        </p>
        <p className="break-words whitespace-pre-wrap">{note.text}</p>
      </div>
    </li>
  );
}

function formatTime(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}

/** The reply and the note composers, one at a time; the reply one follows WhatsApp's 24-hour window. */
function Composers({ conversation }: { conversation: InboxConversation }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const reply = useReply(conversation.id);
  const takeover = useTakeover(conversation.id);
  const note = useAddNote(conversation.id);
  const [error, setError] = useState<string | null>(null);
  const win = useWindow(conversation.window_expires_at);
  const closed = conversation.status === 'closed';
  const replyDisabled = closed || win.kind === 'closed';

  const send = async (text: string) => {
    setError(null);
    try {
      if (mode === 'note') {
        await note.mutateAsync(text);
        return true;
      }
      // A person's reply does not pause the AI by itself: the conversation is taken over first.
      if (!conversation.ai_paused) await takeover.mutateAsync('takeover');
      await reply.mutateAsync(text);
      return true;
    } catch (err) {
      setError(explainError(err, t));
      return false;
    }
  };

  let hint: string | null = null;
  if (mode === 'reply') {
    if (closed) hint = t('inbox.composer.closed');
    else if (win.kind === 'closed') hint = t('inbox.composer.windowClosed');
    else if (!conversation.ai_paused) hint = t('inbox.composer.takesOver');
  } else {
    hint = t('inbox.composer.noteHint');
  }

  return (
    <div className={cn('border-t p-2 sm:p-3', mode === 'note' ? 'bg-amber-50' : 'bg-[#f0f2f5]')}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div role="tablist" aria-label={t('inbox.composer.modes')} className="flex gap-1">
          {(['reply', 'note'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              onClick={() => setMode(m)}
              className={cn(
                'rounded-md px-2 py-1 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring',
                mode === m ? 'bg-white shadow-sm' : 'text-muted-foreground hover:text-foreground',
              )}
            >
              {t(`inbox.composer.${m}Tab`)}
            </button>
          ))}
        </div>
        {win.kind === 'open' && (
          <span className="text-xs text-muted-foreground" data-testid="window">
            {t('inbox.window.open', { left: formatLeft(win) })}
          </span>
        )}
        {win.kind === 'closed' && (
          <span className="flex items-center gap-1 text-xs font-medium text-amber-800" data-testid="window">
            <LockIcon className="size-3" aria-hidden="true" />
            {t('inbox.window.closed')}
          </span>
        )}
      </div>
      <ComposerForm
        key={mode}
        mode={mode}
        disabled={mode === 'reply' && replyDisabled}
        busy={reply.isPending || takeover.isPending || note.isPending}
        onSend={send}
        hint={hint}
      />
      {error && (
        <p role="alert" className="mt-1 text-xs text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}

/** The 24-hour window, counted down each minute. */
function useWindow(expiresAt: string | null | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return windowState(expiresAt, now);
}

function ComposerForm({
  mode,
  disabled,
  busy,
  onSend,
  hint,
}: {
  mode: 'reply' | 'note';
  disabled: boolean;
  busy: boolean;
  onSend: (text: string) => Promise<boolean>;
  hint: string | null;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const max = mode === 'note' ? maxNote : maxText;
  const canSend = !disabled && !busy && text.trim() !== '' && text.trim().length <= max;
  const inputId = `inbox-composer-${mode}`;
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    if (await onSend(text.trim())) setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-1">
      <div className="flex items-end gap-2">
        <label htmlFor={inputId} className="sr-only">
          {t(`inbox.composer.${mode}Label`)}
        </label>
        <textarea
          id={inputId}
          rows={1}
          value={text}
          maxLength={max}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={disabled}
          placeholder={t(`inbox.composer.${mode}Placeholder`)}
          aria-describedby={hint ? `${inputId}-hint` : undefined}
          className="max-h-40 min-h-10 flex-1 resize-none rounded-lg border border-input bg-white px-3 py-2 text-base outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/40 disabled:cursor-not-allowed disabled:opacity-60 md:text-sm"
        />
        <Button type="submit" size="icon" disabled={!canSend} aria-label={t(`inbox.composer.${mode}Send`)} className="rounded-full">
          {mode === 'note' ? <StickyNoteIcon aria-hidden="true" /> : <SendHorizontalIcon aria-hidden="true" />}
        </Button>
      </div>
      {hint && (
        <p id={`${inputId}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
    </form>
  );
}
