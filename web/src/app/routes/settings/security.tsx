import { ChangeEmailCard } from '@/features/account/components/change-email-card';
import { ChangePasswordCard } from '@/features/account/components/change-password-card';
import { ConnectedAccountsCard } from '@/features/account/components/connected-accounts-card';
import { SessionsCard } from '@/features/account/components/sessions-card';

/** /configuracoes/seguranca: where the user is signed in, the password, the e-mail and the connected accounts. */
export function SecurityPage() {
  return (
    <div className="grid gap-6">
      <SessionsCard />
      <ChangePasswordCard />
      <ChangeEmailCard />
      <ConnectedAccountsCard />
    </div>
  );
}
