import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import type { LlmProviderStatus, useSaveProviderKey } from '../api/providers';
import { providerOf } from '../provider-names';
import { maxApiKey, maxBaseUrl, providerKeySchema, type ProviderKeyValues } from '../schemas';

/**
 * Sets or replaces the organization's key for a provider. The key field is a
 * password field that starts empty: a saved key is never sent back. OpenAI
 * also takes an OpenAI-compatible base URL.
 */
export function ProviderKeyForm({
  status,
  save,
  onSaved,
}: {
  status: LlmProviderStatus;
  /** The card's mutation: it outlives this form, which starts again once the key is saved. */
  save: ReturnType<typeof useSaveProviderKey>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const withBaseUrl = status.provider === 'openai';
  const replacing = status.organization_key !== null;
  const form = useForm<ProviderKeyValues>({
    resolver: zodResolver(providerKeySchema),
    defaultValues: { api_key: '', base_url: status.organization_key?.base_url ?? '' },
  });
  const { errors } = form.formState;
  const error = save.error;
  const of = providerOf(t, status);

  function submit(values: ProviderKeyValues) {
    save.mutate(
      { api_key: values.api_key, base_url: withBaseUrl ? values.base_url : '' },
      {
        onSuccess: () => {
          form.reset({ api_key: '', base_url: withBaseUrl ? values.base_url : '' });
          toast({ title: t('llm.form.saved', { of }) });
          onSaved();
        },
        onError: (err) => setServerFieldErrors(err, form.setError),
      },
    );
  }

  return (
    <form
      noValidate
      aria-label={replacing ? t('llm.form.replaceLabel', { of }) : t('llm.form.setLabel', { of })}
      className="grid gap-4 border-t pt-5"
      onSubmit={(event) => void form.handleSubmit(submit)(event)}
    >
      <FormField
        label={replacing ? t('llm.form.newApiKey') : t('llm.form.apiKey')}
        error={errors.api_key}
        hint={t('llm.form.apiKeyHint')}
      >
        <Input
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={maxApiKey}
          data-1p-ignore
          data-lpignore="true"
          {...form.register('api_key')}
        />
      </FormField>
      {withBaseUrl && (
        <FormField label={t('llm.form.baseUrl')} error={errors.base_url} hint={t('llm.form.baseUrlHint')}>
          <Input
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={maxBaseUrl}
            placeholder="https://api.groq.com/openai/v1"
            {...form.register('base_url')}
          />
        </FormField>
      )}
      {error && !(error instanceof ApiError && error.fields) && (
        <ErrorAlert title={t('llm.form.saveFailed')} message={explainError(error, t)} />
      )}
      <div className="flex justify-end">
        <Button type="submit" disabled={save.isPending} className="w-full sm:w-auto">
          {save.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
          {replacing ? t('llm.form.replace') : t('llm.form.save')}
        </Button>
      </div>
    </form>
  );
}
