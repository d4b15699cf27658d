import type { TFunction } from 'i18next';
import { llmProviders, type LlmProvider } from './api/providers';

export function isKnownProvider(provider: string): provider is LlmProvider {
  return (llmProviders as readonly string[]).includes(provider);
}

/**
 * The provider as a sentence needs it after "a chave": "da OpenAI", "do
 * Google Gemini" (in English, just the name). A provider the app does not
 * know yet goes by the name the server gives.
 */
export function providerOf(t: TFunction, status: { provider: string; name: string }): string {
  return isKnownProvider(status.provider) ? t(`llm.of.${status.provider}`) : t('llm.of.other', { name: status.name });
}
