import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const languages = ['pt-BR', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'pt-BR';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
}

/** localStorage key of the chosen language. */
export const languageStorageKey = 'piloto.language';

/** The chosen language, kept in localStorage. src/i18n applies it to i18next and <html lang>. */
export const useLanguageStore = create<LanguageState>()(
  persist(
    (set) => ({
      language: defaultLanguage,
      setLanguage: (language) => set({ language }),
    }),
    {
      name: languageStorageKey,
      partialize: (state) => ({ language: state.language }),
      // Ignore anything in storage that is not a language we have.
      merge: (persisted, current) => {
        const language = (persisted as { language?: unknown } | undefined)?.language;
        return isLanguage(language) ? { ...current, language } : current;
      },
    },
  ),
);
