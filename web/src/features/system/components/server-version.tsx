import { useQuery } from '@tanstack/react-query';
import { AlertCircleIcon, RotateCwIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import { errorCode } from '@/lib/api';
import { versionQueryOptions } from '../api/version';

/** A card with the version and commit of the running server. */
export function ServerVersion() {
  const { t } = useTranslation();
  const { data, error, isPending, isError, isFetching, refetch } = useQuery(versionQueryOptions);
  return (
    <Card aria-labelledby="server-version-title">
      <CardHeader>
        <CardTitle id="server-version-title">{t('system.title')}</CardTitle>
        <CardDescription>{t('system.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <div role="status" className="grid gap-3">
            <span className="sr-only">{t('system.loading')}</span>
            <Skeleton className="h-5 w-40" />
            <Skeleton className="h-5 w-56" />
          </div>
        ) : isError ? (
          <div role="alert" className="flex flex-col items-start gap-3 rounded-md border border-destructive/40 bg-destructive/5 p-4">
            <div className="flex gap-2">
              <AlertCircleIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
              <div>
                <p className="text-sm font-medium">{t('system.errorTitle')}</p>
                <p className="text-sm text-muted-foreground">{t(`errors.codes.${errorCode(error)}`)}</p>
              </div>
            </div>
            <Button variant="outline" size="sm" disabled={isFetching} onClick={() => void refetch()}>
              <RotateCwIcon aria-hidden="true" className={isFetching ? 'animate-spin' : undefined} />
              {t('system.retry')}
            </Button>
          </div>
        ) : (
          <Table>
            <TableBody>
              <TableRow>
                <TableHead scope="row" className="w-32">
                  {t('system.version')}
                </TableHead>
                <TableCell className="font-medium">{data.version}</TableCell>
              </TableRow>
              <TableRow>
                <TableHead scope="row">{t('system.commit')}</TableHead>
                <TableCell>
                  <code className="font-mono text-xs break-all">{data.commit}</code>
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
