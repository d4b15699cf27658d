import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/features/auth/api/session';
import { describeError } from '@/lib/error-message';
import { organizationQueryOptions } from '../api/organization';
import { atLeast } from '../roles';
import { DeleteOrganizationCard } from './delete-organization-card';
import { LoadError } from './load-error';
import { LogoCard } from './logo-card';
import { OrganizationDetailsCard } from './organization-details-card';

/**
 * /configuracoes/organizacao: the organization's name, time zone and logo
 * (admins and owners change them; members read them) and, for owners, the
 * way to delete it.
 */
export function OrganizationSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const organization = useQuery(organizationQueryOptions);
  const role = session?.role ?? 'member';
  const editable = atLeast(role, 'admin');

  let details;
  if (organization.data) {
    const { name, time_zone } = organization.data;
    // Saved settings come back as new data: the form starts again from them.
    details = <OrganizationDetailsCard key={`${name}\n${time_zone}`} organization={organization.data} editable={editable} />;
  } else if (organization.isError) {
    details = (
      <LoadError
        title={t('organizations.settings.loadFailed')}
        message={describeError(organization.error, t)}
        onRetry={() => void organization.refetch()}
        retrying={organization.isFetching}
      />
    );
  } else {
    details = (
      <div role="status" className="grid gap-3 rounded-xl border p-6">
        <span className="sr-only">{t('organizations.settings.loading')}</span>
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  }

  return (
    <div className="grid grid-cols-1 gap-6">
      <h2 className="sr-only">{t('organizations.settings.title')}</h2>
      {!editable && <p className="text-sm text-muted-foreground">{t('organizations.settings.readOnly')}</p>}
      {details}
      <LogoCard editable={editable} />
      {role === 'owner' && organization.data && <DeleteOrganizationCard organization={organization.data} />}
    </div>
  );
}
