import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { waitingCountQueryOptions } from '../api/inbox';

/** The badge on "Conversas": how many conversations wait for a person (live). */
export function WaitingBadge() {
  const { t } = useTranslation();
  const waiting = useQuery(waitingCountQueryOptions);
  const count = waiting.data?.count ?? 0;
  if (count === 0) return null;
  const shown = waiting.data?.more ? '99+' : String(count);
  return (
    <span className="ml-auto flex h-5 min-w-5 items-center justify-center rounded-full bg-amber-500 px-1.5 text-[11px] font-semibold text-white" data-testid="waiting-badge">
      <span aria-hidden="true">{shown}</span>
      <span className="sr-only">{t('inbox.waitingBadge', { count })}</span>
    </span>
  );
}
