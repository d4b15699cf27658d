import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LogOutIcon, UserMinusIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { NativeSelect } from '@/components/ui/native-select';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { type Role, type Session, sessionQueryOptions } from '@/features/auth/api/session';
import { useLanguageStore } from '@/i18n/language-store';
import { describeError } from '@/lib/error-message';
import { formatDate } from '@/lib/format';
import { type Member, membersQueryOptions, useChangeRole, useLeaveOrganization, useRemoveMember } from '../api/members';
import { explainError } from '../error-message';
import { roles } from '../roles';
import { ErrorAlert } from './error-alert';
import { LoadError } from './load-error';

/** The people of the organization, with their roles; what the user may do to each. */
export function MembersCard({ session }: { session: Session }) {
  const { t } = useTranslation();
  const members = useQuery(membersQueryOptions);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [leaving, setLeaving] = useState(false);

  let body;
  if (members.data) {
    body = (
      <Table aria-labelledby="team-members-title">
        <thead>
          {/* On a phone each person is a block: name, then role and action side by side. */}
          <TableRow className="hidden hover:bg-transparent sm:table-row">
            <TableHead>{t('team.members.person')}</TableHead>
            <TableHead>{t('team.members.role')}</TableHead>
            <TableHead className="hidden md:table-cell">{t('team.members.joined')}</TableHead>
            <TableHead>
              <span className="sr-only">{t('team.members.actions')}</span>
            </TableHead>
          </TableRow>
        </thead>
        <TableBody>
          {members.data.map((member) => (
            <MemberRow
              key={member.user_id}
              member={member}
              session={session}
              onRemove={() => setRemoving(member)}
              onLeave={() => setLeaving(true)}
            />
          ))}
        </TableBody>
      </Table>
    );
  } else if (members.isError) {
    body = (
      <LoadError
        title={t('team.members.loadFailed')}
        message={describeError(members.error, t)}
        onRetry={() => void members.refetch()}
        retrying={members.isFetching}
      />
    );
  } else {
    body = (
      <div role="status" className="grid gap-3">
        <span className="sr-only">{t('team.members.loading')}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    );
  }

  return (
    <Card aria-labelledby="team-members-title">
      <CardHeader>
        <CardTitle id="team-members-title">{t('team.members.title')}</CardTitle>
        <CardDescription>
          {session.role === 'owner' ? t('team.members.descriptionOwner') : t('team.members.description')}
        </CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
      <RemoveMemberDialog member={removing} onClose={() => setRemoving(null)} />
      <LeaveDialog open={leaving} onOpenChange={setLeaving} session={session} />
    </Card>
  );
}

interface MemberRowProps {
  member: Member;
  session: Session;
  onRemove: () => void;
  onLeave: () => void;
}

function MemberRow({ member, session, onRemove, onLeave }: MemberRowProps) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const queryClient = useQueryClient();
  const changeRole = useChangeRole();
  const isMe = member.user_id === session.user.id;
  const isOwner = session.role === 'owner';

  function change(role: Role) {
    changeRole.mutate(
      { userId: member.user_id, role },
      {
        onSuccess: () => {
          toast({ title: t('team.members.roleChanged', { name: member.name, role: t(`roles.${role}`) }) });
          // A change of one's own role changes what the app lets one do.
          if (isMe) void queryClient.invalidateQueries({ queryKey: sessionQueryOptions.queryKey });
        },
        onError: (err) => toast({ title: t('team.members.roleFailed'), description: explainError(err, t) }),
      },
    );
  }

  return (
    <TableRow className="flex flex-wrap items-center py-1 sm:table-row sm:py-0">
      <TableCell className="block w-full min-w-0 pb-1 sm:table-cell sm:w-auto sm:max-w-xs sm:pb-2.5">
        <div className="flex flex-wrap items-center gap-x-2">
          <span className="truncate font-medium">{member.name}</span>
          {isMe && <Badge variant="muted">{t('team.members.you')}</Badge>}
        </div>
        <div className="truncate text-muted-foreground">{member.email}</div>
      </TableCell>
      <TableCell className="block pt-1 sm:table-cell sm:pt-2.5">
        {isOwner ? (
          <NativeSelect
            aria-label={t('team.members.roleOf', { name: member.name })}
            value={member.role}
            disabled={changeRole.isPending}
            onChange={(event) => change(event.target.value as Role)}
            className="w-40"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </NativeSelect>
        ) : (
          <span className="whitespace-nowrap">{t(`roles.${member.role}`)}</span>
        )}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
        {formatDate(member.joined_at, { locale: language })}
      </TableCell>
      <TableCell className="ml-auto block pt-1 text-right sm:table-cell sm:pt-2.5">
        {isMe ? (
          <Button variant="ghost" size="sm" onClick={onLeave}>
            <LogOutIcon aria-hidden="true" />
            {t('team.leave.action')}
          </Button>
        ) : (
          isOwner && (
            <Button variant="ghost" size="sm" onClick={onRemove} aria-label={t('team.remove.label', { name: member.name })}>
              <UserMinusIcon aria-hidden="true" />
              <span className="hidden sm:inline">{t('team.remove.action')}</span>
            </Button>
          )
        )}
      </TableCell>
    </TableRow>
  );
}

function RemoveMemberDialog({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useRemoveMember();
  // Kept while the dialog closes, so its text does not change under the animation.
  const [shown, setShown] = useState<Member | null>(member);
  if (member && member !== shown) {
    setShown(member);
  }
  const name = shown?.name ?? '';

  function close() {
    remove.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={member !== null}
      onOpenChange={(open) => !open && close()}
      title={t('team.remove.title', { name })}
      description={t('team.remove.body', { name })}
      confirmLabel={t('team.remove.confirm')}
      pending={remove.isPending}
      onConfirm={() => {
        if (!member) return;
        remove.mutate(member.user_id, {
          onSuccess: () => {
            toast({ title: t('team.remove.done', { name: member.name }) });
            close();
          },
        });
      }}
    >
      {remove.error && <ErrorAlert title={t('team.remove.failed')} message={explainError(remove.error, t)} />}
    </ConfirmDialog>
  );
}

function LeaveDialog({ open, onOpenChange, session }: { open: boolean; onOpenChange: (open: boolean) => void; session: Session }) {
  const { t } = useTranslation();
  const leave = useLeaveOrganization();
  const name = session.organization.name;

  function changeOpen(next: boolean) {
    if (!next) leave.reset();
    onOpenChange(next);
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={changeOpen}
      title={t('team.leave.title', { name })}
      description={t('team.leave.body', { name })}
      confirmLabel={t('team.leave.confirm')}
      pending={leave.isPending}
      onConfirm={() =>
        leave.mutate(session.user.id, { onSuccess: () => toast({ title: t('team.leave.done', { name }) }) })
      }
    >
      {leave.error && <ErrorAlert title={t('team.leave.failed')} message={explainError(leave.error, t)} />}
    </ConfirmDialog>
  );
}
