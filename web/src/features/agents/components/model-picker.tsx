import { useQuery } from '@tanstack/react-query';
import { CheckCircle2Icon, LoaderCircleIcon, PlugZapIcon, TriangleAlertIcon } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { llmModelsQueryOptions, llmProvidersQueryOptions, useTestProvider } from '@/features/llm/api/providers';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { limits, providers, type AgentConfig, type AgentConfigInput } from '../schemas';

const linkClass = 'font-medium text-primary underline-offset-4 hover:underline';

/** "Configurações → IA", as a link. */
function SettingsLink() {
  const { t } = useTranslation();
  return (
    <Link to={paths.settingsAi} className={linkClass}>
      {t('agents.model.settingsLink')}
    </Link>
  );
}

/** A note under the fields: a warning (with its icon) or a plain hint. */
function Note({ warning = false, children }: { warning?: boolean; children: ReactNode }) {
  return (
    <p className={warning ? 'flex items-start gap-2 text-sm text-amber-900' : 'text-sm text-muted-foreground'}>
      {warning && <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />}
      <span>{children}</span>
    </p>
  );
}

/**
 * The agent's provider and model. Each provider says whether the organization
 * can use it (a key of its own or the platform's; without one it cannot be
 * chosen, and the way to Configurações → IA is shown). The model is chosen
 * from the provider's list when it gives one, else typed; "Testar modelo"
 * makes one call with it, so a wrong key or an unknown model shows here.
 */
export function ModelPicker({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { control, register, setValue, formState } = useFormContext<AgentConfigInput, unknown, AgentConfig>();
  const { errors } = formState;
  const provider = useWatch({ control, name: 'provider' });
  const model = useWatch({ control, name: 'model' });
  const statuses = useQuery(llmProvidersQueryOptions);
  const statusOf = (name: string) => statuses.data?.find((status) => status.provider === name);
  const selected = provider ? statusOf(provider) : undefined;
  const canList = provider !== '' && selected?.available === true;
  const models = useQuery({ ...llmModelsQueryOptions(provider), enabled: canList });
  const test = useTestProvider(provider);
  // Typing a model by hand even though the provider lists its own.
  const [typing, setTyping] = useState(false);
  const [testedFor, setTestedFor] = useState('');
  const testKey = `${provider}\n${model.trim()}`;

  const providerName = (name: (typeof providers)[number]) => t(`agents.providers.${name === '' ? 'default' : name}`);
  const anyMissing = statuses.data?.some((status) => !status.available) ?? false;
  const selectedMissing = selected !== undefined && !selected.available;
  const defaultModel = selected?.default_model ?? '';
  const listed = canList && models.data?.listed === true && !typing;

  let modelHint: string | undefined = t('agents.form.modelHint');
  if (canList && models.isPending) modelHint = t('agents.model.loading', { name: providerName(provider) });
  else if (canList && models.data && !models.data.listed) modelHint = models.data.message || t('agents.model.typeHint');
  else if (listed) modelHint = defaultModel ? t('agents.model.listHint', { model: defaultModel }) : undefined;
  else if (defaultModel) modelHint = t('agents.model.defaultHint', { model: defaultModel });

  return (
    <div className="grid gap-3">
      <div className="grid gap-4 sm:grid-cols-2 sm:items-start">
        <FormField label={t('agents.form.provider')} error={errors.provider}>
          <NativeSelect
            {...register('provider', {
              // Another provider's models are not this one's: the model starts over.
              onChange: () => {
                setValue('model', '', { shouldDirty: true, shouldValidate: true });
                setTyping(false);
              },
            })}
          >
            {providers.map((name) => {
              const status = name === '' ? undefined : statusOf(name);
              const missing = status !== undefined && !status.available;
              return (
                <option key={name} value={name} disabled={missing && name !== provider}>
                  {missing ? t('agents.model.withoutKey', { name: providerName(name) }) : providerName(name)}
                </option>
              );
            })}
          </NativeSelect>
        </FormField>
        <Controller
          control={control}
          name="model"
          render={({ field }) => {
            const common = { name: field.name, ref: field.ref, value: field.value, disabled: field.disabled, onBlur: field.onBlur };
            let control;
            if (canList && models.isPending) {
              control = (
                <NativeSelect disabled value="">
                  <option value="">{t('agents.model.loadingOption')}</option>
                </NativeSelect>
              );
            } else if (listed) {
              const items = models.data?.items ?? [];
              control = (
                <NativeSelect {...common} onChange={(event) => field.onChange(event.target.value)}>
                  <option value="">
                    {defaultModel ? t('agents.model.providerDefaultNamed', { model: defaultModel }) : t('agents.model.providerDefault')}
                  </option>
                  {items.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                  {field.value !== '' && !items.includes(field.value) && (
                    <option value={field.value}>{t('agents.model.notListed', { model: field.value })}</option>
                  )}
                </NativeSelect>
              );
            } else {
              control = (
                <Input
                  {...common}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={limits.model}
                  placeholder={defaultModel || undefined}
                  onChange={(event) => field.onChange(event.target.value)}
                />
              );
            }
            return (
              <div className="grid gap-1">
                <FormField label={t('agents.form.model')} error={errors.model} hint={modelHint}>
                  {control}
                </FormField>
                {editable && canList && models.data?.listed && (
                  <div>
                    <Button variant="link" size="sm" className="h-auto px-0" onClick={() => setTyping(!typing)}>
                      {typing ? t('agents.model.chooseFromList') : t('agents.model.typeOther')}
                    </Button>
                  </div>
                )}
              </div>
            );
          }}
        />
      </div>

      {canList && models.isError && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Note warning>{t('agents.model.loadFailed', { name: providerName(provider), reason: explainError(models.error, t) })}</Note>
          <Button variant="outline" size="sm" onClick={() => void models.refetch()} disabled={models.isFetching}>
            {t('organizations.retry')}
          </Button>
        </div>
      )}
      {statuses.isError && <Note warning>{t('agents.model.statusFailed')}</Note>}
      {selectedMissing ? (
        <Note warning>
          {t('agents.model.selectedWithoutKey', { name: providerName(provider) })} <SettingsLink />
        </Note>
      ) : (
        editable &&
        anyMissing && (
          <Note>
            {t('agents.model.someWithoutKey')} <SettingsLink />
          </Note>
        )
      )}
      {selected?.organization_key?.check_error && testedFor !== testKey && (
        <Note warning>
          {t('agents.model.lastCheckFailed', { message: selected.organization_key.check_error })} <SettingsLink />
        </Note>
      )}

      {editable && canList && (
        <div className="grid gap-2">
          <div>
            <Button
              variant="outline"
              size="sm"
              disabled={test.isPending}
              onClick={() => {
                setTestedFor(testKey);
                test.mutate(model.trim());
              }}
            >
              {test.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <PlugZapIcon aria-hidden="true" />}
              {t('agents.model.test')}
            </Button>
          </div>
          {testedFor === testKey && test.data?.ok === true && (
            <p role="status" className="flex items-center gap-2 text-sm text-emerald-800">
              <CheckCircle2Icon className="size-4 shrink-0" aria-hidden="true" />
              {t('agents.model.testOk', { model: test.data.model })}
            </p>
          )}
          {testedFor === testKey && test.data?.ok === false && <ErrorAlert title={t('agents.model.testFailed')} message={test.data.message} />}
          {testedFor === testKey && test.error && <ErrorAlert title={t('agents.model.testCouldNotRun')} message={explainError(test.error, t)} />}
        </div>
      )}
    </div>
  );
}
