import { TriangleAlertIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { cn } from '@/lib/utils';

/**
 * No provider can answer for the agent: nothing replies until a key is set.
 * Admins get the way to Configurações → IA; members are told to ask one.
 */
export function NoProviderNotice({ canConfigure, className }: { canConfigure: boolean; className?: string }) {
  const { t } = useTranslation();
  return (
    <div
      role="status"
      className={cn('flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950', className)}
    >
      <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
      <p>
        {canConfigure ? t('llm.noProvider.admin') : t('llm.noProvider.member')}
        {canConfigure && (
          <>
            {' '}
            <Link to={paths.settingsAi} className="font-medium text-primary underline-offset-4 hover:underline">
              {t('llm.noProvider.link')}
            </Link>
          </>
        )}
      </p>
    </div>
  );
}
