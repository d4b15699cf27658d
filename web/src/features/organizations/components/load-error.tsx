import { CloudOffIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

/** A part of the page that could not load: why, and a way to try again. */
export function LoadError({ title, message, onRetry, retrying }: { title: string; message: string; onRetry: () => void; retrying: boolean }) {
  const { t } = useTranslation();
  return (
    <div role="alert">
      <EmptyState
        icon={CloudOffIcon}
        title={title}
        action={
          <Button variant="outline" onClick={onRetry} disabled={retrying}>
            {t('organizations.retry')}
          </Button>
        }
      >
        <p>{message}</p>
      </EmptyState>
    </div>
  );
}
