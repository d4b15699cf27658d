import { useQuery } from '@tanstack/react-query';
import { CircleCheckIcon, LoaderCircleIcon, MailCheckIcon } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describeError } from '@/lib/error-message';
import { describeResendError } from '../resend-error';
import { sessionQueryOptions } from '../api/session';
import { useResendVerification, useVerifyEmail } from '../api/verify-email';
import { isBadLinkError } from '../bad-link';
import { FormAlert } from './form-alert';

/**
 * Confirms the e-mail with the link's token as soon as the page opens, and
 * says how it went: confirmed (on to the dashboard), or why not, with a way
 * to get a new link when the user is signed in here.
 */
export function VerifyEmailStatus({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const verify = useVerifyEmail();
  // Once per token, even when React runs effects twice in development.
  const sent = useRef<string | null>(null);
  const { mutate } = verify;

  useEffect(() => {
    if (token && sent.current !== token) {
      sent.current = token;
      mutate(token);
    }
  }, [token, mutate]);

  if (!token) {
    return <VerifyFailed message={t('auth.verifyEmail.badLink')} />;
  }
  if (verify.isSuccess) {
    return (
      <div className="grid gap-4">
        <Alert className="grid-cols-[auto_1fr] gap-x-2">
          <CircleCheckIcon className="mt-0.5 size-4 text-primary" aria-hidden="true" />
          <div className="grid gap-0.5">
            <AlertTitle>{t('auth.verifyEmail.doneTitle')}</AlertTitle>
            <AlertDescription>{t('auth.verifyEmail.doneBody', { email: verify.data.user.email })}</AlertDescription>
          </div>
        </Alert>
        <Button asChild className="w-full">
          <Link to={paths.dashboard}>{t('auth.verifyEmail.toDashboard')}</Link>
        </Button>
      </div>
    );
  }
  if (verify.isError) {
    const badLink = isBadLinkError(verify.error);
    return (
      <VerifyFailed
        message={badLink ? t('auth.verifyEmail.badLink') : describeError(verify.error, t)}
        onRetry={badLink ? undefined : () => verify.mutate(token)}
      />
    );
  }
  return (
    <p role="status" className="flex items-center justify-center gap-2 py-6 text-sm text-muted-foreground">
      <LoaderCircleIcon className="size-4 animate-spin" aria-hidden="true" />
      {t('auth.verifyEmail.verifying')}
    </p>
  );
}

/** Why the e-mail was not confirmed, and what to do: a new link (signed in), or sign in first. */
function VerifyFailed({ message, onRetry }: { message: string; onRetry?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const { data: session, isPending } = useQuery(sessionQueryOptions);
  const resend = useResendVerification();

  return (
    <div className="grid gap-4">
      <FormAlert title={t('auth.verifyEmail.failed')} message={message} />
      {onRetry && (
        <Button variant="outline" className="w-full" onClick={onRetry}>
          {t('auth.verifyEmail.retry')}
        </Button>
      )}
      {resend.isSuccess && session ? (
        <Alert className="grid-cols-[auto_1fr] gap-x-2">
          <MailCheckIcon className="mt-0.5 size-4 text-primary" aria-hidden="true" />
          <div className="grid gap-0.5">
            <AlertTitle>{t('auth.verifyEmail.resentTitle')}</AlertTitle>
            <AlertDescription>{t('auth.verifyEmail.resentBody', { email: session.user.email })}</AlertDescription>
          </div>
        </Alert>
      ) : session ? (
        <>
          {resend.isError && <FormAlert title={t('auth.verifyEmail.resendFailed')} message={describeResendError(resend.error, t)} />}
          <Button className="w-full" disabled={resend.isPending} onClick={() => resend.mutate()}>
            {resend.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
            {t('auth.verifyEmail.resend')}
          </Button>
        </>
      ) : (
        !isPending && <p className="text-sm text-muted-foreground">{t('auth.verifyEmail.signInToResend')}</p>
      )}
    </div>
  );
}
