import { ChevronDownIcon, LoaderCircleIcon, LogOutIcon, MonitorSmartphoneIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import { useSession } from '@/features/auth/api/session';
import { useSignOut, useSignOutEverywhere } from '@/features/auth/api/sign-out';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/error-message';

/** Up to two initials of a name, for the avatar. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** The top bar's account menu: who is signed in, in which company, and the ways out. */
export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();
  const signOutEverywhere = useSignOutEverywhere();
  const [confirming, setConfirming] = useState(false);

  if (!session) {
    return null;
  }
  const { user, organization, role } = session;

  /**
   * Signs out (here or everywhere). On success the session query holds null
   * and the route guard takes the user to the sign-in page.
   */
  function leave(mutate: () => Promise<void>) {
    mutate().catch((err: unknown) => {
      // 401: the session had already ended (elsewhere); the guard is taking the user away.
      if (err instanceof ApiError && err.status === 401) return;
      toast({ title: t('userMenu.signOutFailed'), description: describeError(err, t) });
    });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm" className="gap-2 px-1.5 sm:px-2" aria-label={t('userMenu.label', { name: user.name })}>
            <span
              aria-hidden="true"
              className="flex size-7 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
            >
              {initials(user.name)}
            </span>
            <span aria-hidden="true" className="hidden max-w-40 truncate sm:inline">
              {user.name}
            </span>
            <ChevronDownIcon aria-hidden="true" className="text-muted-foreground" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-72">
          <DropdownMenuLabel className="grid gap-0.5 font-normal">
            <span className="truncate text-sm font-medium text-foreground">{user.name}</span>
            <span className="truncate">{user.email}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuLabel className="grid gap-0.5 font-normal">
            <span>{t('userMenu.organization')}</span>
            <span className="truncate text-sm font-medium text-foreground">{organization.name}</span>
            <span>{t(`roles.${role}`)}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem disabled={signOut.isPending} onSelect={() => leave(() => signOut.mutateAsync())}>
            <LogOutIcon aria-hidden="true" />
            {t('userMenu.signOut')}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setConfirming(true)}>
            <MonitorSmartphoneIcon aria-hidden="true" />
            {t('userMenu.signOutEverywhere')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <AlertDialog open={confirming} onOpenChange={(open) => !signOutEverywhere.isPending && setConfirming(open)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('userMenu.confirmTitle')}</AlertDialogTitle>
            <AlertDialogDescription>{t('userMenu.confirmBody')}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel asChild>
              <Button variant="outline" disabled={signOutEverywhere.isPending}>
                {t('userMenu.cancel')}
              </Button>
            </AlertDialogCancel>
            {/* Not an AlertDialogAction: the dialog stays open (busy) until the server answers. */}
            <Button
              variant="destructive"
              disabled={signOutEverywhere.isPending}
              onClick={() => leave(() => signOutEverywhere.mutateAsync())}
            >
              {signOutEverywhere.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('userMenu.confirmAction')}
            </Button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
