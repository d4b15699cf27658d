import { useQuery } from '@tanstack/react-query';
import { MailIcon, MailPlusIcon, RotateCwIcon, XIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import type { Role } from '@/features/auth/api/session';
import { useLanguageStore } from '@/i18n/language-store';
import { describeError } from '@/lib/error-message';
import { formatDate } from '@/lib/format';
import {
  type Invitation,
  type InvitationStatus,
  invitationsQueryOptions,
  useResendInvitation,
  useRevokeInvitation,
} from '../api/invitations';
import { explainError } from '../error-message';
import { ErrorAlert } from './error-alert';
import { InviteDialog } from './invite-dialog';
import { LoadError } from './load-error';

const statusVariant = {
  pending: 'warning',
  accepted: 'success',
  revoked: 'muted',
  expired: 'muted',
} as const satisfies Record<InvitationStatus, string>;

/** The organization's invitations (admins and owners): who was invited, where each stands, and a new one. */
export function InvitationsCard({ role }: { role: Role }) {
  const { t } = useTranslation();
  const invitations = useQuery(invitationsQueryOptions);
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  let body;
  if (invitations.data && invitations.data.length === 0) {
    body = (
      <EmptyState icon={MailIcon} title={t('team.invitations.emptyTitle')} className="py-8">
        <p>{t('team.invitations.emptyBody')}</p>
      </EmptyState>
    );
  } else if (invitations.data) {
    body = (
      <ul className="divide-y" aria-labelledby="team-invitations-title">
        {invitations.data.map((invitation) => (
          <InvitationItem key={invitation.id} invitation={invitation} onRevoke={() => setRevoking(invitation)} />
        ))}
      </ul>
    );
  } else if (invitations.isError) {
    body = (
      <LoadError
        title={t('team.invitations.loadFailed')}
        message={describeError(invitations.error, t)}
        onRetry={() => void invitations.refetch()}
        retrying={invitations.isFetching}
      />
    );
  } else {
    body = (
      <div role="status" className="grid gap-3">
        <span className="sr-only">{t('team.invitations.loading')}</span>
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-12 w-full" />
        ))}
      </div>
    );
  }

  return (
    <Card aria-labelledby="team-invitations-title">
      <CardHeader className="sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="grid gap-1.5">
          <CardTitle id="team-invitations-title">{t('team.invitations.title')}</CardTitle>
          <CardDescription>{t('team.invitations.description')}</CardDescription>
        </div>
        <Button className="mt-3 w-full sm:mt-0 sm:w-auto" onClick={() => setInviting(true)}>
          <MailPlusIcon aria-hidden="true" />
          {t('team.invite.action')}
        </Button>
      </CardHeader>
      <CardContent>{body}</CardContent>
      <InviteDialog open={inviting} onOpenChange={setInviting} role={role} />
      <RevokeDialog invitation={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function InvitationItem({ invitation, onRevoke }: { invitation: Invitation; onRevoke: () => void }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const resend = useResendInvitation();
  const date = (value: string) => formatDate(value, { locale: language });
  const pending = invitation.status === 'pending';
  const canResend = pending || invitation.status === 'expired';

  function resendIt() {
    resend.mutate(invitation.id, {
      onSuccess: () => toast({ title: t('team.invitations.resent', { email: invitation.email }) }),
      onError: (err) => toast({ title: t('team.invitations.resendFailed'), description: explainError(err, t) }),
    });
  }

  return (
    <li className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center">
      <div className="grid min-w-0 flex-1 gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="truncate font-medium">{invitation.email}</span>
          <Badge variant={statusVariant[invitation.status]}>{t(`team.invitations.status.${invitation.status}`)}</Badge>
        </div>
        <p className="text-sm text-muted-foreground">
          {t(`roles.${invitation.role}`)} ·{' '}
          {t('team.invitations.invitedBy', { name: invitation.invited_by, date: date(invitation.created_at) })}
          {pending && <> · {t('team.invitations.expires', { date: date(invitation.expires_at) })}</>}
        </p>
      </div>
      {(canResend || pending) && (
        <div className="flex gap-2">
          {canResend && (
            <Button
              variant="outline"
              size="sm"
              onClick={resendIt}
              disabled={resend.isPending}
              aria-label={t('team.invitations.resendLabel', { email: invitation.email })}
            >
              <RotateCwIcon aria-hidden="true" className={resend.isPending ? 'animate-spin' : undefined} />
              {t('team.invitations.resend')}
            </Button>
          )}
          {pending && (
            <Button
              variant="ghost"
              size="sm"
              onClick={onRevoke}
              aria-label={t('team.invitations.revokeLabel', { email: invitation.email })}
            >
              <XIcon aria-hidden="true" />
              {t('team.invitations.revoke')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

function RevokeDialog({ invitation, onClose }: { invitation: Invitation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeInvitation();
  // Kept while the dialog closes, so its text does not change under the animation.
  const [shown, setShown] = useState<Invitation | null>(invitation);
  if (invitation && invitation !== shown) {
    setShown(invitation);
  }
  const email = shown?.email ?? '';

  function close() {
    revoke.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={invitation !== null}
      onOpenChange={(open) => !open && close()}
      title={t('team.invitations.revokeTitle')}
      description={t('team.invitations.revokeBody', { email })}
      confirmLabel={t('team.invitations.revokeConfirm')}
      pending={revoke.isPending}
      onConfirm={() => {
        if (!invitation) return;
        revoke.mutate(invitation.id, {
          onSuccess: () => {
            toast({ title: t('team.invitations.revoked', { email: invitation.email }) });
            close();
          },
        });
      }}
    >
      {revoke.error && <ErrorAlert title={t('team.invitations.revokeFailed')} message={explainError(revoke.error, t)} />}
    </ConfirmDialog>
  );
}
