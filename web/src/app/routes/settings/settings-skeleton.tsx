import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/skeleton';

/** A settings tab's outline while its page loads. */
export function SettingsTabSkeleton() {
  const { t } = useTranslation();
  return (
    <div role="status" className="grid gap-4">
      <span className="sr-only">{t('app.loading')}</span>
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}
