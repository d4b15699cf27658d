// The connection to GET /api/v1/events (Server-Sent Events): opens it, drops
// events it has already seen, and when the stream ends renews the session and
// opens it again. No React here: use-live-events.ts wires it to the cache.

/** The kinds of event the app knows (the server may add others: they are ignored). */
export const liveEventKinds = [
  'organization.updated',
  'members.changed',
  'invitations.changed',
  'knowledge.source.updated',
  'knowledge.source.deleted',
  'knowledge.site.updated',
  'knowledge.site.deleted',
  'agent.changed',
  'agent.deleted',
  'channel.updated',
  'channel.deleted',
  'conversation.message',
  'conversation.updated',
  'conversation.note',
  'lead.updated',
] as const;
export type LiveEventKind = (typeof liveEventKinds)[number];

/** One event of the organization, as the stream's data carries it. */
export interface LiveEvent {
  id: number | string;
  kind: LiveEventKind;
  subject_id: string;
  payload: unknown;
  created_at: string;
}

/** connecting: the first connection; live: connected; reconnecting: lost, coming back. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** Why the server ended the stream (its "end" event). */
type EndReason = 'expired' | 'revoked' | 'restart' | 'error';

/** The EventSource constructor (the browser's, or a fake in tests). */
export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSource;

export interface LiveConnectionOptions {
  url: string;
  EventSource: EventSourceConstructor;
  onEvent: (event: LiveEvent) => void;
  onStatus: (status: LiveStatus) => void;
  /**
   * After the app opened the stream again itself (no Last-Event-ID goes with
   * a new EventSource): what changed in between must be read again.
   */
  onResync: () => void;
  /** Renews the session: true when renewed, false when refused; rejects on other failures. */
  refresh: () => Promise<boolean>;
  /**
   * The server said the stream's session no longer holds ("revoked") and a
   * renewal still worked: the session moved to another organization (another
   * tab switched). Loads the session again, for the app to follow it.
   */
  onRevoked: () => Promise<unknown>;
}

/** How many event ids are remembered to drop the ones sent again after a reconnect. */
export const rememberedIds = 1000;
const firstRetryMs = 2000;
const maxRetryMs = 30_000;

/** Opens the stream; returns a function that closes it for good. */
export function connectLiveEvents(options: LiveConnectionOptions): () => void {
  const { url, EventSource, onEvent, onStatus, onResync, refresh, onRevoked } = options;
  const seen = new Set<string>();
  let source: EventSource | null = null;
  let stopped = false;
  let opens = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function remember(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > rememberedIds) {
      // A Set iterates in insertion order: the first is the oldest.
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  }

  function receive(message: MessageEvent<string>) {
    let event: LiveEvent;
    try {
      event = JSON.parse(message.data) as LiveEvent;
    } catch {
      return;
    }
    const id = message.lastEventId || String(event.id);
    if (remember(id)) onEvent({ ...event, kind: message.type as LiveEventKind });
  }

  function close() {
    if (!source) return;
    source.onopen = null;
    source.onerror = null;
    source.close();
    source = null;
  }

  function open() {
    if (stopped) return;
    close();
    const reopened = opens > 0;
    opens++;
    const es = new EventSource(url, { withCredentials: true });
    source = es;
    es.onopen = () => {
      failures = 0;
      onStatus('live');
      if (reopened) onResync();
    };
    // The browser reconnects by itself after a dropped connection (with Last-Event-ID);
    // a refused one (e.g. 401) closes the source, and the app tries again.
    es.onerror = () => {
      if (stopped || source !== es) return;
      onStatus('reconnecting');
      if (es.readyState === es.CLOSED) {
        close();
        later(() => renewAndOpen());
      }
    };
    for (const kind of liveEventKinds) {
      es.addEventListener(kind, receive);
    }
    es.addEventListener('end', (message: MessageEvent<string>) => {
      if (source !== es) return;
      close();
      let reason: EndReason = 'error';
      try {
        reason = (JSON.parse(message.data) as { reason: EndReason }).reason;
      } catch {
        // an end without a reason: treated as an error
      }
      onStatus('reconnecting');
      // Revoked: the session ended (a renewal is refused, and the API client ends it in the
      // app), or it is now in another organization (the session is loaded again first).
      renewAndOpen(reason === 'revoked' ? onRevoked : undefined);
    });
  }

  /**
   * Renews the session (then runs before, if given), then opens the stream
   * again; a failure other than a refusal waits and tries again.
   */
  function renewAndOpen(before?: () => Promise<unknown>) {
    if (stopped) return;
    refresh()
      .then(async (renewed) => {
        if (stopped) return;
        if (!renewed) {
          stopped = true; // refused: the API client has ended the session
          return;
        }
        await before?.();
        open();
      })
      .catch(() => later(() => renewAndOpen(before)));
  }

  /** Runs again after a wait that doubles with each failure in a row. */
  function later(run: () => void) {
    if (stopped) return;
    const wait = Math.min(firstRetryMs * 2 ** failures, maxRetryMs);
    failures++;
    clearTimeout(timer);
    timer = setTimeout(run, wait);
  }

  onStatus('connecting');
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    close();
  };
}
