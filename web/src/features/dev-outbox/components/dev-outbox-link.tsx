import { useQuery } from '@tanstack/react-query';
import { InboxIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { providersQueryOptions } from '@/features/auth/api/providers';

/** A link to the development mailbox, shown only where the server keeps mail (development without SMTP). */
export function DevOutboxLink() {
  const { t } = useTranslation();
  // The server says whether it keeps mail; the outbox itself is not probed (a production server would log a 404).
  const { data } = useQuery(providersQueryOptions);
  if (!data?.dev_outbox) {
    return null;
  }
  return (
    <Link
      to={paths.devOutbox}
      className="inline-flex items-center gap-1.5 rounded-sm text-xs text-muted-foreground underline-offset-4 outline-none hover:text-foreground hover:underline focus-visible:ring-2 focus-visible:ring-ring"
    >
      <InboxIcon className="size-3.5" aria-hidden="true" />
      {t('auth.devOutbox.link')}
    </Link>
  );
}
