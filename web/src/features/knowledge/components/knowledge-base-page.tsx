import { useQuery } from '@tanstack/react-query';
import { ArrowLeftIcon } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { paths } from '@/app/paths';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { useSession } from '@/features/auth/api/session';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { atLeast } from '@/features/organizations/roles';
import { knowledgeBasesQueryOptions, useDeleteKnowledgeBase } from '../api/knowledge';
import { FaqForm } from './faq-form';
import { SearchBox } from './search-box';
import { SitesCard } from './sites-card';
import { SourcesTable } from './sources-table';
import { UploadArea } from './upload-area';

/** /conhecimento/:id: a base's files, FAQs and sites, and a search to try; admins add, reprocess and delete. */
export function KnowledgeBasePage() {
  const { t } = useTranslation();
  const { baseId = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const bases = useQuery(knowledgeBasesQueryOptions);
  const remove = useDeleteKnowledgeBase();
  const [confirming, setConfirming] = useState(false);
  const canEdit = session ? atLeast(session.role, 'admin') : false;
  const base = bases.data?.find((b) => b.id === baseId);

  const back = (
    <Link to={paths.knowledge} className="mb-4 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeftIcon className="size-4" aria-hidden="true" />
      {t('knowledge.back')}
    </Link>
  );

  if (bases.isPending) {
    return <Skeleton className="h-32 w-full" />;
  }
  if (bases.isError) {
    return <ErrorAlert title={t('knowledge.loadFailed')} message={explainError(bases.error, t)} />;
  }
  if (!base) {
    return (
      <>
        {back}
        <PageHeader title={t('knowledge.notFoundTitle')} description={t('knowledge.notFoundBody')} />
      </>
    );
  }

  return (
    <>
      {back}
      <PageHeader
        title={base.name}
        description={canEdit ? t('knowledge.baseDescription') : t('knowledge.readOnly')}
        documentTitle={`${base.name} — ${t('sections.knowledge.title')}`}
      />
      <div className="grid grid-cols-1 gap-6">
        {canEdit && (
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <UploadArea baseId={base.id} />
            <FaqForm baseId={base.id} />
          </div>
        )}
        <SitesCard baseId={base.id} canEdit={canEdit} />
        <SourcesTable baseId={base.id} canEdit={canEdit} />
        <SearchBox baseIds={[base.id]} />
        {canEdit && (
          <div>
            <Button
              variant="outline"
              onClick={() => {
                remove.reset();
                setConfirming(true);
              }}
            >
              {t('knowledge.deleteBase.open')}
            </Button>
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t('knowledge.deleteBase.title', { name: base.name })}
        description={t('knowledge.deleteBase.body')}
        confirmLabel={t('knowledge.deleteBase.confirm')}
        pending={remove.isPending}
        error={remove.error ? { title: t('knowledge.deleteBase.failed'), message: explainError(remove.error, t) } : null}
        onConfirm={() =>
          remove.mutate(base.id, {
            onSuccess: () => {
              toast({ title: t('knowledge.deleteBase.done', { name: base.name }) });
              setConfirming(false);
              void navigate(paths.knowledge);
            },
          })
        }
      />
    </>
  );
}
