import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Brand } from '@/app/shell/brand';
import { LanguageSwitcher } from '@/app/shell/language-switcher';
import { SkipLink } from '@/app/shell/skip-link';
import { PageHeader } from '@/components/page-header';
import { OutboxList } from '@/features/dev-outbox/components/outbox-list';

/**
 * /dev/caixa-de-saida: the mail a development server kept instead of sending
 * (confirmation and password links), for trying the app without SMTP. Not in
 * the sidebar; the auth pages link here when the server has a mailbox.
 */
export function DevOutboxPage() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-dvh flex-col bg-muted">
      <SkipLink />
      <header className="flex h-14 items-center justify-between px-4 sm:px-6">
        <Brand />
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl flex-1 px-4 pt-6 pb-12 outline-none">
        <PageHeader title={t('auth.devOutbox.title')} description={t('auth.devOutbox.description')} />
        <p className="mb-6 text-sm">
          <Link
            to={paths.signIn}
            className="rounded-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
          >
            {t('auth.backToSignIn')}
          </Link>
        </p>
        <OutboxList />
      </main>
    </div>
  );
}
