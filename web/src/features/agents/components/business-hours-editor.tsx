import { PlusIcon, XIcon } from 'lucide-react';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { brazilianTimeZones, isBrazilianTimeZone } from '@/features/organizations/time-zones';
import { limits, weekdays, type AgentConfig, type AgentConfigInput, type Weekday } from '../schemas';
import { CheckboxField, errorOf, FieldMessage } from './form-bits';

/** "Horário de atendimento": on or off, the time zone, each weekday's hours, the out-of-hours message. */
export function BusinessHoursEditor({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<AgentConfigInput, unknown, AgentConfig>();
  const errors = formState.errors.business_hours;
  const zone = useWatch({ control, name: 'business_hours.time_zone' });
  const zones: string[] = [...brazilianTimeZones];
  if (zone && !isBrazilianTimeZone(zone)) zones.push(zone);

  return (
    <>
      <CheckboxField
        label={t('agents.form.hoursEnabled')}
        hint={t('agents.form.hoursEnabledHint')}
        error={errors?.enabled}
        {...register('business_hours.enabled')}
      />
      <FormField label={t('agents.form.timeZone')} error={errors?.time_zone}>
        <NativeSelect {...register('business_hours.time_zone')}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {isBrazilianTimeZone(z)
                ? t('organizations.timeZones.option', { name: t(`organizations.timeZones.names.${z}`), zone: z })
                : z}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">{t('agents.form.week')}</legend>
        {weekdays.map((day) => (
          <DayEditor key={day} day={day} editable={editable} />
        ))}
      </fieldset>
      <FormField label={t('agents.form.outOfHoursMessage')} error={errors?.out_of_hours_message}>
        <Textarea rows={3} maxLength={limits.outOfHoursMessage} {...register('business_hours.out_of_hours_message')} />
      </FormField>
    </>
  );
}

function DayEditor({ day, editable }: { day: Weekday; editable: boolean }) {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<AgentConfigInput, unknown, AgentConfig>();
  const { fields, append, remove } = useFieldArray({ control, name: `business_hours.week.${day}` });
  const dayName = t(`agents.weekdays.${day}`);
  const errors = formState.errors.business_hours?.week?.[day];

  return (
    <div className="grid gap-2 border-b pb-3 last:border-b-0 sm:grid-cols-[10rem_1fr]">
      <span className="pt-2 text-sm font-medium">{dayName}</span>
      <div className="grid gap-2">
        {fields.length === 0 && <span className="pt-2 text-sm text-muted-foreground">{t('agents.form.closed')}</span>}
        {fields.map((field, index) => {
          const number = index + 1;
          const rangeErrors = errors?.[index];
          return (
            <div key={field.id} className="grid gap-1">
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  type="time"
                  className="w-32"
                  aria-label={t('agents.form.rangeStart', { number, day: dayName })}
                  aria-invalid={rangeErrors?.start ? true : undefined}
                  {...register(`business_hours.week.${day}.${index}.start`)}
                />
                <span aria-hidden="true">–</span>
                <Input
                  type="time"
                  className="w-32"
                  aria-label={t('agents.form.rangeEnd', { number, day: dayName })}
                  aria-invalid={rangeErrors?.end ? true : undefined}
                  {...register(`business_hours.week.${day}.${index}.end`)}
                />
                {editable && (
                  <Button variant="ghost" size="icon" onClick={() => remove(index)} aria-label={t('agents.form.removeRange', { number, day: dayName })}>
                    <XIcon aria-hidden="true" />
                  </Button>
                )}
              </div>
              <FieldMessage error={rangeErrors?.start ?? rangeErrors?.end} />
            </div>
          );
        })}
        <FieldMessage error={errorOf(errors)} />
        {editable && fields.length < limits.rangesPerDay && (
          <div>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => append(fields.length === 0 ? { start: '08:00', end: '18:00' } : { start: '13:00', end: '18:00' })}
              aria-label={t('agents.form.addRangeTo', { day: dayName })}
            >
              <PlusIcon aria-hidden="true" />
              {t('agents.form.addRange')}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
