import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { LoaderCircleIcon, MailXIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { paths } from '@/app/paths';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { type Session, sessionQueryOptions } from '@/features/auth/api/session';
import { useSignOut } from '@/features/auth/api/sign-out';
import { PasswordInput } from '@/features/auth/components/password-input';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';
import { setServerFieldErrors } from '@/lib/form-errors';
import {
  type InvitationInfo,
  invitationLookupQueryOptions,
  useAcceptInvitation,
  useAcceptInvitationAsNewUser,
} from '../api/invitations';
import { explainError } from '../error-message';
import { useOpenOrganization } from '../hooks';
import { acceptInvitationSchema, type AcceptInvitationValues } from '../schemas';
import { ErrorAlert } from './error-alert';

/**
 * The invitation page's content for the link's token: what the invitation
 * is, then the way in that fits who is here — accept (signed in with the
 * invited e-mail), sign out (signed in as someone else), sign in (the
 * e-mail has an account) or create the account.
 */
export function InvitationAcceptance({ token }: { token: string }) {
  const { t } = useTranslation();
  const lookup = useQuery({ ...invitationLookupQueryOptions(token), enabled: token !== '' });
  const session = useQuery(sessionQueryOptions);

  if (token === '') {
    return <BadLink message={t('team.accept.missingToken')} />;
  }
  if (lookup.isError) {
    if (lookup.error instanceof ApiError && lookup.error.status === 400) {
      return <BadLink message={t('team.accept.invalid')} />;
    }
    return (
      <ErrorAlert
        title={t('team.accept.lookupFailed')}
        message={describeError(lookup.error, t)}
        action={
          <Button size="sm" variant="outline" onClick={() => void lookup.refetch()} disabled={lookup.isFetching}>
            {t('organizations.retry')}
          </Button>
        }
      />
    );
  }
  if (!lookup.data || session.isPending) {
    return <Loading />;
  }

  const info = lookup.data;
  let way;
  if (session.data) {
    way =
      session.data.user.email.toLowerCase() === info.email.toLowerCase() ? (
        <AcceptAsMember token={token} />
      ) : (
        <SignedInAsSomeoneElse session={session.data} info={info} />
      );
  } else if (info.account_exists) {
    way = <SignInFirst token={token} info={info} />;
  } else {
    way = <CreateAccount token={token} info={info} />;
  }

  return (
    <div className="grid gap-6">
      <Summary info={info} />
      {way}
    </div>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <div role="status" className="grid gap-3">
      <span className="sr-only">{t('team.accept.loading')}</span>
      <Skeleton className="h-16 w-full" />
      <Skeleton className="h-10 w-full" />
    </div>
  );
}

function BadLink({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="grid justify-items-center gap-3 text-center">
      <MailXIcon className="size-8 text-muted-foreground" aria-hidden="true" />
      <p className="text-sm">{message}</p>
      <Button asChild variant="outline" className="w-full">
        <Link to={paths.signIn}>{t('team.accept.goToSignIn')}</Link>
      </Button>
    </div>
  );
}

function Summary({ info }: { info: InvitationInfo }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-1 rounded-lg border bg-muted/50 p-4 text-sm">
      <p className="text-base font-semibold">{info.organization}</p>
      <p className="text-muted-foreground">
        {t('team.accept.summary', { inviter: info.invited_by, role: t(`roles.${info.role}`) })}
      </p>
      <p className="text-muted-foreground">{t('team.accept.for', { email: info.email })}</p>
    </div>
  );
}

/** Why accepting failed: a link that stopped working in the meantime, or the error itself. */
function acceptError(error: Error, t: TFunction): string {
  if (error instanceof ApiError && error.fields?.token) {
    return t('team.accept.invalid');
  }
  return explainError(error, t);
}

/** Whether the server's field errors all belong to the form's own fields (they show there). */
function onFormFields(error: Error): boolean {
  return error instanceof ApiError && !!error.fields && Object.keys(error.fields).every((name) => name === 'name' || name === 'password');
}

/** Signed in with the invited e-mail: one button. */
function AcceptAsMember({ token }: { token: string }) {
  const { t } = useTranslation();
  const accept = useAcceptInvitation();
  const openOrganization = useOpenOrganization();
  const busy = accept.isPending || accept.isSuccess;
  return (
    <div className="grid gap-4">
      {accept.error && <ErrorAlert title={t('team.accept.failed')} message={acceptError(accept.error, t)} />}
      <Button
        className="w-full"
        disabled={busy}
        onClick={() => accept.mutate(token, { onSuccess: openOrganization })}
      >
        {busy && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {t('team.accept.accept')}
      </Button>
    </div>
  );
}

/** Signed in as another person: the invitation is not theirs to accept. */
function SignedInAsSomeoneElse({ session, info }: { session: Session; info: InvitationInfo }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <div className="grid gap-4">
      <p className="text-sm">{t('team.accept.otherAccount', { current: session.user.email, invited: info.email })}</p>
      {signOut.error && <ErrorAlert title={t('team.accept.signOutFailed')} message={describeError(signOut.error, t)} />}
      <Button className="w-full" variant="outline" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        {signOut.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {t('team.accept.signOut')}
      </Button>
    </div>
  );
}

/** Signed out, and the e-mail has an account: sign in, then come back here. */
function SignInFirst({ token, info }: { token: string; info: InvitationInfo }) {
  const { t } = useTranslation();
  const back = `${paths.invite}?${new URLSearchParams({ token }).toString()}`;
  const to = `${paths.signIn}?${new URLSearchParams({ next: back }).toString()}`;
  return (
    <div className="grid gap-4">
      <p className="text-sm">{t('team.accept.signInFirst', { email: info.email })}</p>
      <Button asChild className="w-full">
        <Link to={to}>{t('team.accept.signIn')}</Link>
      </Button>
    </div>
  );
}

/** Signed out, and no account yet: a name and a password, and the person is in. */
function CreateAccount({ token, info }: { token: string; info: InvitationInfo }) {
  const { t } = useTranslation();
  const accept = useAcceptInvitationAsNewUser();
  const navigate = useNavigate();
  const form = useForm<AcceptInvitationValues>({
    resolver: zodResolver(acceptInvitationSchema),
    defaultValues: { name: '', password: '' },
  });
  const { errors } = form.formState;
  const busy = accept.isPending || accept.isSuccess;
  const error = accept.error;

  function submit(values: AcceptInvitationValues) {
    accept.mutate(
      { ...values, token },
      {
        onSuccess: () => void navigate(paths.dashboard, { replace: true }),
        onError: (err) => {
          if (onFormFields(err)) setServerFieldErrors(err, form.setError);
        },
      },
    );
  }

  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <p className="text-sm">{t('team.accept.createAccount')}</p>
      <FormField label={t('team.accept.email')}>
        <Input type="email" value={info.email} readOnly autoComplete="username" />
      </FormField>
      <FormField label={t('team.accept.name')} error={errors.name}>
        <Input autoComplete="name" {...form.register('name')} />
      </FormField>
      <FormField label={t('team.accept.password')} error={errors.password} hint={t('team.accept.passwordHint')}>
        <PasswordInput autoComplete="new-password" {...form.register('password')} />
      </FormField>
      {error && !onFormFields(error) && <ErrorAlert title={t('team.accept.failed')} message={acceptError(error, t)} />}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {t('team.accept.createSubmit')}
      </Button>
    </form>
  );
}
