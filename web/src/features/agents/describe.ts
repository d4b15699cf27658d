// Versions in words: which part of the editor a change is in, the name of
// the field it changed, and its values as people read them. Paths are the
// API's (see AgentChange).
import type { TFunction } from 'i18next';
import { formatNumber, type FormatLocale } from '@/lib/format';
import { fieldTypes, providers, weekdays, type Provider, type QualificationField, type Weekday } from './schemas';

function isNamedProvider(value: unknown): value is Exclude<Provider, ''> {
  return value !== '' && (providers as readonly unknown[]).includes(value);
}

/** The editor's sections, in their order; each change belongs to one. */
export const sectionKeys = [
  'general',
  'persona',
  'instructions',
  'facts',
  'knowledge',
  'model',
  'fields',
  'handoff',
  'hours',
  'greeting',
  'reply',
] as const;
export type SectionKey = (typeof sectionKeys)[number];

const sectionOfTop: Readonly<Record<string, SectionKey>> = {
  name: 'general',
  enabled: 'general',
  persona: 'persona',
  tone: 'persona',
  instructions: 'instructions',
  company_facts: 'facts',
  knowledge_base_ids: 'knowledge',
  provider: 'model',
  model: 'model',
  temperature: 'model',
  qualification_fields: 'fields',
  handoff: 'handoff',
  business_hours: 'hours',
  greeting: 'greeting',
  max_reply_chars: 'reply',
};

/** The section of a change's path ("handoff.keywords" → handoff); null for a path this app does not know. */
export function sectionOf(path: string): SectionKey | null {
  return sectionOfTop[path.split('.')[0] ?? ''] ?? null;
}

/** The names of the sections the paths are in, each once, in the editor's order: "Persona e tom, Modelo". */
export function changedSections(changedPaths: readonly string[], t: TFunction): string {
  const sections = new Set(changedPaths.map(sectionOf));
  return sectionKeys
    .filter((key) => sections.has(key))
    .map((key) => t(`agents.sections.${key}.title`))
    .join(', ');
}

function isWeekday(value: string | undefined): value is Weekday {
  return (weekdays as readonly (string | undefined)[]).includes(value);
}

/** The name of the field a path changed: "Persona", "Campo de qualificação "cidade"", "Horário de Sábado". */
export function pathLabel(path: string, t: TFunction): string {
  const [top, second, third] = path.split('.');
  switch (top) {
    case 'qualification_fields':
      return second ? t('agents.paths.field', { key: path.slice('qualification_fields.'.length) }) : t('agents.paths.fieldOrder');
    case 'handoff':
      if (second === 'on_request' || second === 'after_unanswered' || second === 'keywords' || second === 'when_qualified') {
        return t(`agents.paths.${second}`);
      }
      return path;
    case 'business_hours':
      if (second === 'enabled') return t('agents.paths.hours_enabled');
      if (second === 'time_zone' || second === 'out_of_hours_message') return t(`agents.paths.${second}`);
      if (second === 'week' && isWeekday(third)) return t('agents.paths.day', { day: t(`agents.weekdays.${third}`) });
      return path;
    case 'name':
    case 'enabled':
    case 'persona':
    case 'tone':
    case 'instructions':
    case 'company_facts':
    case 'knowledge_base_ids':
    case 'provider':
    case 'model':
    case 'temperature':
    case 'greeting':
    case 'max_reply_chars':
      return t(`agents.paths.${top}`);
    default:
      return path;
  }
}

interface ValueContext {
  t: TFunction;
  locale: FormatLocale;
  /** The organization's knowledge bases by id, to name them. */
  baseNames: ReadonlyMap<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describeField(field: Partial<QualificationField>, { t }: ValueContext): string {
  const type = (fieldTypes as readonly unknown[]).includes(field.type) ? t(`agents.fieldTypes.${field.type as QualificationField['type']}`) : String(field.type);
  const parts = [type];
  if (field.required) parts.push(t('agents.values.required'));
  let text = `${field.label ?? field.key ?? ''} (${parts.join(', ')})`;
  if (field.options && field.options.length > 0) text += ` — ${t('agents.values.options', { options: field.options.join(', ') })}`;
  if (field.description) text += `. ${field.description}`;
  return text;
}

function describeRanges(ranges: unknown[], ctx: ValueContext): string {
  if (ranges.length === 0) return ctx.t('agents.values.closed');
  return ranges.map((r) => (isRecord(r) ? `${String(r.start)}–${String(r.end)}` : String(r))).join(', ');
}

/**
 * A value of a change as people read it. `side` says which side a null is
 * on: a qualification field that did not exist before, or was removed.
 */
export function describeValue(path: string, value: unknown, side: 'before' | 'after', ctx: ValueContext): string {
  const { t, locale } = ctx;
  if (value === null || value === undefined) {
    return side === 'before' ? t('agents.values.added') : t('agents.values.removed');
  }
  if (path === 'provider' && typeof value === 'string') {
    if (value === '') return t('agents.providers.default');
    return isNamedProvider(value) ? t(`agents.providers.${value}`) : value;
  }
  if (path === 'model' && value === '') return t('agents.values.providerDefault');
  if (path === 'knowledge_base_ids' && Array.isArray(value)) {
    return value.length === 0
      ? t('agents.values.none')
      : value.map((id) => ctx.baseNames.get(String(id)) ?? t('agents.values.deletedBase')).join(', ');
  }
  if (path.startsWith('business_hours.week.') && Array.isArray(value)) return describeRanges(value, ctx);
  if (path.startsWith('qualification_fields.') && isRecord(value)) return describeField(value, ctx);
  if (typeof value === 'boolean') return value ? t('agents.values.yes') : t('agents.values.no');
  if (typeof value === 'number') return formatNumber(value, locale);
  if (typeof value === 'string') return value === '' ? t('agents.values.empty') : value;
  if (Array.isArray(value)) return value.length === 0 ? t('agents.values.none') : value.map(String).join(', ');
  return JSON.stringify(value);
}
