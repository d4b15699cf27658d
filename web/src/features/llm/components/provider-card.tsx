import { CheckCircle2Icon, LoaderCircleIcon, PlugZapIcon } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatDateTime } from '@/lib/format';
import {
  type LlmProviderStatus,
  type ProviderTestResult,
  useRemoveProviderKey,
  useSaveProviderKey,
  useTestProvider,
} from '../api/providers';
import { providerOf } from '../provider-names';
import { ProviderKeyForm } from './provider-key-form';

/** Which key agents use for a provider: the organization's, the platform's, or none. */
export function KeyStatusBadge({ status }: { status: LlmProviderStatus }) {
  const { t } = useTranslation();
  if (status.organization_key) return <Badge variant="success">{t('llm.status.organizationBadge')}</Badge>;
  if (status.platform_key) return <Badge variant="muted">{t('llm.status.platformBadge')}</Badge>;
  return <Badge variant="warning">{t('llm.status.noneBadge')}</Badge>;
}

/**
 * One provider: which key is in use, when it was last tested and how that
 * went; for admins and owners, "Testar", the form that sets or replaces the
 * organization's key, and its removal (after asking).
 */
export function ProviderCard({ status, editable }: { status: LlmProviderStatus; editable: boolean }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const titleId = useId();
  const test = useTestProvider(status.provider);
  const remove = useRemoveProviderKey(status.provider);
  const save = useSaveProviderKey(status.provider);
  const [removing, setRemoving] = useState(false);
  const of = providerOf(t, status);
  const key = status.organization_key;

  let inUse;
  if (key) {
    inUse = t('llm.status.organization', { hint: key.key_hint });
  } else if (status.platform_key) {
    inUse = t('llm.status.platform');
  } else {
    inUse = t('llm.status.none');
  }

  const facts: [string, string][] = [[t('llm.facts.key'), inUse]];
  if (key?.base_url) facts.push([t('llm.facts.baseUrl'), key.base_url]);
  if (status.default_model) facts.push([t('llm.facts.defaultModel'), status.default_model]);
  if (key) {
    facts.push([t('llm.facts.updatedAt'), formatDateTime(key.updated_at, { locale: language })]);
    let checked;
    if (!key.checked_at) checked = t('llm.facts.neverChecked');
    else if (key.check_error) checked = t('llm.facts.checkedFailed', { date: formatDateTime(key.checked_at, { locale: language }) });
    else checked = t('llm.facts.checkedOk', { date: formatDateTime(key.checked_at, { locale: language }) });
    facts.push([t('llm.facts.lastCheck'), checked]);
  }

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle id={titleId}>{status.name}</CardTitle>
          <KeyStatusBadge status={status} />
        </div>
        <CardDescription>{status.available ? t('llm.available') : t('llm.unavailable')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium">{label}</dt>
              <dd className="min-w-0 break-words text-muted-foreground">{value}</dd>
            </div>
          ))}
        </dl>
        {key?.check_error && !test.data && <p className="text-sm text-destructive">{key.check_error}</p>}

        {editable && (
          <div className="grid gap-3">
            <div className="flex flex-wrap gap-2">
              <Button
                variant="outline"
                disabled={!status.available || test.isPending}
                aria-label={t('llm.test.of', { name: status.name })}
                onClick={() => test.mutate('')}
              >
                {test.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <PlugZapIcon aria-hidden="true" />}
                {t('llm.test.button')}
              </Button>
              {key && (
                <Button
                  variant="outline"
                  aria-label={t('llm.remove.of', { of })}
                  onClick={() => {
                    remove.reset();
                    setRemoving(true);
                  }}
                >
                  {t('llm.remove.button')}
                </Button>
              )}
            </div>
            {!status.available && <p className="text-sm text-muted-foreground">{t('llm.test.needsKey')}</p>}
            {test.isPending && (
              <p role="status" className="text-sm text-muted-foreground">
                {t('llm.test.running', { name: status.name })}
              </p>
            )}
            {test.data && <TestOutcome result={test.data} />}
            {test.error && <ErrorAlert title={t('llm.test.failedToRun')} message={explainError(test.error, t)} />}
          </div>
        )}

        {editable && (
          <ProviderKeyForm
            // A saved or removed key starts the form again (empty key, the URL in use).
            key={`${key?.updated_at ?? 'none'}\n${key?.base_url ?? ''}`}
            status={status}
            save={save}
            onSaved={() => test.reset()}
          />
        )}
      </CardContent>
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        title={t('llm.remove.title', { of })}
        description={t('llm.remove.body')}
        confirmLabel={t('llm.remove.confirm')}
        pending={remove.isPending}
        error={remove.error ? { title: t('llm.remove.failed'), message: explainError(remove.error, t) } : null}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              test.reset();
              setRemoving(false);
              toast({ title: t('llm.remove.done', { of }) });
            },
          })
        }
      />
    </Card>
  );
}

/** What "Testar" found: it works (and how many models the key reaches), or the provider's refusal in words. */
function TestOutcome({ result }: { result: ProviderTestResult }) {
  const { t } = useTranslation();
  if (!result.ok) {
    return <ErrorAlert title={t('llm.test.failed')} message={result.message} />;
  }
  const count = result.models?.length ?? 0;
  return (
    <div role="status" className="flex items-start gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
      <CheckCircle2Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="grid gap-0.5">
        <p className="font-medium">{count > 0 ? t('llm.test.okModels', { count }) : t('llm.test.ok')}</p>
        {result.model && <p>{t('llm.test.okModel', { model: result.model })}</p>}
      </div>
    </div>
  );
}
