import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/**
 * A WhatsApp channel as the API shows it (internal/whatsapp View): never a
 * secret, only the ends of the access token and of the own app's secret.
 */
export interface Channel {
  id: string;
  type: 'whatsapp';
  name: string;
  phone_number_id: string;
  waba_id: string;
  display_number: string;
  /** The name Meta shows for the number; filled in by "Testar conexão". */
  verified_name: string;
  /** The agent that answers; empty for none. */
  agent_id: string;
  enabled: boolean;
  /** E.g. "…a1b2". */
  token_hint: string;
  /** Whether the channel uses the organization's own Meta app (its own secret and verify token). */
  own_app: boolean;
  /** Where Meta sends the webhooks of this number. */
  webhook_url: string;
  /** The own app's verify token (only when own_app; the platform's is never sent). */
  verify_token?: string;
  /** The ends of the own app's secret (only when own_app). */
  app_secret_hint?: string;
  /** When "Testar conexão" last proved the number and token; null until then (no messages are routed). */
  proven_at: string | null;
  /** Why Meta refused the token (code 190), in pt-BR; empty when it did not. */
  token_error: string;
  token_error_at: string | null;
  last_webhook_at: string | null;
  /** Webhook entries for numbers of no channel that arrived at this channel's own endpoint. */
  dropped_entries: number;
  created_at: string;
  updated_at: string;
}

/**
 * The body of POST /channels and PATCH /channels/{id}. On PATCH an absent
 * field stays as it is; "" app_secret and verify_token go back to the
 * platform's app.
 */
export interface ChannelInput {
  name?: string;
  phone_number_id?: string;
  waba_id?: string;
  display_number?: string;
  access_token?: string;
  agent_id?: string;
  enabled?: boolean;
  app_secret?: string;
  verify_token?: string;
}

/** The answer of "Testar conexão": a refusal of Meta is an answer (ok false, in pt-BR), not an error. */
export type ChannelTestResult =
  | { ok: true; display_number?: string; verified_name?: string }
  | { ok: false; code?: number; message: string };

/** Meta's code for an access token that expired or was revoked. */
export const tokenInvalidCode = 190;

/** The prefix of every channel query: the live updates refresh them all. */
export const allChannelsKey = ['channels'] as const;

const channelPath = (id: string) => `/api/v1/channels/${encodeURIComponent(id)}`;

/** GET /api/v1/channels (members): the organization's WhatsApp channels. */
export const channelsQueryOptions = queryOptions({
  queryKey: [...allChannelsKey, 'list'],
  queryFn: () => apiRequest<{ items: Channel[] }>('/api/v1/channels'),
  select: (data) => data.items ?? [],
});

/** After a change: the channel as the server has it now, and the list again. */
function saved(queryClient: QueryClient, channel?: Channel) {
  if (channel) {
    queryClient.setQueryData(channelsQueryOptions.queryKey, (data) => {
      if (!data) return data;
      const items = data.items ?? [];
      return {
        items: items.some((item) => item.id === channel.id)
          ? items.map((item) => (item.id === channel.id ? channel : item))
          : [...items, channel],
      };
    });
  }
  void queryClient.invalidateQueries({ queryKey: allChannelsKey });
}

/** POST /api/v1/channels (admins): a new channel, not proven until "Testar conexão". */
export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput) => apiRequest<Channel>('/api/v1/channels', { method: 'POST', body: input }),
    onSuccess: (channel) => saved(queryClient, channel),
  });
}

/** PATCH /api/v1/channels/{id} (admins): a new number or token must be tested again. */
export function useUpdateChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput) => apiRequest<Channel>(channelPath(id), { method: 'PATCH', body: input }),
    onSuccess: (channel) => saved(queryClient, channel),
  });
}

/** DELETE /api/v1/channels/{id} (admins): 409 when it has conversations (disable it instead). */
export function useDeleteChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>(channelPath(id), { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.setQueryData(channelsQueryOptions.queryKey, (data) =>
        data ? { items: (data.items ?? []).filter((item) => item.id !== id) } : data,
      );
      void queryClient.invalidateQueries({ queryKey: allChannelsKey });
    },
  });
}

/**
 * POST /api/v1/channels/{id}/test (admins): asks Meta for the number with
 * the channel's token. Either way the channel changes (proven, or the token's
 * error), so the list loads again.
 */
export function useTestChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ChannelTestResult>(`${channelPath(id)}/test`, { method: 'POST' }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: allChannelsKey });
    },
  });
}
