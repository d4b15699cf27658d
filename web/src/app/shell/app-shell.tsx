import { Outlet, useMatch } from 'react-router';
import { paths } from '@/app/paths';
import { EmailVerificationBanner } from '@/features/account/components/email-verification-banner';
import { LiveIndicator } from '@/features/live/components/live-indicator';
import { useLiveEvents } from '@/features/live/use-live-events';
import { OrganizationSwitcher } from '@/features/organizations/components/organization-switcher';
import { ServerVersion } from '@/features/system/components/server-version';
import { Brand } from './brand';
import { LanguageSwitcher } from './language-switcher';
import { MobileNav } from './mobile-nav';
import { SidebarNav } from './sidebar-nav';
import { SkipLink } from './skip-link';
import { UserMenu } from './user-menu';
import { cn } from '@/lib/utils';

/** The signed-in app's frame: sidebar (a drawer under md), top bar with the account menu, and the page. */
export function AppShell() {
  // One stream of the organization's events for the whole signed-in app.
  useLiveEvents();
  // The inbox takes the whole width and height below the top bar.
  const fullBleed = useMatch(`${paths.conversations}/*`) !== null;
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <SkipLink />
      <aside className="sticky top-0 hidden h-dvh flex-col gap-6 border-r bg-card px-3 py-4 md:flex">
        <Brand className="px-3 py-1" />
        <OrganizationSwitcher />
        <SidebarNav />
        <ServerVersion className="mt-auto px-3" />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur md:px-6">
          <MobileNav />
          <Brand className="md:hidden" />
          <div className="ml-auto flex items-center gap-1">
            <LiveIndicator />
            <LanguageSwitcher />
            <UserMenu />
          </div>
        </header>
        <EmailVerificationBanner />
        <main
          id="main"
          tabIndex={-1}
          className={cn('w-full flex-1 outline-none', !fullBleed && 'mx-auto max-w-5xl px-4 py-6 md:px-8 md:py-10')}
        >
          <Outlet />
        </main>
      </div>
    </div>
  );
}
