import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CloudOffIcon } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { sessionEndedByUser, sessionQueryOptions } from '@/features/auth/api/session';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { describeError } from '@/lib/error-message';
import { safeNextPath, signInPathFor } from './next-path';
import { paths } from './paths';
import { AuthCardSkeleton } from './routes/auth/auth-card';

/**
 * The signed-in app's routes: a skeleton while the session loads, the sign-in
 * page (coming back here afterwards) when nobody is signed in. This is also
 * what takes the user away after signing out: the one place that navigates
 * when the session ends, so no two navigations race.
 */
export function RequireSession() {
  const { data: session, error, isError, isFetching, refetch } = useQuery(sessionQueryOptions);
  const location = useLocation();
  const queryClient = useQueryClient();
  const { t } = useTranslation();

  // Each navigation checks again that the session still stands, once it is a minute old.
  useEffect(() => {
    void queryClient.prefetchQuery(sessionQueryOptions);
  }, [queryClient, location.pathname]);

  if (session) {
    return <Outlet />;
  }
  if (session === null) {
    // After signing out, the plain sign-in page; after an expired session, one that comes back here.
    const to = sessionEndedByUser(queryClient) ? paths.signIn : signInPathFor(location);
    return <Navigate to={to} replace />;
  }
  if (isError) {
    return <SessionError message={describeError(error, t)} retrying={isFetching} onRetry={() => void refetch()} />;
  }
  return <ShellSkeleton />;
}

/** The sign-in and sign-up pages: a signed-in user goes on to ?next= or the dashboard. */
export function GuestOnly() {
  const { data: session, isPending } = useQuery(sessionQueryOptions);
  const [params] = useSearchParams();
  if (session) {
    return <Navigate to={safeNextPath(params.get('next')) ?? paths.dashboard} replace />;
  }
  // Without an answer (e.g. the server is unreachable) the form shows, and says so when sent.
  if (isPending) {
    return <AuthCardSkeleton />;
  }
  return <Outlet />;
}

/** The shell's outline while the session loads. */
function ShellSkeleton() {
  const { t } = useTranslation();
  return (
    <div role="status" className="min-h-dvh md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <span className="sr-only">{t('session.loading')}</span>
      <div className="hidden flex-col gap-3 border-r bg-card px-6 py-5 md:flex">
        <Skeleton className="mb-4 h-7 w-36" />
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-6 w-full" />
        ))}
      </div>
      <div className="flex flex-col">
        <div className="flex h-14 items-center justify-end border-b px-6">
          <Skeleton className="h-8 w-32" />
        </div>
        <div className="mx-auto grid w-full max-w-5xl gap-4 px-4 py-6 md:px-8 md:py-10">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-5 w-full max-w-prose" />
          <Skeleton className="mt-4 h-48 w-full" />
        </div>
      </div>
    </div>
  );
}

/** The session could not be checked (the server is unreachable or failing). */
function SessionError({ message, retrying, onRetry }: { message: string; retrying: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  useDocumentTitle(t('session.errorTitle'));
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-16">
      <div role="alert">
        <EmptyState
          icon={CloudOffIcon}
          title={t('session.errorTitle')}
          action={
            <Button onClick={onRetry} disabled={retrying}>
              {t('session.retry')}
            </Button>
          }
        >
          <p>{message}</p>
        </EmptyState>
      </div>
    </main>
  );
}
