import { AlertCircleIcon, MessageCircleIcon, SendHorizontalIcon } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { useLanguageStore } from '@/i18n/language-store';
import { cn } from '@/lib/utils';
import type { Message } from '../api/playground';
import type { ReplyState } from '../reply-state';

const maxText = 4096;

interface ChatPanelProps {
  messages: Message[];
  reply: ReplyState;
  /** The messages are loading (a conversation kept from before). */
  loading: boolean;
  loadError: string | null;
  onRetry: () => void;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Why the composer is closed (no provider, conversation closed…); false: open. */
  composerDisabled: boolean;
  onSend: (text: string) => void;
  traceOf: (id: string, own: string | null) => string | null;
  onWhy: (traceId: string) => void;
}

/** The WhatsApp-like test chat: the lead (you) on the right, the agent on the left, and the composer. */
export function ChatPanel(props: ChatPanelProps) {
  const { t } = useTranslation();
  const { messages, reply, loading } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const empty = !loading && !props.loadError && messages.length === 0 && reply.pending === null && reply.draft === null && !reply.notice;

  // Follow the conversation to its end as it grows.
  const last = messages.at(-1)?.id;
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last, reply.draft, reply.pending, reply.notice]);

  return (
    <section
      aria-label={t('playground.chat.label')}
      className="flex h-[70vh] min-h-[28rem] flex-col overflow-hidden rounded-xl border bg-[#efeae2] shadow-sm"
    >
      <div ref={scroller} className="flex-1 overflow-y-auto px-3 py-4 sm:px-6">
        {props.hasOlder && (
          <div className="mb-3 flex justify-center">
            <Button variant="outline" size="sm" onClick={props.onLoadOlder} disabled={props.loadingOlder}>
              {t('playground.chat.loadOlder')}
            </Button>
          </div>
        )}
        {loading ? (
          <div role="status" className="grid gap-3">
            <span className="sr-only">{t('playground.loading')}</span>
            <Skeleton className="ml-auto h-10 w-1/2 bg-white/70" />
            <Skeleton className="h-16 w-2/3 bg-white/70" />
            <Skeleton className="ml-auto h-10 w-2/5 bg-white/70" />
          </div>
        ) : props.loadError ? (
          <Alert variant="destructive" className="bg-white">
            <AlertTitle>{props.loadError}</AlertTitle>
            <div>
              <Button variant="outline" size="sm" onClick={props.onRetry}>
                {t('playground.chat.retry')}
              </Button>
            </div>
          </Alert>
        ) : empty ? (
          <div className="flex h-full flex-col items-center justify-center px-6 text-center">
            <div className="mb-3 flex size-12 items-center justify-center rounded-full bg-white text-primary shadow-sm">
              <MessageCircleIcon className="size-6" aria-hidden="true" />
            </div>
            <h2 className="font-semibold">{t('playground.chat.emptyTitle')}</h2>
            <p className="mt-1 max-w-sm text-sm text-muted-foreground">{t('playground.chat.empty')}</p>
          </div>
        ) : null}
        <ol className="grid gap-2" aria-label={t('playground.chat.label')} aria-busy={reply.streaming}>
          {messages.map((message) => (
            <MessageBubble key={message.id} message={message} traceId={props.traceOf(message.id, message.trace_id)} onWhy={props.onWhy} />
          ))}
          {reply.pending && (
            <li className="flex flex-col items-end">
              <Bubble side="right" pending={!reply.pending.failed}>
                <span className="sr-only">{t('playground.chat.authors.lead')}: </span>
                <span>{reply.pending.text}</span>
              </Bubble>
              {reply.pending.failed && (
                <span className="mt-0.5 flex items-center gap-1 text-xs text-destructive">
                  <AlertCircleIcon className="size-3" aria-hidden="true" />
                  {t('playground.chat.notSent')}
                </span>
              )}
            </li>
          )}
          {reply.draft !== null && (
            <li className="flex flex-col items-start" data-testid="draft">
              <Bubble side="left">
                {reply.draft && <span className="whitespace-pre-wrap">{reply.draft}</span>}
                <span className={cn('block text-xs text-emerald-700 italic', reply.draft && 'mt-1')}>{t('playground.chat.typing')}</span>
              </Bubble>
            </li>
          )}
        </ol>
        {reply.notice && <Notice notice={reply.notice} />}
      </div>
      <Composer disabled={props.composerDisabled} busy={reply.streaming} onSend={props.onSend} />
    </section>
  );
}

