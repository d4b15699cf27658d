import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import '@/i18n';
import { clearToasts } from '@/components/ui/toast';
import { defaultLanguage, useLanguageStore } from '@/i18n/language-store';
import { forgetCsrfToken } from '@/lib/api';
import { server } from './server';

// jsdom has no ResizeObserver; Radix's popovers (the dropdown menu) measure with it.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

afterEach(() => {
  cleanup();
  server.resetHandlers();
  localStorage.clear();
  forgetCsrfToken();
  clearToasts();
  document.cookie = 'piloto_csrf=; Max-Age=0; Path=/';
  useLanguageStore.setState({ language: defaultLanguage });
});

afterAll(() => server.close());
