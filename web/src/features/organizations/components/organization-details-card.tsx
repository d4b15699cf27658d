import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { type ChangeEvent, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { toast } from '@/components/ui/toast';
import { useLanguageStore } from '@/i18n/language-store';
import { ApiError } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { setServerFieldErrors } from '@/lib/form-errors';
import { type OrganizationDetails, useUpdateOrganization } from '../api/organization';
import { explainError } from '../error-message';
import { maxOrganizationName, organizationSchema, type OrganizationValues } from '../schemas';
import { brazilianTimeZones, isBrazilianTimeZone } from '../time-zones';
import { ErrorAlert } from './error-alert';

/** The select's value for a zone typed by hand. */
const otherZone = 'other';

interface OrganizationDetailsCardProps {
  organization: OrganizationDetails;
  /** Admins and owners edit; members read. */
  editable: boolean;
}

/** The organization's name and time zone: a form for admins and owners, the plain values for members. */
export function OrganizationDetailsCard({ organization, editable }: OrganizationDetailsCardProps) {
  const { t } = useTranslation();
  return (
    <Card aria-labelledby="organization-details-title">
      <CardHeader>
        <CardTitle id="organization-details-title">{t('organizations.settings.detailsTitle')}</CardTitle>
        <CardDescription>{t('organizations.settings.detailsDescription')}</CardDescription>
      </CardHeader>
      <CardContent>
        {editable ? <OrganizationForm organization={organization} /> : <OrganizationFacts organization={organization} />}
      </CardContent>
    </Card>
  );
}

/** The name of a time zone for people: "Horário de Brasília (America/Sao_Paulo)"; other zones as they are. */
function useTimeZoneLabel() {
  const { t } = useTranslation();
  return (zone: string) =>
    isBrazilianTimeZone(zone) ? t('organizations.timeZones.option', { name: t(`organizations.timeZones.names.${zone}`), zone }) : zone;
}

function OrganizationFacts({ organization }: { organization: OrganizationDetails }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const zoneLabel = useTimeZoneLabel();
  const facts = [
    [t('organizations.fields.name'), organization.name],
    [t('organizations.fields.timeZone'), zoneLabel(organization.time_zone)],
    [t('organizations.fields.createdAt'), formatDate(organization.created_at, { locale: language })],
  ] as const;
  return (
    <dl className="grid gap-4 sm:grid-cols-[12rem_1fr]">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-sm font-medium">{label}</dt>
          <dd className="text-sm text-muted-foreground">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function OrganizationForm({ organization }: { organization: OrganizationDetails }) {
  const { t } = useTranslation();
  const zoneLabel = useTimeZoneLabel();
  const update = useUpdateOrganization();
  const form = useForm<OrganizationValues>({
    resolver: zodResolver(organizationSchema),
    defaultValues: { name: organization.name, time_zone: organization.time_zone },
  });
  const [zoneChoice, setZoneChoice] = useState<string>(
    isBrazilianTimeZone(organization.time_zone) ? organization.time_zone : otherZone,
  );
  const { errors, isDirty } = form.formState;
  const error = update.error;

  function chooseZone(event: ChangeEvent<HTMLSelectElement>) {
    const choice = event.target.value;
    setZoneChoice(choice);
    const typed = choice === otherZone;
    const zone = typed ? (isBrazilianTimeZone(organization.time_zone) ? '' : organization.time_zone) : choice;
    form.setValue('time_zone', zone, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
    if (typed) {
      // The typed zone's field appears with this render: focus it on the next one.
      setTimeout(() => form.setFocus('time_zone'));
    }
  }

  function submit(values: OrganizationValues) {
    update.mutate(values, {
      onSuccess: () => toast({ title: t('organizations.settings.saved') }),
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  const typed = zoneChoice === otherZone;
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <FormField label={t('organizations.fields.name')} error={errors.name}>
        <Input autoComplete="organization" maxLength={maxOrganizationName} {...form.register('name')} />
      </FormField>
      <FormField
        label={t('organizations.fields.timeZone')}
        error={typed ? undefined : errors.time_zone}
        hint={t('organizations.timeZones.hint')}
      >
        <NativeSelect value={zoneChoice} onChange={chooseZone}>
          {brazilianTimeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zoneLabel(zone)}
            </option>
          ))}
          <option value={otherZone}>{t('organizations.timeZones.other')}</option>
        </NativeSelect>
      </FormField>
      {typed && (
        <FormField label={t('organizations.fields.otherTimeZone')} error={errors.time_zone} hint={t('organizations.timeZones.otherHint')}>
          <Input autoComplete="off" spellCheck={false} placeholder="Europe/Lisbon" {...form.register('time_zone')} />
        </FormField>
      )}
      {error && !(error instanceof ApiError && error.fields) && (
        <ErrorAlert title={t('organizations.settings.saveFailed')} message={explainError(error, t)} />
      )}
      <div className="flex justify-end">
        <Button type="submit" disabled={update.isPending || !isDirty} className="w-full sm:w-auto">
          {update.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
          {t('organizations.settings.save')}
        </Button>
      </div>
    </form>
  );
}
