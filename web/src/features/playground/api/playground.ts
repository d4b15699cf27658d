// The agent playground ("Testar agente") and the traces of the agent's
// replies: a test conversation, its messages, the reply streamed as
// Server-Sent Events from the POST of a lead's message, and a trace.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ApiError, apiFetch, apiRequest } from '@/lib/api';
import { readSse } from './sse';

export type ConversationStatus = 'open' | 'waiting_human' | 'closed';

/** A qualification value the agent saved: the value, the lead's words it came from, how sure it is (0–1). */
export interface LeadField {
  key: string;
  value: string;
  evidence: string;
  confidence: number;
  updated_at: string;
}

export interface Lead {
  id: string;
  contact_id: string;
  stage: string;
  origin: string;
  assignee_id: string;
  test: boolean;
  fields: LeadField[] | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface Conversation {
  id: string;
  channel: { id: string; type: string; name: string; created_at: string };
  contact: { id: string; wa_id: string; phone: string; name: string; test: boolean; created_at: string; updated_at: string };
  lead: Lead | null;
  agent_id: string;
  status: ConversationStatus;
  ai_paused: boolean;
  closed_by: string;
  closed_by_user_id: string;
  closed_at: string | null;
  last_message_at: string;
  created_at: string;
  updated_at: string;
}

export type MessageAuthor = 'lead' | 'ai' | 'human' | 'system';

export interface Message {
  id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  author: MessageAuthor;
  author_user_id: string;
  text: string;
  media_ref: string;
  media_type: string;
  provider_message_id: string;
  status: string;
  error: string;
  /** The trace of the reply it is part of (AI messages); null while the reply is being written. */
  trace_id: string | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
}

export interface MessagesPage {
  /** Oldest to newest. */
  items: Message[];
  /** The cursor of the page before this one (older messages); empty on the first. */
  next_cursor: string;
}

export const playgroundTools = ['search_knowledge', 'update_lead', 'handoff_to_human', 'schedule_followup'] as const;

/** A passage a knowledge search returned. */
export interface SearchPassage {
  id: string;
  source: string;
  heading: string;
  text: string;
  score: number;
}

export interface ToolCallEvent {
  id: string;
  tool: string;
  args: unknown;
}

export interface ToolResultEvent {
  id: string;
  tool: string;
  result: unknown;
  error: string;
  passages?: SearchPassage[] | null;
}

export type ReplyOutcome = 'reply' | 'out_of_hours' | 'handoff' | '';
export type ReplySkipped = '' | 'agent_off' | 'waiting_human' | 'closed' | 'ai_paused' | 'no_agent';

export interface DoneEvent {
  outcome: ReplyOutcome;
  skipped: ReplySkipped;
  trace_id: string;
  conversation: Conversation;
}

/** One event of a reply's stream, by its type. */
export type ReplyEvent =
  | { type: 'message'; data: Message }
  | { type: 'draft'; data: { text: string } }
  | { type: 'draft_reset'; data: Record<string, never> }
  | { type: 'tool_call'; data: ToolCallEvent }
  | { type: 'tool_result'; data: ToolResultEvent }
  | { type: 'lead_field'; data: LeadField }
  | { type: 'handoff'; data: { reason: string } }
  | { type: 'done'; data: DoneEvent }
  | { type: 'error'; data: { error: { code: string; message: string } } };

const replyEventTypes: ReadonlySet<string> = new Set([
  'message',
  'draft',
  'draft_reset',
  'tool_call',
  'tool_result',
  'lead_field',
  'handoff',
  'done',
  'error',
]);

export interface Trace {
  id: string;
  conversation_id: string;
  message_id: string;
  agent_id: string;
  agent_version: number;
  input_tokens: number;
  output_tokens: number;
  /** Integer micro-reais (millionths of a real). */
  cost_micro_brl: number;
  latency_ms: number;
  error: string;
  created_at: string;
  detail: {
    provider: string;
    model: string;
    prompt_chars: number;
    prompt_tokens?: number;
    unanswered?: number;
    outcome?: string;
    tool_calls: { name: string; args: unknown; result: unknown; error: string }[] | null;
    passages: { chunk_id: string; source_id: string; score: number }[] | null;
  };
}

/** The prefix of every conversation query (the live updates refresh them). */
export const allConversationsKey = ['conversations'] as const;

const conversationPath = (id: string) => `/api/v1/conversations/${encodeURIComponent(id)}`;

/** GET /api/v1/conversations/{id}. */
export function conversationQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...allConversationsKey, 'one', id],
    queryFn: () => apiRequest<Conversation>(conversationPath(id)),
  });
}

/** GET /api/v1/conversations/{id}/messages?before=: the newest page first, then older ones. */
export function conversationMessagesQueryOptions(id: string) {
  return infiniteQueryOptions({
    queryKey: [...allConversationsKey, 'messages', id],
    queryFn: ({ pageParam }) => {
      const query = pageParam ? `?${new URLSearchParams({ before: pageParam }).toString()}` : '';
      return apiRequest<MessagesPage>(`${conversationPath(id)}/messages${query}`);
    },
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor || undefined,
  });
}

/** GET /api/v1/traces/{id}: why the AI answered what it did. A trace never changes. */
export function traceQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['traces', id],
    queryFn: () => apiRequest<Trace>(`/api/v1/traces/${encodeURIComponent(id)}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** POST /api/v1/playground/conversations (admins): a new test conversation with the agent. */
export function startPlaygroundConversation(agentId: string): Promise<Conversation> {
  return apiRequest<Conversation>('/api/v1/playground/conversations', { method: 'POST', body: { agent_id: agentId } });
}

/**
 * POST /api/v1/playground/conversations/{id}/messages (admins): sends the
 * lead's text and calls onEvent with each event of the agent's reply as it
 * arrives. Resolves when the stream ends. A refusal before the stream (not
 * 2xx) rejects with its ApiError; so does a broken connection (code
 * 'network'). Events of unknown types or with data that is not JSON are skipped.
 */
export async function sendPlaygroundMessage(
  conversationId: string,
  text: string,
  onEvent: (event: ReplyEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await apiFetch(`/api/v1/playground/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    body: { text },
    accept: 'text/event-stream',
    ...(signal && { signal }),
  });
  if (!response.body) {
    throw new ApiError({ status: response.status, code: 'internal', message: 'the reply came without a body' });
  }
  try {
    await readSse(response.body, ({ event, data }) => {
      if (!replyEventTypes.has(event)) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return;
      }
      onEvent({ type: event, data: parsed } as ReplyEvent);
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError({ status: 0, code: 'network', message: 'the reply stream broke', cause: err });
  }
}
