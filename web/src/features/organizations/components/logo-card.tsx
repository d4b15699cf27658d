import { useQuery } from '@tanstack/react-query';
import { ImageIcon, LoaderCircleIcon, TrashIcon, UploadIcon } from 'lucide-react';
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { describeError } from '@/lib/error-message';
import { formatNumber } from '@/lib/format';
import {
  logoTypes,
  maxLogoBytes,
  organizationLogoQueryOptions,
  organizationQueryOptions,
  useRemoveLogo,
  useUploadLogo,
} from '../api/organization';
import { explainError } from '../error-message';
import { ErrorAlert } from './error-alert';

/**
 * Object URLs of the images shown, one per Blob. They are not revoked: a
 * logo is at most 512 KiB and a page shows a few, and an <img> (or React's
 * double effects in development) may still need one after a re-render.
 */
const objectUrls = new WeakMap<Blob, string>();

function objectUrlOf(blob: Blob): string {
  let url = objectUrls.get(blob);
  if (!url) {
    url = URL.createObjectURL(blob);
    objectUrls.set(blob, url);
  }
  return url;
}

/** Why a file cannot be the logo, checked before it is sent (the server checks again). */
type FileProblem = 'type' | 'size';

function checkLogo(file: File): FileProblem | null {
  if (!logoTypes.includes(file.type)) return 'type';
  if (file.size > maxLogoBytes) return 'size';
  return null;
}

const maxLogoKiB = maxLogoBytes / 1024;

/**
 * The organization's logo: a preview, and for admins and owners a file to
 * choose (PNG, JPEG or WebP up to 512 KiB), seen before it is saved, and a
 * way to remove it.
 */
export function LogoCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const details = useQuery(organizationQueryOptions);
  // The image is asked for only when the organization has one (no 404 for the others).
  const hasLogo = details.data?.has_logo === true;
  const logoQuery = useQuery({ ...organizationLogoQueryOptions, enabled: hasLogo });
  const logo = {
    data: hasLogo ? logoQuery.data : null,
    isPending: details.isPending || (hasLogo && logoQuery.isPending),
    isError: hasLogo && logoQuery.isError,
    error: logoQuery.error,
  };
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const inputId = useId();
  const [chosen, setChosen] = useState<File | null>(null);
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const shown = chosen ?? logo.data;
  const preview = shown ? objectUrlOf(shown) : null;

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again still counts
    upload.reset();
    if (!file) return;
    const found = checkLogo(file);
    setProblem(found);
    setChosen(found ? null : file);
  }

  function save() {
    if (!chosen) return;
    upload.mutate(chosen, {
      onSuccess: () => {
        setChosen(null);
        toast({ title: t('organizations.logo.saved') });
      },
    });
  }

  function removeLogo() {
    remove.mutate(undefined, {
      onSuccess: () => {
        setConfirmingRemoval(false);
        toast({ title: t('organizations.logo.removed') });
      },
      onError: (err) => {
        setConfirmingRemoval(false);
        toast({ title: t('organizations.logo.removeFailed'), description: describeError(err, t) });
      },
    });
  }

  let picture;
  if (preview) {
    picture = <img src={preview} alt={chosen ? t('organizations.logo.previewAlt') : t('organizations.logo.currentAlt')} className="size-full object-contain" />;
  } else if (logo.isPending && !chosen) {
    picture = <Skeleton className="size-full" />;
  } else {
    picture = <ImageIcon className="size-8 text-muted-foreground" aria-hidden="true" />;
  }

  return (
    <Card aria-labelledby="organization-logo-title">
      <CardHeader>
        <CardTitle id="organization-logo-title">{t('organizations.logo.title')}</CardTitle>
        <CardDescription>
          {editable ? t('organizations.logo.description', { size: formatNumber(maxLogoKiB) }) : t('organizations.logo.readOnly')}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
          <div className="flex size-24 shrink-0 items-center justify-center overflow-hidden rounded-lg border bg-muted">{picture}</div>
          <div className="grid gap-1 text-sm">
            {logo.isError && !chosen ? (
              <p role="alert" className="text-destructive">
                {t('organizations.logo.loadFailed')} {describeError(logo.error, t)}
              </p>
            ) : (
              <p className="text-muted-foreground">
                {chosen
                  ? t('organizations.logo.chosen', { name: chosen.name })
                  : logo.data
                    ? t('organizations.logo.hasLogo')
                    : logo.isPending
                      ? t('organizations.logo.loading')
                      : t('organizations.logo.none')}
              </p>
            )}
            {editable && (
              <div className="mt-2 flex flex-wrap gap-2">
                {chosen ? (
                  <>
                    <Button size="sm" onClick={save} disabled={upload.isPending}>
                      {upload.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
                      {t('organizations.logo.save')}
                    </Button>
                    <Button size="sm" variant="outline" onClick={() => setChosen(null)} disabled={upload.isPending}>
                      {t('organizations.cancel')}
                    </Button>
                  </>
                ) : (
                  <>
                    <input
                      id={inputId}
                      type="file"
                      accept={logoTypes.join(',')}
                      className="peer sr-only"
                      onChange={choose}
                    />
                    <label
                      htmlFor={inputId}
                      className="inline-flex h-8 cursor-pointer items-center gap-2 rounded-md border border-input bg-background px-3 text-xs font-medium shadow-sm hover:bg-accent hover:text-accent-foreground peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2"
                    >
                      <UploadIcon className="size-4" aria-hidden="true" />
                      {logo.data ? t('organizations.logo.replace') : t('organizations.logo.choose')}
                    </label>
                    {logo.data && (
                      <Button size="sm" variant="ghost" onClick={() => setConfirmingRemoval(true)}>
                        <TrashIcon aria-hidden="true" />
                        {t('organizations.logo.remove')}
                      </Button>
                    )}
                  </>
                )}
              </div>
            )}
          </div>
        </div>
        {problem && (
          <ErrorAlert
            title={t('organizations.logo.invalidTitle')}
            message={problem === 'type' ? t('organizations.logo.wrongType') : t('organizations.logo.tooLarge', { size: formatNumber(maxLogoKiB) })}
          />
        )}
        {upload.error && <ErrorAlert title={t('organizations.logo.saveFailed')} message={explainError(upload.error, t)} />}
      </CardContent>
      <ConfirmDialog
        open={confirmingRemoval}
        onOpenChange={setConfirmingRemoval}
        title={t('organizations.logo.removeTitle')}
        description={t('organizations.logo.removeBody')}
        confirmLabel={t('organizations.logo.remove')}
        onConfirm={removeLogo}
        pending={remove.isPending}
      />
    </Card>
  );
}
