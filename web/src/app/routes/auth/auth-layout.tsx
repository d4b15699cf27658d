import { Outlet } from 'react-router';
import { Brand } from '@/app/shell/brand';
import { LanguageSwitcher } from '@/app/shell/language-switcher';
import { SkipLink } from '@/app/shell/skip-link';
import { DevOutboxLink } from '@/features/dev-outbox/components/dev-outbox-link';
import { ServerVersion } from '@/features/system/components/server-version';

/** The frame of the sign-in, sign-up and password pages: no sidebar, one card. */
export function AuthLayout() {
  return (
    <div className="flex min-h-dvh flex-col bg-muted">
      <SkipLink />
      <header className="flex h-14 items-center justify-between px-4 sm:px-6">
        <Brand />
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1} className="flex flex-1 justify-center px-4 pt-6 pb-12 outline-none sm:items-center sm:pt-0">
        <div className="w-full max-w-sm">
          <Outlet />
        </div>
      </main>
      <footer className="flex flex-col items-center gap-2 px-4 pb-6">
        <ServerVersion />
        <DevOutboxLink />
      </footer>
    </div>
  );
}
