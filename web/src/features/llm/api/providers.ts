import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { ProviderKeyValues } from '../schemas';

/** The LLM providers an organization may use, as the API names them. */
export const llmProviders = ['openai', 'anthropic', 'gemini'] as const;
export type LlmProvider = (typeof llmProviders)[number];

/** The organization's own key for a provider: never the key itself, only its ends. */
export interface OrganizationKey {
  /** E.g. "sk-…a1b2". */
  key_hint: string;
  /** An OpenAI-compatible base URL (OpenAI only); empty for the provider's own. */
  base_url: string;
  updated_at: string;
  /** When the key was last tried against the provider; null before the first try. */
  checked_at: string | null;
  /** Why that try failed, in pt-BR; empty when it worked. */
  check_error: string;
}

/** A provider and the keys the organization may call it with. */
export interface LlmProviderStatus {
  /** 'openai' | 'anthropic' | 'gemini' (a string: a newer server may know more). */
  provider: string;
  /** Its name for people, e.g. "OpenAI". */
  name: string;
  /** Whether the platform has a key for it (used when the organization has none). */
  platform_key: boolean;
  organization_key: OrganizationKey | null;
  /** Whether agents can use it now (some key is set). */
  available: boolean;
  /** The model an agent gets when it names none. */
  default_model: string;
  /** The platform's default provider: the one an agent without its own uses. */
  default: boolean;
}

/** The answer of "Testar": it worked (with the models the key reaches), or why not. */
export type ProviderTestResult =
  | { ok: true; model: string; models?: string[] }
  | { ok: false; kind: string; message: string };

/** The models of a provider: listed by the provider, or not (then the model is typed). */
export interface ModelList {
  items: string[];
  listed: boolean;
  /** Why there is no list, in pt-BR (e.g. the service does not list its models). */
  message?: string;
}

/** The prefix of every query of this feature. */
export const allLlmKey = ['llm'] as const;

const providerPath = (provider: string) => `/api/v1/llm/providers/${encodeURIComponent(provider)}`;

/** GET /api/v1/llm/providers (members): each provider, its keys and whether it is available. */
export const llmProvidersQueryOptions = queryOptions({
  queryKey: [...allLlmKey, 'providers'],
  queryFn: () => apiRequest<{ items: LlmProviderStatus[] }>('/api/v1/llm/providers'),
  select: (data) => data.items ?? [],
});

/** GET /api/v1/llm/providers/{provider}/models (members): the models its key reaches, when it says. */
export function llmModelsQueryOptions(provider: string) {
  return queryOptions({
    queryKey: [...allLlmKey, 'models', provider],
    queryFn: () => apiRequest<ModelList>(`${providerPath(provider)}/models`),
    // A provider's catalogue changes seldom; asking again on every visit is enough.
    staleTime: 5 * 60 * 1000,
  });
}

/** After a key changed: the provider's status as the server has it now, and its models again. */
function keyChanged(queryClient: QueryClient, provider: string, status?: LlmProviderStatus) {
  if (status) {
    queryClient.setQueryData(llmProvidersQueryOptions.queryKey, (data) =>
      data ? { items: (data.items ?? []).map((item) => (item.provider === status.provider ? status : item)) } : data,
    );
  }
  void queryClient.invalidateQueries({ queryKey: llmProvidersQueryOptions.queryKey });
  void queryClient.invalidateQueries({ queryKey: llmModelsQueryOptions(provider).queryKey });
}

/** PUT /api/v1/llm/providers/{provider}/key (admins): sets or replaces the organization's key. */
export function useSaveProviderKey(provider: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: ProviderKeyValues) =>
      apiRequest<LlmProviderStatus>(`${providerPath(provider)}/key`, { method: 'PUT', body: values }),
    onSuccess: (status) => keyChanged(queryClient, provider, status),
  });
}

/** DELETE /api/v1/llm/providers/{provider}/key (admins): agents fall back to the platform's key, if any. */
export function useRemoveProviderKey(provider: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>(`${providerPath(provider)}/key`, { method: 'DELETE' }),
    onSuccess: () => keyChanged(queryClient, provider),
  });
}

/**
 * POST /api/v1/llm/providers/{provider}/test (admins): one small call with the
 * key agents would use (and model, or the default). A refusal is an answer
 * (ok: false, with its message), not an error; the last check is saved, so
 * the status loads again.
 */
export function useTestProvider(provider: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (model: string = '') =>
      apiRequest<ProviderTestResult>(`${providerPath(provider)}/test`, { method: 'POST', body: { model } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: llmProvidersQueryOptions.queryKey });
    },
    // A key that works now may reach models it did not before.
    onSuccess: (result) => {
      if (result.ok) void queryClient.invalidateQueries({ queryKey: llmModelsQueryOptions(provider).queryKey });
    },
  });
}
