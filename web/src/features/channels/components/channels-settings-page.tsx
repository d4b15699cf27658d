import { useQuery } from '@tanstack/react-query';
import { MessageCircleIcon, PlusIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { agentsQueryOptions } from '@/features/agents/api/agents';
import { useSession } from '@/features/auth/api/session';
import { LoadError } from '@/features/organizations/components/load-error';
import { atLeast } from '@/features/organizations/roles';
import { describeError } from '@/lib/error-message';
import { channelsQueryOptions } from '../api/channels';
import { ChannelCard } from './channel-card';
import { ChannelFormDialog } from './channel-form-dialog';

/**
 * /configuracoes/canais: the organization's WhatsApp numbers, each with its
 * state (proven, on, last webhook) and the agent that answers it. Admins and
 * owners add, test, change and delete them; members read them.
 */
export function ChannelsSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const editable = session ? atLeast(session.role, 'admin') : false;
  const channels = useQuery(channelsQueryOptions);
  const agents = useQuery(agentsQueryOptions);
  const [adding, setAdding] = useState(false);
  const agentNames = new Map((agents.data ?? []).map((agent) => [agent.id, agent.name]));

  const addButton = editable && (
    <Button onClick={() => setAdding(true)}>
      <PlusIcon aria-hidden="true" />
      {t('channels.add')}
    </Button>
  );

  let body;
  if (channels.isPending) {
    body = (
      <div role="status" className="grid gap-4">
        <span className="sr-only">{t('channels.loading')}</span>
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-56 w-full" />
        ))}
      </div>
    );
  } else if (channels.isError) {
    body = (
      <LoadError
        title={t('channels.loadFailed')}
        message={describeError(channels.error, t)}
        onRetry={() => void channels.refetch()}
        retrying={channels.isFetching}
      />
    );
  } else if (channels.data.length === 0) {
    body = (
      <EmptyState icon={MessageCircleIcon} title={t('channels.emptyTitle')} action={addButton || undefined}>
        <p>{t('channels.emptyBody')}</p>
      </EmptyState>
    );
  } else {
    body = (
      <div className="grid grid-cols-1 gap-6">
        {channels.data.map((channel) => (
          <ChannelCard
            key={channel.id}
            channel={channel}
            // While the agents load, a name not known yet is not "not found".
            agentName={agentNames.get(channel.agent_id) ?? (agents.isSuccess ? undefined : '…')}
            editable={editable}
          />
        ))}
      </div>
    );
  }

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">{t('channels.title')}</h2>
          <p className="mt-1 max-w-prose text-sm text-muted-foreground">{t('channels.description')}</p>
          {!editable && <p className="mt-2 max-w-prose text-sm text-muted-foreground">{t('channels.readOnly')}</p>}
        </div>
        {channels.isSuccess && channels.data.length > 0 && addButton}
      </div>
      {body}
      {adding && <ChannelFormDialog onOpenChange={setAdding} />}
    </div>
  );
}
