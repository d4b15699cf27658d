import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import type { Source } from '../api/knowledge';

/** A source's state in words: Na fila, Extraindo, Indexando n/m (with a bar), Pronto, Falhou and why. */
export function SourceStatusBadge({ source }: { source: Pick<Source, 'status' | 'progress_done' | 'progress_total' | 'error'> }) {
  const { t } = useTranslation();
  switch (source.status) {
    case 'queued':
      return <Badge variant="muted">{t('knowledge.status.queued')}</Badge>;
    case 'extracting':
      return <Badge variant="default">{t('knowledge.status.extracting')}</Badge>;
    case 'indexing': {
      const total = Math.max(source.progress_total, 0);
      const done = Math.min(Math.max(source.progress_done, 0), total);
      const label =
        total > 0 ? t('knowledge.status.indexingProgress', { done, total }) : t('knowledge.status.indexing');
      return (
        <div className="grid gap-1">
          <Badge variant="default">{label}</Badge>
          {total > 0 && (
            <div
              role="progressbar"
              aria-label={label}
              aria-valuemin={0}
              aria-valuemax={total}
              aria-valuenow={done}
              className="h-1.5 w-24 overflow-hidden rounded-full bg-muted"
            >
              <div className="h-full bg-primary transition-all" style={{ width: `${(done / total) * 100}%` }} />
            </div>
          )}
        </div>
      );
    }
    case 'ready':
      return <Badge variant="success">{t('knowledge.status.ready')}</Badge>;
    case 'failed':
      return (
        <div className="grid gap-1">
          <Badge variant="warning" className="w-fit">
            {t('knowledge.status.failed')}
          </Badge>
          {source.error && <span className="max-w-xs text-xs text-destructive">{source.error}</span>}
        </div>
      );
  }
}
