// The form of an organization's key for a provider, and the body of
// PUT /api/v1/llm/providers/{provider}/key. Field names are the API's, so the
// server's per-field errors land on the same inputs.
import { z } from 'zod';
import { validationMessage } from '@/lib/validation';

export const maxApiKey = 500;
export const maxBaseUrl = 2048;

export const providerKeySchema = z.object({
  api_key: z
    .string()
    .trim()
    .min(1, { error: validationMessage('llmApiKey') })
    .max(maxApiKey, { error: validationMessage('tooLong') })
    .refine((key) => !/\s/.test(key), { error: validationMessage('llmApiKeySpaces') }),
  /** OpenAI only: an OpenAI-compatible API (Groq, OpenRouter, Ollama…); empty for OpenAI's own. */
  base_url: z
    .string()
    .trim()
    .max(maxBaseUrl, { error: validationMessage('tooLong') })
    .refine((url) => url === '' || /^https?:\/\/[^\s/]+/i.test(url), { error: validationMessage('llmBaseUrl') }),
});
export type ProviderKeyValues = z.infer<typeof providerKeySchema>;
