import { useQuery } from '@tanstack/react-query';
import { LogOutIcon, MonitorIcon, MonitorSmartphoneIcon, SmartphoneIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { useSignOutEverywhere } from '@/features/auth/api/sign-out';
import { FormAlert } from '@/features/auth/components/form-alert';
import { useLanguageStore } from '@/i18n/language-store';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { type AccountSession, accountSessionsQueryOptions, useEndAccountSession } from '../api/sessions';

const phones = /Android|iPhone|iPad/;

/** Where the user is signed in: each session, a way to end it, and a way to end them all. */
export function SessionsCard() {
  const { t } = useTranslation();
  const { data: sessions, error, isPending, isError, isFetching, refetch } = useQuery(accountSessionsQueryOptions);
  const [ending, setEnding] = useState<AccountSession | null>(null);
  const [endingAll, setEndingAll] = useState(false);
  const endSession = useEndAccountSession();
  const signOutEverywhere = useSignOutEverywhere();

  function confirmEnd() {
    if (!ending) return;
    endSession.mutate(ending, {
      onSuccess: () => {
        setEnding(null);
        if (!ending.current) toast({ title: t('account.sessions.ended', { device: ending.device }) });
      },
      onError: (err) => {
        // Already over (e.g. ended from another device): the list catches up.
        if (err instanceof ApiError && err.status === 404) {
          setEnding(null);
          void refetch();
        }
      },
    });
  }

  return (
    <Card aria-labelledby="sessions-title">
      <CardHeader>
        <CardTitle id="sessions-title">{t('account.sessions.title')}</CardTitle>
        <CardDescription>{t('account.sessions.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <div role="status" className="grid gap-3">
            <span className="sr-only">{t('account.sessions.loading')}</span>
            <Skeleton className="h-14 w-full" />
            <Skeleton className="h-14 w-full" />
          </div>
        ) : isError ? (
          <div className="grid gap-3">
            <FormAlert title={t('account.sessions.loadFailed')} message={describeError(error, t)} />
            <div>
              <Button variant="outline" size="sm" disabled={isFetching} onClick={() => void refetch()}>
                {t('account.retry')}
              </Button>
            </div>
          </div>
        ) : sessions.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('account.sessions.empty')}</p>
        ) : (
          <ul className="divide-y" aria-label={t('account.sessions.listLabel')}>
            {sessions.map((session) => (
              <SessionRow
                key={session.id}
                session={session}
                onEnd={() => {
                  endSession.reset();
                  setEnding(session);
                }}
              />
            ))}
          </ul>
        )}
        <div className="mt-4 border-t pt-4">
          <Button variant="outline" onClick={() => setEndingAll(true)}>
            <MonitorSmartphoneIcon aria-hidden="true" />
            {t('account.sessions.endAll')}
          </Button>
        </div>
      </CardContent>

      <ConfirmDialog
        open={ending !== null}
        onOpenChange={(open) => !open && setEnding(null)}
        title={ending?.current ? t('account.sessions.confirmCurrentTitle') : t('account.sessions.confirmTitle')}
        description={
          ending?.current
            ? t('account.sessions.confirmCurrentBody')
            : t('account.sessions.confirmBody', { device: ending?.device ?? '', ip: ending?.ip ?? '' })
        }
        confirmLabel={t('account.sessions.end')}
        pending={endSession.isPending}
        onConfirm={confirmEnd}
        error={endSession.error ? { title: t('account.sessions.endFailed'), message: describeError(endSession.error, t) } : null}
      />
      <ConfirmDialog
        open={endingAll}
        onOpenChange={(open) => {
          signOutEverywhere.reset();
          setEndingAll(open);
        }}
        title={t('userMenu.confirmTitle')}
        description={t('userMenu.confirmBody')}
        confirmLabel={t('userMenu.confirmAction')}
        pending={signOutEverywhere.isPending}
        // On success the session is over: the route guard takes the user to the sign-in page.
        onConfirm={() => signOutEverywhere.mutate()}
        error={
          signOutEverywhere.error && !(signOutEverywhere.error instanceof ApiError && signOutEverywhere.error.status === 401)
            ? { title: t('userMenu.signOutFailed'), message: describeError(signOutEverywhere.error, t) }
            : null
        }
      />
    </Card>
  );
}

function SessionRow({ session, onEnd }: { session: AccountSession; onEnd: () => void }) {
  const { t } = useTranslation();
  const locale = useLanguageStore((state) => state.language);
  const Icon = phones.test(session.user_agent) ? SmartphoneIcon : MonitorIcon;
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3 first:pt-0 last:pb-0" aria-current={session.current || undefined}>
      <Icon className="size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
          <span className="break-words" title={session.user_agent}>
            {session.device}
          </span>
          {session.current && <Badge>{t('account.sessions.thisDevice')}</Badge>}
        </p>
        <p className="text-sm text-muted-foreground">
          {session.ip && <span className="break-all">{t('account.sessions.ip', { ip: session.ip })} · </span>}
          <time dateTime={session.last_used_at} title={formatDateTime(session.last_used_at, { locale })}>
            {session.current
              ? t('account.sessions.activeNow')
              : t('account.sessions.lastSeen', { when: formatRelativeTime(session.last_used_at, { locale }) })}
          </time>
        </p>
        <p className="text-xs text-muted-foreground">
          {t('account.sessions.signedInAt', { when: formatDateTime(session.created_at, { locale }) })}
        </p>
      </div>
      <Button
        variant="outline"
        size="sm"
        onClick={onEnd}
        aria-label={
          session.current
            ? t('account.sessions.endCurrentLabel')
            : t('account.sessions.endLabel', { device: session.device, ip: session.ip })
        }
      >
        <LogOutIcon aria-hidden="true" />
        {t('account.sessions.end')}
      </Button>
    </li>
  );
}
