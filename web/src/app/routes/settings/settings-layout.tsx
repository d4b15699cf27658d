import { ShieldAlertIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { useSession } from '@/features/auth/api/session';
import { cn } from '@/lib/utils';
import { hasRole, settingsTabs, settingsTabsFor } from './tabs';

/**
 * /configuracoes: the section's heading, the sub-navigation (the tabs the
 * user's role may see) and the current tab's page. A tab the role may not see
 * shows a "no permission" state instead of its page.
 */
export function SettingsLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const { pathname } = useLocation();
  const role = session?.role ?? 'member';
  const tabs = settingsTabsFor(role);
  const current = settingsTabs.find((tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`));
  const allowed = !current || hasRole(role, current.minRole);

  return (
    <>
      <PageHeader
        title={t('sections.settings.title')}
        description={t('sections.settings.description')}
        documentTitle={current && allowed ? `${t(current.label)} · ${t('sections.settings.title')}` : undefined}
      />
      <nav aria-label={t('sections.settings.navLabel')} className="-mx-4 mb-6 overflow-x-auto border-b px-4 md:mx-0 md:px-0">
        <ul className="flex gap-1">
          {tabs.map((tab) => (
            <li key={tab.path} className="shrink-0">
              <NavLink
                to={tab.path}
                className={({ isActive }) =>
                  cn(
                    '-mb-px flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring',
                    isActive
                      ? 'border-primary text-foreground'
                      : 'border-transparent text-muted-foreground hover:text-foreground',
                  )
                }
              >
                {t(tab.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {allowed ? (
        <Outlet />
      ) : (
        <EmptyState icon={ShieldAlertIcon} title={t('sections.settings.forbiddenTitle')}>
          <p>{t('sections.settings.forbiddenBody')}</p>
        </EmptyState>
      )}
    </>
  );
}
