import { ChevronsUpDownIcon, LoaderCircleIcon, PlusIcon } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import { type Session, useSession } from '@/features/auth/api/session';
import { describeError } from '@/lib/error-message';
import { cn } from '@/lib/utils';
import { useSwitchOrganization } from '../api/organizations';
import { useOpenOrganization } from '../hooks';
import { OrganizationAvatar } from './organization-avatar';

// The dialog brings the form libraries along: loaded the first time it opens.
const CreateOrganizationDialog = lazy(() =>
  import('./create-organization-dialog').then((module) => ({ default: module.CreateOrganizationDialog })),
);

/**
 * The organization the app shows, at the top of the sidebar: a menu of the
 * user's organizations (with their role in each) to switch to, and a way to
 * create one. After a switch the app opens the new organization's dashboard.
 * onSwitched runs after a switch (e.g. to close the phone's drawer).
 */
export function OrganizationSwitcher({ className, onSwitched }: { className?: string; onSwitched?: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const openOrganization = useOpenOrganization();
  const switchOrganization = useSwitchOrganization();
  const [creating, setCreating] = useState(false);

  if (!session) {
    return null;
  }
  const { organization, role } = session;
  const memberships = session.organizations.length > 0 ? session.organizations : [{ ...organization, role }];

  function arrived(next: Session) {
    onSwitched?.();
    openOrganization(next);
  }

  function choose(id: string) {
    if (id === organization.id || switchOrganization.isPending) return;
    switchOrganization.mutate(id, {
      onSuccess: arrived,
      onError: (err) => toast({ title: t('organizations.switcher.failed'), description: describeError(err, t) }),
    });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <button
            type="button"
            aria-label={t('organizations.switcher.label', { name: organization.name })}
            aria-busy={switchOrganization.isPending || undefined}
            className={cn(
              'flex w-full min-w-0 items-center gap-2 rounded-md border bg-background px-2 py-1.5 text-left text-sm shadow-sm transition-colors outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring',
              className,
            )}
          >
            <OrganizationAvatar name={organization.name} />
            <span className="grid min-w-0 flex-1">
              <span className="truncate font-medium">{organization.name}</span>
              <span className="truncate text-xs text-muted-foreground">{t(`roles.${role}`)}</span>
            </span>
            {switchOrganization.isPending ? (
              <LoaderCircleIcon className="size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden="true" />
            ) : (
              <ChevronsUpDownIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            )}
          </button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-64">
          <DropdownMenuLabel>{t('organizations.switcher.title')}</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={organization.id} onValueChange={choose}>
            {memberships.map((membership) => (
              <DropdownMenuRadioItem key={membership.id} value={membership.id} disabled={switchOrganization.isPending}>
                <span className="grid min-w-0">
                  <span className="truncate">{membership.name}</span>
                  <span className="truncate text-xs text-muted-foreground">{t(`roles.${membership.role}`)}</span>
                </span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <PlusIcon aria-hidden="true" />
            {t('organizations.create.action')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {creating && (
        <Suspense fallback={null}>
          <CreateOrganizationDialog open onOpenChange={setCreating} onCreated={arrived} />
        </Suspense>
      )}
    </>
  );
}
