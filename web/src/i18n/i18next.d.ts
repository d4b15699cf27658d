import 'i18next';
import type ptBR from './locales/pt-BR.json';

// Type-checks translation keys against the pt-BR locale (the locale parity
// test keeps en in step).
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ptBR };
  }
}
