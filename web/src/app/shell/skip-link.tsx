import { useTranslation } from 'react-i18next';

/** The first focusable element: jumps keyboard users past the navigation to <main id="main">. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a
      href="#main"
      className="sr-only z-[60] rounded-md bg-primary text-primary-foreground focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:px-4 focus:py-2 focus:outline-none focus:ring-2 focus:ring-ring focus:ring-offset-2"
    >
      {t('app.skipToContent')}
    </a>
  );
}
