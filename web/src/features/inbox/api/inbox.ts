// The inbox ("Conversas"): the list of conversations, a person's replies,
// takeover and hand back, assignment, labels, notes, read marks, the lead's
// stage and the member's availability. The conversation and its messages are
// the playground's queries (the same API routes).
import { infiniteQueryOptions, type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { membersQueryOptions, type Member } from '@/features/organizations/api/members';
import {
  allConversationsKey,
  type Conversation,
  type ConversationStatus,
  conversationMessagesQueryOptions,
  conversationQueryOptions,
  type Lead,
  type Message,
  type MessageAuthor,
} from '@/features/playground/api/playground';
import { apiRequest } from '@/lib/api';

export const inboxViews = ['all', 'mine', 'unassigned', 'waiting', 'ai_active', 'closed'] as const;
export type InboxView = (typeof inboxViews)[number];

export const leadStages = ['new', 'qualifying', 'qualified', 'with_seller', 'won', 'lost'] as const;
export type LeadStage = (typeof leadStages)[number];

/** The channel filter's value for the playground's test conversations (include_tests=true). */
export const testsChannel = 'tests';

export type MessageStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** A conversation as the inbox lists it, for the member reading the list. */
export interface ConversationSummary {
  id: string;
  channel: { id: string; type: string; name: string };
  contact: { id: string; name: string; phone: string; wa_id: string };
  lead: { id: string; stage: string; assignee_id: string } | null;
  agent_id: string;
  status: ConversationStatus;
  ai_paused: boolean;
  labels: string[] | null;
  last_message_at: string;
  last_message: { id: string; author: MessageAuthor; direction: 'in' | 'out'; text: string; status: string; created_at: string } | null;
  /** The lead's messages after my read mark. */
  unread: number;
  /** When WhatsApp's 24-hour window closes; null on the playground or before the lead wrote. */
  window_expires_at: string | null;
}

/** GET /api/v1/conversations/{id} with the inbox's additions. */
export interface InboxConversation extends Conversation {
  labels?: string[] | null;
  window_expires_at?: string | null;
  unread?: number;
  assignee?: string;
}

export interface Note {
  id: string;
  user_id: string;
  user_name: string;
  text: string;
  created_at: string;
}

/** A member with the inbox's availability ("Disponível para atendimento"). */
export type InboxMember = Member & { available?: boolean };

export interface InboxFilters {
  view: InboxView;
  agentId: string;
  /** A channel's id, testsChannel, or '' for every WhatsApp channel. */
  channelId: string;
  label: string;
  q: string;
}

export interface ConversationsPage {
  items: ConversationSummary[] | null;
  next_cursor: string;
}

const conversationPath = (id: string) => `/api/v1/conversations/${encodeURIComponent(id)}`;

/** The prefix of every list of conversations (the live updates refresh them). */
export const conversationListsKey = [...allConversationsKey, 'list'] as const;

/** The query string of GET /api/v1/conversations for the filters. */
export function listQuery(filters: InboxFilters, cursor = '', limit?: number): string {
  const params = new URLSearchParams({ view: filters.view });
  if (filters.agentId) params.set('agent_id', filters.agentId);
  if (filters.channelId === testsChannel) params.set('include_tests', 'true');
  else if (filters.channelId) params.set('channel_id', filters.channelId);
  if (filters.label.trim()) params.set('label', filters.label.trim());
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (cursor) params.set('cursor', cursor);
  if (limit) params.set('limit', String(limit));
  return params.toString();
}

/** GET /api/v1/conversations: newest activity first, a page at a time ("Carregar mais"). */
export function conversationsQueryOptions(filters: InboxFilters) {
  return infiniteQueryOptions({
    queryKey: [...conversationListsKey, filters],
    queryFn: ({ pageParam }) => apiRequest<ConversationsPage>(`/api/v1/conversations?${listQuery(filters, pageParam)}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor || undefined,
  });
}

/** The conversations waiting for a person (the badge on "Conversas"): at most 100 are counted. */
export const waitingCountQueryOptions = queryOptions({
  queryKey: [...conversationListsKey, 'waiting-count'],
  queryFn: () =>
    apiRequest<ConversationsPage>(
      `/api/v1/conversations?${listQuery({ view: 'waiting', agentId: '', channelId: '', label: '', q: '' }, '', 100)}`,
    ),
  select: (page) => ({ count: page.items?.length ?? 0, more: page.next_cursor !== '' }),
});

/** GET /api/v1/conversations/{id}/notes: the internal notes, oldest first. */
export function notesQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...allConversationsKey, 'notes', id],
    queryFn: () => apiRequest<{ items: Note[] | null }>(`${conversationPath(id)}/notes`),
    select: (data) => data.items ?? [],
  });
}

/** GET /api/v1/members with each one's availability. */
export const inboxMembersQueryOptions = queryOptions({
  ...membersQueryOptions,
  select: (data) => (data.items ?? []) as InboxMember[],
});

/**
 * What a live event of the inbox changes: the lists (order, preview,
 * unread, status), the conversation and its messages or notes. A lead's
 * change (lead.updated names the lead) reloads the open conversations,
 * which carry their lead.
 */
export function refreshInbox(queryClient: QueryClient, kind: string, subjectId: string): void {
  switch (kind) {
    case 'conversation.message':
      void queryClient.invalidateQueries({ queryKey: conversationQueryOptions(subjectId).queryKey });
      void queryClient.invalidateQueries({ queryKey: conversationListsKey });
      return;
    case 'conversation.updated':
      void queryClient.invalidateQueries({ queryKey: conversationMessagesQueryOptions(subjectId).queryKey });
      void queryClient.invalidateQueries({ queryKey: conversationListsKey });
      return;
    case 'conversation.note':
      void queryClient.invalidateQueries({ queryKey: notesQueryOptions(subjectId).queryKey });
      return;
    case 'lead.updated':
      void queryClient.invalidateQueries({ queryKey: [...allConversationsKey, 'one'] });
      void queryClient.invalidateQueries({ queryKey: conversationListsKey });
      return;
  }
}

/** After a change to a conversation: it, its messages (system events) and the lists load again. */
function changed(queryClient: QueryClient, id: string, conversation?: Conversation) {
  if (conversation) {
    queryClient.setQueryData(conversationQueryOptions(id).queryKey, (old) => (old ? { ...old, ...conversation } : conversation));
  }
  void queryClient.invalidateQueries({ queryKey: conversationQueryOptions(id).queryKey });
  void queryClient.invalidateQueries({ queryKey: conversationMessagesQueryOptions(id).queryKey });
  void queryClient.invalidateQueries({ queryKey: conversationListsKey });
}

/** POST takeover / handback. */
export function useTakeover(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'takeover' | 'handback') =>
      apiRequest<InboxConversation>(`${conversationPath(id)}/${action}`, { method: 'POST' }),
    onSuccess: (conversation) => changed(queryClient, id, conversation),
  });
}

export interface ConversationUpdate {
  status?: 'open' | 'closed';
  labels?: string[];
  assignee_id?: string;
}

/** PATCH /api/v1/conversations/{id}: close or reopen, labels, assignee. */
export function useUpdateConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: ConversationUpdate) =>
      apiRequest<InboxConversation>(conversationPath(id), { method: 'PATCH', body: update }),
    onSuccess: (conversation) => changed(queryClient, id, conversation),
  });
}

/** PATCH /api/v1/leads/{id}: the stage. */
export function useUpdateLead(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, stage }: { leadId: string; stage: string }) =>
      apiRequest<Lead>(`/api/v1/leads/${encodeURIComponent(leadId)}`, { method: 'PATCH', body: { stage } }),
    onSuccess: () => changed(queryClient, conversationId),
  });
}

/** POST /api/v1/conversations/{id}/messages: a person's reply. */
export function useReply(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => apiRequest<Message>(`${conversationPath(id)}/messages`, { method: 'POST', body: { text } }),
    onSuccess: () => changed(queryClient, id),
  });
}

/** POST /api/v1/conversations/{id}/notes: an internal note. */
export function useAddNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => apiRequest<Note>(`${conversationPath(id)}/notes`, { method: 'POST', body: { text } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notesQueryOptions(id).queryKey }),
  });
}

/** POST /api/v1/conversations/{id}/read: read up to the latest. Read marks send no event: my lists load again. */
export async function markRead(queryClient: QueryClient, id: string): Promise<void> {
  await apiRequest<void>(`${conversationPath(id)}/read`, { method: 'POST' });
  void queryClient.invalidateQueries({ queryKey: conversationListsKey });
}

/** PUT /api/v1/account/availability ("Disponível para atendimento"). */
export function useSetAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (available: boolean) => apiRequest<void>('/api/v1/account/availability', { method: 'PUT', body: { available } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQueryOptions.queryKey }),
  });
}
