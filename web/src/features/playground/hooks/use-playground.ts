import { type InfiniteData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import {
  type Conversation,
  conversationMessagesQueryOptions,
  conversationQueryOptions,
  type ConversationStatus,
  type LeadField,
  type MessagesPage,
  type ReplyEvent,
  sendPlaygroundMessage,
  startPlaygroundConversation,
} from '../api/playground';
import { usePlaygroundConversations } from '../api/conversation-store';
import { initialReplyState, mergeMessages, replyReducer } from '../reply-state';

/** Codes whose server message says more than the code alone (in pt-BR, from the server). */
const explainedByServer: ReadonlySet<string> = new Set(['invalid', 'conflict', 'forbidden', 'unavailable']);

/**
 * The playground's conversation with an agent: the one kept for this tab (or
 * none yet), its messages and the reply being streamed; send() starts a
 * conversation the first time, restart() starts another.
 */
export function usePlayground(agentId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const conversationId = usePlaygroundConversations((state) => state.byAgent[agentId] ?? '');
  const remember = usePlaygroundConversations((state) => state.set);
  const forget = usePlaygroundConversations((state) => state.forget);
  const [reply, dispatch] = useReducer(replyReducer, initialReplyState);
  const [starting, setStarting] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  const conversation = useQuery({ ...conversationQueryOptions(conversationId), enabled: conversationId !== '' });
  const messages = useInfiniteQuery({ ...conversationMessagesQueryOptions(conversationId), enabled: conversationId !== '' });

  // A conversation kept from before that is gone (another organization, a new database): start over.
  const gone = conversation.error instanceof ApiError && conversation.error.code === 'not_found';
  useEffect(() => {
    if (gone) forget(agentId);
  }, [agentId, forget, gone]);

  // Leaving the page stops the reply (the server cancels it when the client goes away).
  useEffect(() => () => abortRef.current?.abort(), []);

  const explain = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && explainedByServer.has(error.code) && error.message && error.status !== 0) {
        return error.message;
      }
      return describeError(error, t);
    },
    [t],
  );

  const begin = useCallback(async (): Promise<Conversation> => {
    const created = await startPlaygroundConversation(agentId);
    queryClient.setQueryData(conversationQueryOptions(created.id).queryKey, created);
    queryClient.setQueryData<InfiniteData<MessagesPage, string>>(conversationMessagesQueryOptions(created.id).queryKey, {
      pages: [{ items: [], next_cursor: '' }],
      pageParams: [''],
    });
    remember(agentId, created.id);
    return created;
  }, [agentId, queryClient, remember]);

  const send = useCallback(
    async (text: string) => {
      dispatch({ type: 'send', text });
      const controller = new AbortController();
      abortRef.current?.abort();
      abortRef.current = controller;
      let stored = false;
      let ended = false;
      try {
        const id = conversationId && !gone ? conversationId : (await begin()).id;
        await sendPlaygroundMessage(
          id,
          text,
          (event: ReplyEvent) => {
            if (event.type === 'message' && event.data.author === 'lead') stored = true;
            if (event.type === 'done' || event.type === 'error') ended = true;
            if (event.type === 'done' && event.data.conversation) {
              queryClient.setQueryData(conversationQueryOptions(id).queryKey, event.data.conversation);
            }
            dispatch({ type: 'event', event });
            if (event.type === 'done' || event.type === 'error' || event.type === 'handoff') {
              void queryClient.invalidateQueries({ queryKey: conversationQueryOptions(id).queryKey });
            }
          },
          controller.signal,
        );
        // The stream ended: without done or error it broke on the way.
        if (!ended && !controller.signal.aborted) {
          dispatch({ type: 'failed', message: t('playground.errors.interrupted'), stored });
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.code === 'conflict' && conversationId) {
          // Closed meanwhile: the banner shows it, with the way to start another.
          void queryClient.invalidateQueries({ queryKey: conversationQueryOptions(conversationId).queryKey });
        }
        dispatch({ type: 'failed', message: explain(err), stored });
      } finally {
        if (abortRef.current === controller) abortRef.current = null;
      }
    },
    [begin, conversationId, explain, gone, queryClient, t],
  );

  const restart = useCallback(async () => {
    setStarting(true);
    try {
      abortRef.current?.abort();
      abortRef.current = null;
      await begin();
      dispatch({ type: 'reset' });
    } finally {
      setStarting(false);
    }
  }, [begin]);

  const loaded = useMemo(
    () => (messages.data ? [...messages.data.pages].reverse().flatMap((page) => page.items ?? []) : []),
    [messages.data],
  );
  const shown = useMemo(() => mergeMessages(loaded, reply.messages), [loaded, reply.messages]);

  const current = conversation.data;
  const fields = useMemo(() => {
    const byKey: Record<string, LeadField> = {};
    for (const field of current?.lead?.fields ?? []) byKey[field.key] = field;
    for (const field of Object.values(reply.fields)) {
      const known = byKey[field.key];
      if (!known || known.updated_at <= field.updated_at) byKey[field.key] = field;
    }
    return byKey;
  }, [current, reply.fields]);

  let status: ConversationStatus | null = current?.status ?? null;
  if (reply.handedOff && status === 'open') status = 'waiting_human';

  return {
    conversationId: gone ? '' : conversationId,
    conversation,
    messages,
    /** The messages to show, oldest first. */
    shown,
    reply,
    fields,
    status,
    send,
    restart,
    starting,
    /** The trace of a message: its own, or the one of the reply it was streamed in. */
    traceOf: (id: string, own: string | null) => own ?? reply.traceIds[id] ?? null,
  };
}
