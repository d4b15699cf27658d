// What the playground shows of the reply being written and of the messages
// stored while the page is open: a reducer over the reply's stream events
// (see api/playground.ts), kept apart from React so it is tested alone.
import type { LeadField, Message, ReplyEvent, ReplySkipped, SearchPassage } from './api/playground';

/** One tool the agent called in the current reply, with its result once it came. */
export interface Step {
  id: string;
  tool: string;
  args: unknown;
  done: boolean;
  result?: unknown;
  error?: string;
  passages?: SearchPassage[];
}

/** What the chat says under the messages about the last reply. */
export type ReplyNotice = { kind: 'error'; message: string } | { kind: 'skipped'; skipped: Exclude<ReplySkipped, ''> };

export interface ReplyState {
  /** The lead's text sent, until the server stored it (failed: it never did). */
  pending: { text: string; failed: boolean } | null;
  /** Messages stored since the page opened (the stream's), oldest first. */
  messages: Message[];
  /** The answer being written: null when none (no "digitando…" bubble). */
  draft: string | null;
  steps: Step[];
  /** Qualification values saved since the page opened, by key. */
  fields: Record<string, LeadField>;
  /** The trace of the AI messages of the replies streamed here (the messages come before it). */
  traceIds: Record<string, string>;
  /** The AI messages of the reply under way. */
  replyMessageIds: string[];
  notice: ReplyNotice | null;
  streaming: boolean;
  /** The conversation went to a person during a reply. */
  handedOff: boolean;
}

export const initialReplyState: ReplyState = {
  pending: null,
  messages: [],
  draft: null,
  steps: [],
  fields: {},
  traceIds: {},
  replyMessageIds: [],
  notice: null,
  streaming: false,
  handedOff: false,
};

export type ReplyAction =
  | { type: 'send'; text: string }
  | { type: 'event'; event: ReplyEvent }
  /** The reply ended without done or error: refused before the stream (stored is false) or broken. */
  | { type: 'failed'; message: string; stored: boolean }
  | { type: 'reset' };

export function replyReducer(state: ReplyState, action: ReplyAction): ReplyState {
  switch (action.type) {
    case 'reset':
      return initialReplyState;
    case 'send':
      return {
        ...state,
        pending: { text: action.text, failed: false },
        draft: '',
        steps: [],
        replyMessageIds: [],
        notice: null,
        streaming: true,
      };
    case 'failed':
      return {
        ...state,
        pending: state.pending && !action.stored ? { ...state.pending, failed: true } : null,
        draft: null,
        notice: { kind: 'error', message: action.message },
        streaming: false,
      };
    case 'event':
      return applyEvent(state, action.event);
  }
}

function applyEvent(state: ReplyState, event: ReplyEvent): ReplyState {
  switch (event.type) {
    case 'message': {
      const message = event.data;
      const messages = state.messages.some((m) => m.id === message.id)
        ? state.messages.map((m) => (m.id === message.id ? message : m))
        : [...state.messages, message];
      if (message.author === 'lead') {
        return { ...state, messages, pending: null };
      }
      if (message.author === 'ai') {
        // The stored answer takes the draft's place.
        return { ...state, messages, draft: null, replyMessageIds: [...state.replyMessageIds, message.id] };
      }
      return { ...state, messages };
    }
    case 'draft':
      return { ...state, draft: (state.draft ?? '') + (event.data.text ?? '') };
    case 'draft_reset':
      return { ...state, draft: state.streaming ? '' : null };
    case 'tool_call':
      return {
        ...state,
        steps: [...state.steps, { id: event.data.id, tool: event.data.tool, args: event.data.args, done: false }],
      };
    case 'tool_result': {
      const { id, tool, result, error, passages } = event.data;
      const finished = (step: Step): Step => ({
        ...step,
        done: true,
        result,
        error: error ?? '',
        ...(passages && { passages }),
      });
      const known = state.steps.some((step) => step.id === id);
      return {
        ...state,
        steps: known
          ? state.steps.map((step) => (step.id === id ? finished(step) : step))
          : [...state.steps, finished({ id, tool, args: undefined, done: true })],
      };
    }
    case 'lead_field':
      return { ...state, fields: { ...state.fields, [event.data.key]: event.data } };
    case 'handoff':
      return { ...state, handedOff: true };
    case 'done': {
      const { trace_id: traceId, skipped } = event.data;
      const traceIds = { ...state.traceIds };
      if (traceId) {
        for (const id of state.replyMessageIds) traceIds[id] = traceId;
      }
      return {
        ...state,
        traceIds,
        draft: null,
        pending: null,
        streaming: false,
        notice: skipped ? { kind: 'skipped', skipped } : state.notice,
      };
    }
    case 'error':
      return {
        ...state,
        draft: null,
        pending: null,
        streaming: false,
        notice: { kind: 'error', message: event.data?.error?.message ?? '' },
      };
  }
}

/**
 * The conversation's messages to show: those loaded (oldest first) and those
 * streamed since, each once, in the order they were stored.
 */
export function mergeMessages(loaded: Message[], streamed: Message[]): Message[] {
  const seen = new Set(loaded.map((m) => m.id));
  const all = [...loaded, ...streamed.filter((m) => !seen.has(m.id))];
  // A stable sort: messages stored in the same instant keep their order.
  return all
    .map((message, index) => ({ message, index, at: Date.parse(message.created_at) || 0 }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ message }) => message);
}
