import { cleanup, configure } from '@testing-library/react';
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

// waitFor and findBy wait up to 5 s rather than 1 s: CI shares two cores
// with the Go tests, and a page that renders, fetches and re-renders can take
// longer than a second there. A test that should fail still fails, later.
configure({ asyncUtilTimeout: 5000 });

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
