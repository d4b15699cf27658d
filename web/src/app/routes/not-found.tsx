import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { paths } from '@/app/paths';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';

/** Any path the route table does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title={t('errors.notFound.title')} description={t('errors.notFound.body', { path: pathname })} />
      <Button asChild>
        <Link to={paths.home}>{t('errors.notFound.action')}</Link>
      </Button>
    </>
  );
}
