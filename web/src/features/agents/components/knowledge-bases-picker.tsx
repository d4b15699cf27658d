import { useQuery } from '@tanstack/react-query';
import { Controller, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { Skeleton } from '@/components/ui/skeleton';
import { knowledgeBasesQueryOptions } from '@/features/knowledge/api/knowledge';
import type { AgentConfig, AgentConfigInput } from '../schemas';
import { CheckboxField, errorOf, FieldMessage } from './form-bits';

/** "Bases de conhecimento": a checkbox for each of the organization's bases. */
export function KnowledgeBasesPicker() {
  const { t } = useTranslation();
  const { control, formState } = useFormContext<AgentConfigInput, unknown, AgentConfig>();
  const bases = useQuery(knowledgeBasesQueryOptions);

  if (bases.isPending) return <Skeleton className="h-16 w-full" />;
  if (bases.isError) return <p className="text-sm text-destructive">{t('agents.sections.knowledge.loadFailed')}</p>;
  if (bases.data.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {t('agents.sections.knowledge.empty')}{' '}
        <Link to={paths.knowledge} className="font-medium text-primary underline-offset-4 hover:underline">
          {t('agents.sections.knowledge.link')}
        </Link>
      </p>
    );
  }
  return (
    <Controller
      control={control}
      name="knowledge_base_ids"
      render={({ field }) => (
        <div className="grid gap-3">
          {bases.data.map((base) => (
            <CheckboxField
              key={base.id}
              label={base.name}
              checked={field.value.includes(base.id)}
              disabled={field.disabled}
              onBlur={field.onBlur}
              onChange={(event) =>
                field.onChange(event.target.checked ? [...field.value, base.id] : field.value.filter((id) => id !== base.id))
              }
            />
          ))}
          <FieldMessage error={errorOf(formState.errors.knowledge_base_ids)} />
        </div>
      )}
    />
  );
}
