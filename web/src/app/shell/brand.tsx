import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { cn } from '@/lib/utils';

/** The logo and product name, linking to the home screen. */
export function Brand({ className, onNavigate }: { className?: string; onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <Link
      to={paths.home}
      onClick={onNavigate}
      aria-label={t('app.home')}
      className={cn(
        'flex items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-2 focus-visible:ring-ring',
        className,
      )}
    >
      <img src="/favicon.svg" alt="" className="size-7" />
      <span className="whitespace-nowrap">{t('app.name')}</span>
    </Link>
  );
}
