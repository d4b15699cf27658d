import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useId } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useAddSite } from '../api/sites';
import { maxSitePages, siteSchema, withScheme, type SiteValues } from '../schemas';

const defaults: SiteValues = { url: '', crawl: true, max_pages: 20 };

/** "Adicionar site": an address, whether to follow its links, and how many pages at most. */
export function AddSiteDialog({
  baseId,
  open,
  onOpenChange,
}: {
  baseId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const add = useAddSite(baseId);
  const crawlId = useId();
  const form = useForm<SiteValues>({ resolver: zodResolver(siteSchema), defaultValues: defaults });
  const { errors } = form.formState;
  const crawl = useWatch({ control: form.control, name: 'crawl' });

  function changeOpen(next: boolean) {
    if (add.isPending) return;
    if (!next) {
      form.reset(defaults);
      add.reset();
    }
    onOpenChange(next);
  }

  function submit(values: SiteValues) {
    const url = withScheme(values.url);
    add.mutate(
      { url, crawl: values.crawl, max_pages: values.crawl ? values.max_pages : 1 },
      {
        onSuccess: () => {
          toast({ title: t('knowledge.sites.add.added') });
          form.reset(defaults);
          add.reset();
          onOpenChange(false);
        },
        onError: (err) => setServerFieldErrors(err, form.setError),
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent closeLabel={t('knowledge.close')}>
        <DialogHeader>
          <DialogTitle>{t('knowledge.sites.add.title')}</DialogTitle>
          <DialogDescription>{t('knowledge.sites.add.description')}</DialogDescription>
        </DialogHeader>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('knowledge.sites.add.url')} error={errors.url} hint={t('knowledge.sites.add.urlHint')}>
            <Input type="url" inputMode="url" autoComplete="url" spellCheck={false} {...form.register('url')} />
          </FormField>
          <div className="flex items-center gap-2">
            <input id={crawlId} type="checkbox" className="size-4 accent-primary" {...form.register('crawl')} />
            <label htmlFor={crawlId} className="text-sm">
              {t('knowledge.sites.add.crawl')}
            </label>
          </div>
          {crawl && (
            <FormField label={t('knowledge.sites.add.maxPages')} error={errors.max_pages} hint={t('knowledge.sites.add.maxPagesHint')}>
              <Input
                type="number"
                min={1}
                max={maxSitePages}
                step={1}
                className="w-32"
                {...form.register('max_pages', { valueAsNumber: true })}
              />
            </FormField>
          )}
          {add.error && !(add.error instanceof ApiError && add.error.fields) && (
            <ErrorAlert title={t('knowledge.sites.add.failed')} message={explainError(add.error, t)} />
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => changeOpen(false)} disabled={add.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" disabled={add.isPending}>
              {add.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('knowledge.sites.add.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