function Notice({ notice }: { notice: NonNullable<ReplyState['notice']> }) {
  const { t } = useTranslation();
  if (notice.kind === 'skipped') {
    return (
      <p role="status" className="mx-auto mt-3 w-fit max-w-[90%] rounded-md bg-white/80 px-3 py-1.5 text-center text-xs text-muted-foreground shadow-sm">
        {t(`playground.skipped.${notice.skipped}`)}
      </p>
    );
  }
  return (
    <Alert variant="destructive" className="mt-3 grid-cols-[auto_1fr] gap-x-2 bg-white">
      <AlertCircleIcon className="mt-0.5 size-4" aria-hidden="true" />
      <div className="grid gap-0.5">
        <AlertTitle>{t('playground.errors.title')}</AlertTitle>
        <AlertDescription>{notice.message || t('playground.errors.generic')}</AlertDescription>
      </div>
    </Alert>
  );
}

function Bubble({ side, pending = false, children }: { side: 'left' | 'right'; pending?: boolean; children: React.ReactNode }) {
  return (
    <div
      className={cn(
        'max-w-[85%] rounded-lg px-3 py-2 text-sm break-words whitespace-pre-wrap shadow-sm sm:max-w-[75%]',
        side === 'right' ? 'rounded-tr-none bg-[#d9fdd3]' : 'rounded-tl-none bg-white',
        pending && 'opacity-70',
      )}
    >
      {children}
    </div>
  );
}

function MessageBubble({ message, traceId, onWhy }: { message: Message; traceId: string | null; onWhy: (traceId: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const time = formatTime(message.created_at, language);
  if (message.author === 'system') {
    return (
      <li className="flex justify-center">
        <p className="max-w-[90%] rounded-md bg-[#fff3c4] px-3 py-1.5 text-center text-xs text-amber-950 shadow-sm">
          <span className="sr-only">{t('playground.chat.authors.system')}: </span>
          {message.text}
        </p>
      </li>
    );
  }
  const lead = message.author === 'lead';
  return (
    <li className={cn('flex flex-col', lead ? 'items-end' : 'items-start')}>
      <Bubble side={lead ? 'right' : 'left'}>
        <span className="sr-only">{t(`playground.chat.authors.${message.author}`)}: </span>
        <span>{message.text}</span>
        {time && <span className="mt-0.5 block text-right text-[10px] text-muted-foreground">{time}</span>}
      </Bubble>
      {message.author === 'ai' && traceId && (
        <button
          type="button"
          onClick={() => onWhy(traceId)}
          className="mt-0.5 text-xs text-emerald-800 underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          {t('playground.chat.why')}
        </button>
      )}
    </li>
  );
}

function formatTime(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}

function Composer({ disabled, busy, onSend }: { disabled: boolean; busy: boolean; onSend: (text: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const closed = disabled || busy;
  // Back to typing once the reply is in.
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy && !disabled) input.current?.focus();
    wasBusy.current = busy;
  }, [busy, disabled]);
  const canSend = !closed && text.trim() !== '' && text.trim().length <= maxText;
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text.trim());
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-2 border-t bg-[#f0f2f5] p-2 sm:p-3">
      <label htmlFor="playground-composer" className="sr-only">
        {t('playground.chat.inputLabel')}
      </label>
      <textarea
        id="playground-composer"
        rows={1}
        value={text}
        maxLength={maxText}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        ref={input}
        disabled={closed}
        aria-describedby="playground-composer-hint"
        placeholder={t('playground.chat.placeholder')}
        className="max-h-40 min-h-10 flex-1 resize-none rounded-lg border border-input bg-white px-3 py-2 text-base outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/40 disabled:cursor-not-allowed disabled:opacity-60 md:text-sm"
      />
      <span id="playground-composer-hint" className="sr-only">
        {t('playground.chat.hint')}
      </span>
      <Button type="submit" size="icon" disabled={!canSend} aria-label={t('playground.chat.send')} className="rounded-full">
        <SendHorizontalIcon aria-hidden="true" />
      </Button>
    </form>
  );
}
