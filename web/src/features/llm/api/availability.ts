import { useQuery } from '@tanstack/react-query';
import { llmProvidersQueryOptions, type LlmProviderStatus } from './providers';

/** Whether an agent's provider can answer: 'unknown' while loading or when the list failed to load. */
export type ProviderAvailability = 'available' | 'missing' | 'unknown';

/**
 * Whether provider ('' = the platform's default, the status marked default)
 * can answer with the statuses given: its status must be available.
 */
export function providerAvailability(provider: string, statuses: LlmProviderStatus[] | undefined): ProviderAvailability {
  if (!statuses) return 'unknown';
  const status = provider === '' ? statuses.find((s) => s.default) : statuses.find((s) => s.provider === provider);
  return status?.available ? 'available' : 'missing';
}

/** GET /api/v1/llm/providers, read as whether the agent's provider can answer. */
export function useProviderAvailability(provider: string): ProviderAvailability {
  const statuses = useQuery(llmProvidersQueryOptions);
  return providerAvailability(provider, statuses.data);
}
