import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { sections } from '@/app/sections';
import { WaitingBadge } from '@/features/inbox/components/waiting-badge';
import { cn } from '@/lib/utils';

/** The list of sections; the current one is marked (NavLink sets aria-current="page"). */
export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.label')}>
      <ul className="flex flex-col gap-1">
        {sections.map((section) => (
          <li key={section.key}>
            <NavLink
              to={section.path}
              onClick={onNavigate}
              className={({ isActive }) =>
                cn(
                  'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring',
                  isActive
                    ? 'bg-accent text-accent-foreground'
                    : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                )
              }
            >
              <section.icon className="size-4 shrink-0" aria-hidden="true" />
              {t(`sections.${section.key}.title`)}
              {section.key === 'conversations' && <WaitingBadge />}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
