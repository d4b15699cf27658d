import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { ChevronDownIcon, ChevronRightIcon, GlobeIcon, LoaderCircleIcon, PlusIcon, RefreshCwIcon } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDateTime } from '@/lib/format';
import type { Source } from '../api/knowledge';
import { siteQueryOptions, sitesQueryOptions, useDeleteSite, useSyncSite, type Site, type SiteWithPages } from '../api/sites';
import { AddSiteDialog } from './add-site-dialog';
import { ChunksDialog } from './chunks-dialog';
import { SourceStatusBadge } from './source-status';

/** An address as people read it: no scheme, no slash at the end of a site's root. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** A base's web sites: their state, live; admins add, sync and delete them. */
export function SitesCard({ baseId, canEdit }: { baseId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const sites = useQuery(sitesQueryOptions(baseId));
  const remove = useDeleteSite();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Site | null>(null);

  let body;
  if (sites.isPending) {
    body = <Skeleton className="h-16 w-full" />;
  } else if (sites.isError) {
    body = <ErrorAlert title={t('knowledge.sites.loadFailed')} message={explainError(sites.error, t)} />;
  } else if ((sites.data.items ?? []).length === 0) {
    body = <p className="text-sm text-muted-foreground">{t('knowledge.sites.empty')}</p>;
  } else {
    body = (
      <ul className="grid gap-3" aria-label={t('knowledge.sites.listLabel')}>
        {(sites.data.items ?? []).map((site) => (
          <SiteItem
            key={site.id}
            site={site}
            canEdit={canEdit}
            onDelete={() => {
              remove.reset();
              setDeleting(site);
            }}
          />
        ))}
      </ul>
    );
  }

  const deletingUrl = deleting ? displayUrl(deleting.url) : '';
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle>{t('knowledge.sites.title')}</CardTitle>
          <CardDescription>{t('knowledge.sites.description')}</CardDescription>
        </div>
        {canEdit && (
          <Button variant="outline" onClick={() => setAdding(true)}>
            <PlusIcon aria-hidden="true" />
            {t('knowledge.sites.add.open')}
          </Button>
        )}
      </CardHeader>
      <CardContent>{body}</CardContent>
      {canEdit && <AddSiteDialog baseId={baseId} open={adding} onOpenChange={setAdding} />}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t('knowledge.sites.deleteTitle', { url: deletingUrl })}
        description={t('knowledge.sites.deleteBody')}
        confirmLabel={t('knowledge.sites.delete')}
        pending={remove.isPending}
        error={remove.error ? { title: t('knowledge.sites.deleteFailed'), message: explainError(remove.error, t) } : null}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast({ title: t('knowledge.sites.deleted', { url: deletingUrl }) });
              setDeleting(null);
            },
          });
        }}
      />
    </Card>
  );
}

/** A site's state in words: Na fila, Lendo páginas, Sincronizado, Falhou and why. */
export function SiteStatusBadge({ site }: { site: Pick<Site, 'status'> }) {
  const { t } = useTranslation();
  switch (site.status) {
    case 'queued':
      return <Badge variant="muted">{t('knowledge.sites.status.queued')}</Badge>;
    case 'crawling':
      return (
        <Badge variant="default" className="gap-1">
          <LoaderCircleIcon className="size-3 animate-spin" aria-hidden="true" />
          {t('knowledge.sites.status.crawling')}
        </Badge>
      );
    case 'ready':
      return <Badge variant="success">{t('knowledge.sites.status.ready')}</Badge>;
    case 'failed':
      return <Badge variant="warning">{t('knowledge.sites.status.failed')}</Badge>;
  }
}

