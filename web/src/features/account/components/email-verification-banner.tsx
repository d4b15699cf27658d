import { useQueryClient } from '@tanstack/react-query';
import { LoaderCircleIcon, MailWarningIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { sessionQueryOptions, useSession } from '@/features/auth/api/session';
import { useResendVerification } from '@/features/auth/api/verify-email';
import { describeResendError } from '@/features/auth/resend-error';
import { ApiError } from '@/lib/api';

/** Across the top of the app while the user's e-mail is not confirmed: where the link went, and a way to get another. */
export function EmailVerificationBanner() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const resend = useResendVerification();

  if (!session || session.user.email_verified_at) {
    return null;
  }
  const { email } = session.user;

  function send() {
    resend.mutate(undefined, {
      onSuccess: () => toast({ title: t('account.verifyBanner.sent', { email }) }),
      onError: (err) => {
        toast({ title: t('account.verifyBanner.failed'), description: describeResendError(err, t) });
        // Confirmed in the meantime: the session says so, and the banner goes.
        if (err instanceof ApiError && err.status === 400) void queryClient.invalidateQueries(sessionQueryOptions);
      },
    });
  }

  return (
    <section
      aria-label={t('account.verifyBanner.label')}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-950 md:px-6"
    >
      <MailWarningIcon className="size-4 shrink-0" aria-hidden="true" />
      <p className="min-w-0 flex-1">
        <strong className="font-semibold">{t('account.verifyBanner.title')}</strong>{' '}
        <span className="break-words">{t('account.verifyBanner.body', { email })}</span>
      </p>
      <Button variant="outline" size="sm" className="bg-background" disabled={resend.isPending} onClick={send}>
        {resend.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
        {t('account.verifyBanner.resend')}
      </Button>
    </section>
  );
}
