import { useQuery } from '@tanstack/react-query';
import { Link2OffIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { FormAlert } from '@/features/auth/components/form-alert';
import { useLanguageStore } from '@/i18n/language-store';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { formatDate } from '@/lib/format';
import { type ConnectedIdentity, identitiesQueryOptions, useDisconnectIdentity } from '../api/identities';

/** The provider's name for people: Google for Google's issuer, else the issuer's host. */
function providerName(issuer: string): string {
  try {
    const host = new URL(issuer).hostname;
    return host === 'accounts.google.com' || host.endsWith('.google.com') ? 'Google' : host;
  } catch {
    return issuer;
  }
}

/** The accounts at other providers (Google) the user signs in with, and a way to disconnect each. */
export function ConnectedAccountsCard() {
  const { t } = useTranslation();
  const locale = useLanguageStore((state) => state.language);
  const { data: identities, error, isPending, isError, isFetching, refetch } = useQuery(identitiesQueryOptions);
  const [disconnecting, setDisconnecting] = useState<ConnectedIdentity | null>(null);
  const disconnect = useDisconnectIdentity();

  function confirm() {
    if (!disconnecting) return;
    const identity = disconnecting;
    disconnect.mutate(identity, {
      onSuccess: () => {
        setDisconnecting(null);
        toast({ title: t('account.identities.disconnected', { provider: providerName(identity.issuer) }) });
      },
    });
  }

  // A conflict: it is the last way to sign in; the server's message says what to do first.
  // (organization_changed, the other 409, is not this card's: it is described by its code.)
  const failure = disconnect.error
    ? {
        title: t('account.identities.disconnectFailed'),
        message:
          disconnect.error instanceof ApiError && disconnect.error.code === 'conflict'
            ? disconnect.error.message
            : describeError(disconnect.error, t),
      }
    : null;

  return (
    <Card aria-labelledby="identities-title">
      <CardHeader>
        <CardTitle id="identities-title">{t('account.identities.title')}</CardTitle>
        <CardDescription>{t('account.identities.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <div role="status">
            <span className="sr-only">{t('account.identities.loading')}</span>
            <Skeleton className="h-12 w-full" />
          </div>
        ) : isError ? (
          <div className="grid gap-3">
            <FormAlert title={t('account.identities.loadFailed')} message={describeError(error, t)} />
            <div>
              <Button variant="outline" size="sm" disabled={isFetching} onClick={() => void refetch()}>
                {t('account.retry')}
              </Button>
            </div>
          </div>
        ) : identities.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('account.identities.empty')}</p>
        ) : (
          <ul className="divide-y">
            {identities.map((identity) => (
              <li key={identity.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3 first:pt-0 last:pb-0">
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className="text-sm font-medium">{providerName(identity.issuer)}</p>
                  <p className="text-sm break-all text-muted-foreground">{identity.email}</p>
                  <p className="text-xs text-muted-foreground">
                    {t('account.identities.since', { date: formatDate(identity.created_at, { locale }) })}
                  </p>
                </div>
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={t('account.identities.disconnectLabel', {
                    provider: providerName(identity.issuer),
                    email: identity.email,
                  })}
                  onClick={() => {
                    disconnect.reset();
                    setDisconnecting(identity);
                  }}
                >
                  <Link2OffIcon aria-hidden="true" />
                  {t('account.identities.disconnect')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={disconnecting !== null}
        onOpenChange={(open) => !open && setDisconnecting(null)}
        title={t('account.identities.confirmTitle', { provider: disconnecting ? providerName(disconnecting.issuer) : '' })}
        description={t('account.identities.confirmBody', {
          provider: disconnecting ? providerName(disconnecting.issuer) : '',
          email: disconnecting?.email ?? '',
        })}
        confirmLabel={t('account.identities.disconnect')}
        pending={disconnect.isPending}
        onConfirm={confirm}
        error={failure}
      />
    </Card>
  );
}
