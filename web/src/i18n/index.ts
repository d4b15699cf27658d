// i18next set up with both locales bundled (they are small), following the
// language store: a change there switches the texts and <html lang>.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, languages, useLanguageStore, type Language } from './language-store';
import en from './locales/en.json';
import ptBR from './locales/pt-BR.json';

export const resources = {
  'pt-BR': { translation: ptBR },
  en: { translation: en },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: useLanguageStore.getState().language,
  fallbackLng: defaultLanguage,
  supportedLngs: languages,
  load: 'currentOnly',
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
});

function applyLanguage(language: Language) {
  document.documentElement.lang = language;
  if (i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
}

applyLanguage(useLanguageStore.getState().language);
useLanguageStore.subscribe((state) => applyLanguage(state.language));

export { i18n };
