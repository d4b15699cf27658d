import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/utils';
import { versionQueryOptions } from '../api/version';

/** One line with the version and commit of the running server, for footers. */
export function ServerVersion({ className }: { className?: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError } = useQuery(versionQueryOptions);
  return (
    <p className={cn('text-xs text-muted-foreground', className)}>
      {isPending ? (
        <span role="status">
          <span className="sr-only">{t('system.loading')}</span>
          <span aria-hidden="true" className="inline-block h-3 w-32 animate-pulse rounded bg-muted align-middle" />
        </span>
      ) : isError ? (
        t('system.unavailable')
      ) : (
        <>
          {t('system.label')} <span className="font-medium text-foreground">{data.version}</span>
          {' · '}
          <code className="font-mono" title={t('system.commitTitle', { commit: data.commit })}>
            {data.commit.slice(0, 7)}
          </code>
        </>
      )}
    </p>
  );
}
