import { MenuIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { OrganizationSwitcher } from '@/features/organizations/components/organization-switcher';
import { ServerVersion } from '@/features/system/components/server-version';
import { Brand } from './brand';
import { SidebarNav } from './sidebar-nav';

/** The menu button of phones and small windows: the sidebar, in a drawer. */
export function MobileNav() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label={t('nav.openMenu')}>
          <MenuIcon aria-hidden="true" />
        </Button>
      </DialogTrigger>
      <DialogContent variant="drawer" closeLabel={t('nav.closeMenu')}>
        <DialogHeader>
          <DialogTitle className="sr-only">{t('nav.menuTitle')}</DialogTitle>
          <DialogDescription className="sr-only">{t('nav.menuDescription')}</DialogDescription>
          <Brand onNavigate={close} className="py-1" />
        </DialogHeader>
        <OrganizationSwitcher onSwitched={close} />
        <SidebarNav onNavigate={close} />
        <ServerVersion className="mt-auto px-3" />
      </DialogContent>
    </Dialog>
  );
}
