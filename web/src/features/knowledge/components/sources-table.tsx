import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDateTime } from '@/lib/format';
import { sourcesQueryOptions, useDeleteSource, useReingestSource, type Source } from '../api/knowledge';
import { formatBytes } from '../files';
import { ChunksDialog } from './chunks-dialog';
import { SourceStatusBadge } from './source-status';

/** A base's files and FAQs, with their state; admins reprocess and delete. */
export function SourcesTable({ baseId, canEdit }: { baseId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const sources = useQuery(sourcesQueryOptions(baseId));
  const reingest = useReingestSource(baseId);
  const remove = useDeleteSource(baseId);
  const [viewing, setViewing] = useState<Source | null>(null);
  const [deleting, setDeleting] = useState<Source | null>(null);

  const title = t('knowledge.sources.title');
  let body;
  if (sources.isPending) {
    body = <Skeleton className="h-24 w-full" />;
  } else if (sources.isError) {
    body = <ErrorAlert title={t('knowledge.sources.loadFailed')} message={explainError(sources.error, t)} />;
  } else if ((sources.data.items ?? []).length === 0) {
    body = <p className="text-sm text-muted-foreground">{t('knowledge.sources.empty')}</p>;
  } else {
    body = (
      <Table aria-label={title}>
        <thead>
          <TableRow>
            <TableHead>{t('knowledge.sources.name')}</TableHead>
            <TableHead>{t('knowledge.sources.kind')}</TableHead>
            <TableHead>{t('knowledge.sources.status')}</TableHead>
            <TableHead>{t('knowledge.sources.size')}</TableHead>
            <TableHead>{t('knowledge.sources.date')}</TableHead>
            <TableHead>
              <span className="sr-only">{t('knowledge.sources.actions')}</span>
            </TableHead>
          </TableRow>
        </thead>
        <TableBody>
          {(sources.data.items ?? []).map((source) => {
            const name = source.kind === 'faq' ? source.question : source.name;
            return (
              <TableRow key={source.id}>
                <TableCell className="max-w-xs truncate font-medium" title={name}>
                  {name}
                </TableCell>
                <TableCell>{t(`knowledge.kinds.${source.kind}`)}</TableCell>
                <TableCell>
                  <SourceStatusBadge source={source} />
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {source.kind === 'file' ? formatBytes(source.size_bytes, language) : '—'}
                </TableCell>
                <TableCell className="whitespace-nowrap">{formatDateTime(source.created_at, { locale: language })}</TableCell>
                <TableCell>
                  <div className="flex flex-wrap justify-end gap-1">
                    <Button
                      size="sm"
                      variant="outline"
                      aria-label={t('knowledge.sources.viewChunksOf', { name })}
                      onClick={() => setViewing(source)}
                    >
                      {t('knowledge.sources.viewChunks')}
                    </Button>
                    {canEdit && (
                      <>
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={t('knowledge.sources.reingestOf', { name })}
                          disabled={reingest.isPending && reingest.variables === source.id}
                          onClick={() =>
                            reingest.mutate(source.id, {
                              onSuccess: () => toast({ title: t('knowledge.sources.reingested', { name }) }),
                              onError: (err) => toast({ title: t('knowledge.sources.reingestFailed'), description: explainError(err, t) }),
                            })
                          }
                        >
                          {t('knowledge.sources.reingest')}
                        </Button>
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={t('knowledge.sources.deleteOf', { name })}
                          onClick={() => {
                            remove.reset();
                            setDeleting(source);
                          }}
                        >
                          {t('knowledge.sources.delete')}
                        </Button>
                      </>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }

  const deletingName = deleting ? (deleting.kind === 'faq' ? deleting.question : deleting.name) : '';
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{body}</CardContent>
      <ChunksDialog source={viewing} onOpenChange={(open) => !open && setViewing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t('knowledge.sources.deleteTitle', { name: deletingName })}
        description={t('knowledge.sources.deleteBody')}
        confirmLabel={t('knowledge.sources.delete')}
        pending={remove.isPending}
        error={remove.error ? { title: t('knowledge.sources.deleteFailed'), message: explainError(remove.error, t) } : null}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast({ title: t('knowledge.sources.deleted', { name: deletingName }) });
              setDeleting(null);
            },
          });
        }}
      />
    </Card>
  );
}
