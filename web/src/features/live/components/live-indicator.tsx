import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/utils';
import { useLiveStatus } from '../api/live-store';

/** A dot in the top bar: the live updates are connected ("Ao vivo") or coming back ("Reconectando…"). */
export function LiveIndicator({ className }: { className?: string }) {
  const { t } = useTranslation();
  const status = useLiveStatus((state) => state.status);
  if (!status) return null;
  const label = status === 'live' ? t('live.live') : status === 'connecting' ? t('live.connecting') : t('live.reconnecting');
  const title = status === 'live' ? t('live.liveTitle') : t('live.reconnectingTitle');
  return (
    <span
      role="status"
      aria-live="polite"
      title={title}
      className={cn('inline-flex items-center gap-1.5 px-2 text-xs text-muted-foreground', className)}
    >
      <span
        aria-hidden="true"
        className={cn('size-2 rounded-full', status === 'live' ? 'bg-emerald-500' : 'animate-pulse bg-amber-500')}
      />
      <span className="sr-only sm:not-sr-only">{label}</span>
    </span>
  );
}
