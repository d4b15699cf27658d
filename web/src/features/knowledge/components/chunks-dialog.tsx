import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { chunksQueryOptions, type Source } from '../api/knowledge';

/** The pieces a source was cut into, with their heading path. */
export function ChunksDialog({ source, onOpenChange }: { source: Source | null; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={source !== null} onOpenChange={onOpenChange}>
      <DialogContent closeLabel={t('knowledge.close')} className="max-h-[85vh] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{t('knowledge.chunks.title', { name: source?.name || source?.question || '' })}</DialogTitle>
          <DialogDescription>{t('knowledge.chunks.description')}</DialogDescription>
        </DialogHeader>
        {source && <ChunkList sourceId={source.id} />}
      </DialogContent>
    </Dialog>
  );
}

function ChunkList({ sourceId }: { sourceId: string }) {
  const { t } = useTranslation();
  const chunks = useQuery(chunksQueryOptions(sourceId));
  if (chunks.isPending) {
    return <Skeleton className="h-24 w-full" />;
  }
  if (chunks.isError) {
    return <ErrorAlert title={t('knowledge.chunks.failed')} message={explainError(chunks.error, t)} />;
  }
  if (chunks.data.length === 0) {
    return <p className="text-sm text-muted-foreground">{t('knowledge.chunks.empty')}</p>;
  }
  return (
    <ol className="grid gap-3">
      {chunks.data.map((chunk) => (
        <li key={chunk.seq} className="rounded-md border p-3 text-sm">
          {chunk.heading && <p className="mb-1 text-xs font-medium text-muted-foreground">{chunk.heading}</p>}
          <p className="whitespace-pre-wrap">{chunk.text}</p>
        </li>
      ))}
    </ol>
  );
}
