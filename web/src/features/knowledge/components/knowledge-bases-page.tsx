import { useQuery } from '@tanstack/react-query';
import { BookOpenIcon, PlusIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/features/auth/api/session';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { atLeast } from '@/features/organizations/roles';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDate } from '@/lib/format';
import { knowledgeBasesQueryOptions } from '../api/knowledge';
import { knowledgeBasePath } from '../paths';
import { CreateBaseDialog } from './create-base-dialog';
import { SearchBox } from './search-box';

/** /conhecimento: the organization's knowledge bases; admins create them. */
export function KnowledgeBasesPage() {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const session = useSession();
  const bases = useQuery(knowledgeBasesQueryOptions);
  const [creating, setCreating] = useState(false);
  const canEdit = session ? atLeast(session.role, 'admin') : false;

  const createButton = canEdit && (
    <Button onClick={() => setCreating(true)}>
      <PlusIcon aria-hidden="true" />
      {t('knowledge.create.open')}
    </Button>
  );

  let body;
  if (bases.isPending) {
    body = <Skeleton className="h-32 w-full" />;
  } else if (bases.isError) {
    body = <ErrorAlert title={t('knowledge.loadFailed')} message={explainError(bases.error, t)} />;
  } else if (bases.data.length === 0) {
    body = (
      <EmptyState icon={BookOpenIcon} title={t('knowledge.emptyTitle')} action={createButton}>
        <p>{t('knowledge.emptyBody')}</p>
        {!canEdit && <p className="mt-2">{t('knowledge.readOnly')}</p>}
      </EmptyState>
    );
  } else {
    body = (
      <>
        {createButton && <div className="mb-4 flex justify-end">{createButton}</div>}
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label={t('knowledge.listLabel')}>
          {bases.data.map((base) => (
            <li key={base.id}>
              <Link
                to={knowledgeBasePath(base.id)}
                className="flex flex-col gap-1 rounded-xl border bg-card p-4 transition-colors hover:bg-muted/50"
              >
                <span className="font-medium">{base.name}</span>
                <span className="text-xs text-muted-foreground">
                  {t('knowledge.createdAt', { date: formatDate(base.created_at, { locale: language }) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-6">
          <SearchBox />
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('sections.knowledge.title')} description={t('sections.knowledge.description')} />
      {body}
      {canEdit && <CreateBaseDialog open={creating} onOpenChange={setCreating} />}
    </>
  );
}
