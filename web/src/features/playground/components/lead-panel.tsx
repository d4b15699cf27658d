import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { QualificationField } from '@/features/agents/schemas';
import { useLanguageStore } from '@/i18n/language-store';
import { formatPercent } from '@/lib/format';
import type { ConversationStatus, LeadField } from '../api/playground';

const statusVariant = { open: 'success', waiting_human: 'warning', closed: 'muted' } as const;

/** "Dados do lead": the agent's qualification fields with what the lead said, and the conversation's status. */
export function LeadPanel({
  fields,
  values,
  status,
}: {
  fields: Pick<QualificationField, 'key' | 'label' | 'required'>[];
  values: Record<string, LeadField>;
  status: ConversationStatus | null;
}) {
  const { t } = useTranslation();
  const known = new Set(fields.map((field) => field.key));
  const others = Object.values(values).filter((value) => !known.has(value.key));
  return (
    <Card aria-labelledby="playground-lead-title">
      <CardHeader>
        <CardTitle id="playground-lead-title">{t('playground.lead.title')}</CardTitle>
        <CardDescription>{t('playground.lead.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex items-center justify-between gap-2 text-sm">
          <span className="text-muted-foreground">{t('playground.status.label')}</span>
          {status ? (
            <Badge variant={statusVariant[status] ?? 'muted'}>{t(`playground.status.${status}`)}</Badge>
          ) : (
            <Badge variant="muted">{t('playground.status.none')}</Badge>
          )}
        </div>
        {fields.length === 0 && others.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('playground.lead.noFields')}</p>
        ) : (
          <dl className="grid gap-3">
            {fields.map((field) => (
              <FieldRow key={field.key} label={field.label} required={field.required} value={values[field.key]} />
            ))}
            {others.map((value) => (
              <FieldRow key={value.key} label={value.key} required={false} value={value} />
            ))}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}

function FieldRow({ label, required, value }: { label: string; required: boolean; value: LeadField | undefined }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const confidence = value ? Math.min(1, Math.max(0, value.confidence || 0)) : 0;
  return (
    <div className="grid gap-1 rounded-md border p-2.5" data-field={label}>
      <dt className="flex items-center gap-2 text-xs font-medium text-muted-foreground">
        {label}
        {required && <span className="text-[10px] font-normal uppercase">{t('playground.lead.required')}</span>}
      </dt>
      <dd className="grid gap-1">
        {value?.value ? (
          <>
            <span className="text-sm font-medium break-words">{value.value}</span>
            {value.evidence && (
              <span className="text-xs text-muted-foreground italic">{t('playground.lead.evidence', { text: value.evidence })}</span>
            )}
            <span className="flex items-center gap-2 text-xs text-muted-foreground">
              <span
className="h-1.5 w-20 overflow-hidden rounded-full bg-muted" aria-hidden="true">
                <span className="block h-full rounded-full bg-primary" style={{ width: `${confidence * 100}%` }} />
              </span>
              {t('playground.lead.confidence', { percent: formatPercent(confidence, language) })}
            </span>
          </>
        ) : (
          <span className="text-sm text-muted-foreground">{t('playground.lead.missing')}</span>
        )}
      </dd>
    </div>
  );
}
