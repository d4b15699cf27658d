import { ArrowDownIcon, ArrowUpIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { fieldTypes, limits, type AgentConfig, type AgentConfigInput, type QualificationField } from '../schemas';
import { CheckboxField, errorOf, FieldMessage, LinesTextarea } from './form-bits';

const emptyField: QualificationField = { key: '', label: '', type: 'text', required: false, description: '', options: [] };

/** A key from a label: "Prazo de decisão" → "prazo_de_decisao". */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, limits.key);
  return /^[a-z]/.test(key) ? key : key && `campo_${key}`.slice(0, limits.key);
}

/** "Campos de qualificação": one row per field, in the order the agent asks; add, remove, move. */
export function QualificationFieldsEditor({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { control, formState } = useFormContext<AgentConfigInput, unknown, AgentConfig>();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'qualification_fields' });
  const listError = errorOf(formState.errors.qualification_fields);

  return (
    <div className="grid gap-4">
      {fields.length === 0 && <p className="text-sm text-muted-foreground">{t('agents.sections.fields.empty')}</p>}
      {fields.map((field, index) => (
        <FieldRow
          key={field.id}
          index={index}
          count={fields.length}
          editable={editable}
          onRemove={() => remove(index)}
          onMove={(to) => move(index, to)}
        />
      ))}
      <FieldMessage error={listError} />
      {editable && fields.length < limits.fields && (
        <div>
          <Button variant="outline" onClick={() => append({ ...emptyField, options: [] })}>
            <PlusIcon aria-hidden="true" />
            {t('agents.sections.fields.add')}
          </Button>
        </div>
      )}
    </div>
  );
}

function FieldRow({
  index,
  count,
  editable,
  onRemove,
  onMove,
}: {
  index: number;
  count: number;
  editable: boolean;
  onRemove: () => void;
  onMove: (to: number) => void;
}) {
  const { t } = useTranslation();
  const { control, register, formState, getValues, setValue } = useFormContext<AgentConfigInput, unknown, AgentConfig>();
  const type = useWatch({ control, name: `qualification_fields.${index}.type` });
  const errors = formState.errors.qualification_fields?.[index];
  const number = index + 1;
  const label = register(`qualification_fields.${index}.label`);

  return (
    <fieldset className="grid gap-4 rounded-lg border p-4">
      <legend className="sr-only">{t('agents.form.fieldHeading', { number })}</legend>
      <div className="flex items-center justify-between gap-2">
        <span aria-hidden="true" className="text-sm font-semibold">
          {t('agents.form.fieldHeading', { number })}
        </span>
        {editable && (
          <div className="flex gap-1">
            <Button variant="ghost" size="icon" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('agents.form.moveFieldUp', { number })}>
              <ArrowUpIcon aria-hidden="true" />
            </Button>
            <Button variant="ghost" size="icon" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('agents.form.moveFieldDown', { number })}>
              <ArrowDownIcon aria-hidden="true" />
            </Button>
            <Button variant="ghost" size="icon" onClick={onRemove} aria-label={t('agents.form.removeField', { number })}>
              <Trash2Icon aria-hidden="true" />
            </Button>
          </div>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t('agents.form.fieldLabel')} error={errors?.label}>
          <Input
            autoComplete="off"
            maxLength={limits.label}
            {...label}
            onBlur={(event) => {
              void label.onBlur(event);
              // A new field gets a key from its name.
              if (getValues(`qualification_fields.${index}.key`) === '' && event.target.value.trim() !== '') {
                setValue(`qualification_fields.${index}.key`, keyFromLabel(event.target.value), { shouldDirty: true, shouldValidate: true });
              }
            }}
          />
        </FormField>
        <FormField label={t('agents.form.fieldKey')} error={errors?.key} hint={t('agents.form.fieldKeyHint')}>
          <Input autoComplete="off" spellCheck={false} maxLength={limits.key} {...register(`qualification_fields.${index}.key`)} />
        </FormField>
        <FormField label={t('agents.form.fieldType')} error={errors?.type}>
          <NativeSelect {...register(`qualification_fields.${index}.type`)}>
            {fieldTypes.map((fieldType) => (
              <option key={fieldType} value={fieldType}>
                {t(`agents.fieldTypes.${fieldType}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <CheckboxField
          className="self-end pb-2"
          label={t('agents.form.fieldRequired')}
          error={errors?.required}
          {...register(`qualification_fields.${index}.required`)}
        />
      </div>
      <FormField label={t('agents.form.fieldDescription')} error={errors?.description} hint={t('agents.form.fieldDescriptionHint')}>
        <Input autoComplete="off" maxLength={limits.description} {...register(`qualification_fields.${index}.description`)} />
      </FormField>
      {type === 'enum' && (
        <FormField label={t('agents.form.fieldOptions')} error={errorOf(errors?.options, true)} hint={t('agents.form.fieldOptionsHint')}>
          <Controller
            control={control}
            name={`qualification_fields.${index}.options`}
            render={({ field }) => (
              <LinesTextarea rows={4} value={field.value} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} name={field.name} />
            )}
          />
        </FormField>
      )}
    </fieldset>
  );
}
