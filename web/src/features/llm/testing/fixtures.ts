// Test data and API handlers for the LLM providers.
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/server';
import type { LlmProviderStatus, ModelList } from '../api/providers';

export function providerStatus(overrides: Partial<LlmProviderStatus> & Pick<LlmProviderStatus, 'provider'>): LlmProviderStatus {
  const names: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Google Gemini' };
  const models: Record<string, string> = { openai: 'gpt-4.1-mini', anthropic: 'claude-haiku-4-5', gemini: 'gemini-3.1-flash-lite' };
  return {
    name: names[overrides.provider] ?? overrides.provider,
    platform_key: false,
    organization_key: null,
    available: false,
    default_model: models[overrides.provider] ?? '',
    default: overrides.provider === 'openai',
    ...overrides,
  };
}

/** OpenAI with the organization's own key (tested, fine); Anthropic on the platform's key; Gemini without any. */
export const defaultStatuses: LlmProviderStatus[] = [
  providerStatus({
    provider: 'openai',
    available: true,
    organization_key: {
      key_hint: 'sk-…a1b2',
      base_url: '',
      updated_at: '2025-03-01T12:00:00Z',
      checked_at: '2025-03-01T12:01:00Z',
      check_error: '',
    },
  }),
  providerStatus({ provider: 'anthropic', platform_key: true, available: true }),
  providerStatus({ provider: 'gemini' }),
];

export const defaultModels: Record<string, ModelList> = {
  openai: { items: ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4o-mini'], listed: true },
  anthropic: { items: [], listed: false, message: 'O serviço da Anthropic não lista os modelos disponíveis. Digite o nome do modelo.' },
};

/** The providers' statuses and models answer (a provider with no models given: 404). */
export function llmApi({ statuses = defaultStatuses, models = defaultModels }: { statuses?: LlmProviderStatus[]; models?: Record<string, ModelList> } = {}) {
  server.use(
    http.get('/api/v1/llm/providers', () => HttpResponse.json({ items: statuses })),
    http.get('/api/v1/llm/providers/:provider/models', ({ params }) => {
      const list = models[String(params.provider)];
      return list
        ? HttpResponse.json(list)
        : HttpResponse.json({ error: { code: 'not_found', message: 'Provedor desconhecido.' } }, { status: 404 });
    }),
  );
}
