import { TriangleAlertIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** Shown instead of a page that threw while rendering (the router's error boundary). */
export function RouteErrorPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('errors.crash.title'));
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-16">
      <EmptyState
        icon={TriangleAlertIcon}
        title={t('errors.crash.title')}
        action={<Button onClick={() => window.location.reload()}>{t('errors.crash.action')}</Button>}
      >
        <p>{t('errors.crash.body')}</p>
      </EmptyState>
    </main>
  );
}
