import { useQuery } from '@tanstack/react-query';
import { KeyRoundIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/features/auth/api/session';
import { LoadError } from '@/features/organizations/components/load-error';
import { atLeast } from '@/features/organizations/roles';
import { describeError } from '@/lib/error-message';
import { llmProvidersQueryOptions } from '../api/providers';
import { ProviderCard } from './provider-card';

/**
 * /configuracoes/ia: a card per LLM provider — which key agents use (the
 * organization's, the platform's or none), the last test — where admins and
 * owners set, test and remove the organization's own keys. Members read it.
 */
export function AiSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const editable = session ? atLeast(session.role, 'admin') : false;
  const providers = useQuery(llmProvidersQueryOptions);

  let body;
  if (providers.isPending) {
    body = (
      <div role="status" className="grid gap-4">
        <span className="sr-only">{t('llm.loading')}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-40 w-full" />
        ))}
      </div>
    );
  } else if (providers.isError) {
    body = (
      <LoadError
        title={t('llm.loadFailed')}
        message={describeError(providers.error, t)}
        onRetry={() => void providers.refetch()}
        retrying={providers.isFetching}
      />
    );
  } else if (providers.data.length === 0) {
    body = (
      <EmptyState icon={KeyRoundIcon} title={t('llm.emptyTitle')}>
        <p>{t('llm.emptyBody')}</p>
      </EmptyState>
    );
  } else {
    body = (
      <div className="grid grid-cols-1 gap-6">
        {providers.data.map((status) => (
          <ProviderCard key={status.provider} status={status} editable={editable} />
        ))}
      </div>
    );
  }

  return (
    <div className="grid grid-cols-1 gap-4">
      <div>
        <h2 className="text-lg font-semibold">{t('llm.title')}</h2>
        <p className="mt-1 max-w-prose text-sm text-muted-foreground">{t('llm.description')}</p>
        {!editable && <p className="mt-2 max-w-prose text-sm text-muted-foreground">{t('llm.readOnly')}</p>}
      </div>
      {body}
    </div>
  );
}
