import { describe, expect, it } from 'vitest';
import { providerStatus } from '../testing/fixtures';
import { providerAvailability } from './availability';

describe('providerAvailability', () => {
  const openai = providerStatus({ provider: 'openai', default: true, available: false });
  const anthropic = providerStatus({ provider: 'anthropic', default: false, available: true });

  it('reads the platform default for an agent without a provider of its own', () => {
    // Anthropic has a key, but the agent would call the default, OpenAI.
    expect(providerAvailability('', [openai, anthropic])).toBe('missing');
    expect(providerAvailability('', [{ ...openai, default: false }, { ...anthropic, default: true }])).toBe('available');
  });

  it('reads the named provider', () => {
    expect(providerAvailability('anthropic', [openai, anthropic])).toBe('available');
    expect(providerAvailability('openai', [openai, anthropic])).toBe('missing');
    expect(providerAvailability('gemini', [openai, anthropic])).toBe('missing');
  });

  it('is unknown until the list loads', () => {
    expect(providerAvailability('', undefined)).toBe('unknown');
  });
});