function SiteItem({ site, canEdit, onDelete }: { site: Site; canEdit: boolean; onDelete: () => void }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  // The pages load with the site (not on expanding), so their live updates land in the cache.
  const detail = useQuery(siteQueryOptions(site.id));
  const sync = useSyncSite();
  const [open, setOpen] = useState(false);
  const pagesId = useId();
  const url = displayUrl(site.url);
  const busy = site.status === 'queued' || site.status === 'crawling';

  return (
    <li aria-label={url} className="rounded-lg border p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid min-w-0 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <GlobeIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            <a href={site.url} target="_blank" rel="noreferrer noopener" className="truncate font-medium hover:underline">
              {url}
            </a>
            <SiteStatusBadge site={site} />
          </div>
          <p className="text-xs text-muted-foreground">
            {t('knowledge.sites.pagesFound', { count: site.pages_found })} ·{' '}
            {site.crawl ? t('knowledge.sites.crawlLimit', { count: site.max_pages }) : t('knowledge.sites.single')} ·{' '}
            {site.last_synced_at
              ? t('knowledge.sites.lastSync', { date: formatDateTime(site.last_synced_at, { locale: language }) })
              : t('knowledge.sites.neverSynced')}
          </p>
          {site.status === 'failed' && site.error && <p className="text-xs text-destructive">{site.error}</p>}
        </div>
        <div className="flex flex-wrap justify-end gap-1">
          <Button
            size="sm"
            variant="outline"
            aria-expanded={open}
            aria-controls={pagesId}
            aria-label={`${open ? t('knowledge.sites.hidePages') : t('knowledge.sites.showPages')}: ${url}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <ChevronDownIcon aria-hidden="true" /> : <ChevronRightIcon aria-hidden="true" />}
            {open ? t('knowledge.sites.hidePages') : t('knowledge.sites.showPages')}
          </Button>
          {canEdit && (
            <>
              <Button
                size="sm"
                variant="outline"
                aria-label={t('knowledge.sites.syncOf', { url })}
                disabled={busy || sync.isPending}
                onClick={() =>
                  sync.mutate(site.id, {
                    onSuccess: () => toast({ title: t('knowledge.sites.syncQueued', { url }) }),
                    onError: (err) => toast({ title: t('knowledge.sites.syncFailed'), description: explainError(err, t) }),
                  })
                }
              >
                <RefreshCwIcon aria-hidden="true" className={busy ? 'animate-spin' : undefined} />
                {t('knowledge.sites.sync')}
              </Button>
              <Button size="sm" variant="outline" aria-label={t('knowledge.sites.deleteOf', { url })} onClick={onDelete}>
                {t('knowledge.sites.delete')}
              </Button>
            </>
          )}
        </div>
      </div>
      <div id={pagesId} hidden={!open} className="mt-3">
        {open && <SitePages url={url} detail={detail} />}
      </div>
    </li>
  );
}

function SitePages({ url, detail }: { url: string; detail: UseQueryResult<SiteWithPages> }) {
  const { t } = useTranslation();
  const [viewing, setViewing] = useState<Source | null>(null);
  if (detail.isPending) {
    return <Skeleton className="h-16 w-full" />;
  }
  if (detail.isError) {
    return <ErrorAlert title={t('knowledge.sites.pagesLoadFailed')} message={explainError(detail.error, t)} />;
  }
  const pages = detail.data.pages;
  if (pages.length === 0) {
    return <p className="text-sm text-muted-foreground">{t('knowledge.sites.noPages')}</p>;
  }
  return (
    <>
      <Table aria-label={t('knowledge.sites.pagesLabel', { url })}>
        <thead>
          <TableRow>
            <TableHead>{t('knowledge.sites.page')}</TableHead>
            <TableHead>{t('knowledge.sources.status')}</TableHead>
            <TableHead>
              <span className="sr-only">{t('knowledge.sources.actions')}</span>
            </TableHead>
          </TableRow>
        </thead>
        <TableBody>
          {pages.map((page) => (
            <TableRow key={page.id}>
              <TableCell className="max-w-sm">
                <div className="truncate font-medium" title={page.name}>
                  {page.name}
                </div>
                {displayUrl(page.url ?? '') !== page.name && (
                  <div className="truncate text-xs text-muted-foreground" title={page.url}>
                    {displayUrl(page.url ?? '')}
                  </div>
                )}
              </TableCell>
              <TableCell>
                <SourceStatusBadge source={page} />
              </TableCell>
              <TableCell>
                <div className="flex justify-end">
                  <Button
                    size="sm"
                    variant="outline"
                    aria-label={t('knowledge.sites.viewChunksOf', { name: page.name })}
                    onClick={() => setViewing(page)}
                  >
                    {t('knowledge.sources.viewChunks')}
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ChunksDialog source={viewing} onOpenChange={(o) => !o && setViewing(null)} />
    </>
  );
}
