import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/skeleton';
import { useDocumentTitle } from '@/hooks/use-document-title';

interface AuthCardProps {
  title: string;
  description: string;
  children: ReactNode;
  /** Links to the other auth pages, under the card. */
  footer?: ReactNode;
}

/** One auth page: its heading (also the tab's title), its form, and links under it. */
export function AuthCard({ title, description, children, footer }: AuthCardProps) {
  useDocumentTitle(title);
  return (
    <>
      <section className="rounded-xl border bg-card p-6 shadow-sm sm:p-8">
        <header className="mb-6">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          <p className="mt-1.5 text-sm text-muted-foreground">{description}</p>
        </header>
        {children}
      </section>
      {footer && <div className="mt-6 flex flex-col items-center gap-2 text-center text-sm text-muted-foreground">{footer}</div>}
    </>
  );
}

/** The card's outline while an auth page loads. */
export function AuthCardSkeleton() {
  const { t } = useTranslation();
  return (
    <section role="status" className="grid gap-4 rounded-xl border bg-card p-6 shadow-sm sm:p-8">
      <span className="sr-only">{t('app.loading')}</span>
      <Skeleton className="h-6 w-32" />
      <Skeleton className="h-4 w-full" />
      <Skeleton className="mt-2 h-10 w-full" />
      <Skeleton className="h-10 w-full" />
    </section>
  );
}
