// The agent's configuration: one zod schema for the editor's form and the
// body of PATCH /api/v1/agents/{id}. Field names and limits are the API's
// (internal/agent/validate.go), so the server's per-field errors — named by
// path, as "qualification_fields.2.key" — land on the same inputs. Messages
// are translation keys (see src/lib/validation.ts).
import { z } from 'zod';
import { validationMessage } from '@/lib/validation';

export const limits = {
  name: 100,
  persona: 2000,
  tone: 300,
  instructions: 8000,
  companyFacts: 8000,
  model: 100,
  greeting: 1000,
  outOfHoursMessage: 1000,
  knowledgeBases: 20,
  fields: 30,
  key: 40,
  label: 100,
  description: 500,
  options: 50,
  option: 100,
  keywords: 30,
  keyword: 50,
  unanswered: 10,
  rangesPerDay: 4,
  minReplyChars: 100,
  maxReplyChars: 4096,
  temperature: 2,
} as const;

export const providers = ['', 'openai', 'anthropic', 'gemini'] as const;
export type Provider = (typeof providers)[number];

export const fieldTypes = ['text', 'number', 'enum', 'email', 'phone', 'date'] as const;
export type FieldType = (typeof fieldTypes)[number];

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const text = (max: number) => z.string().trim().max(max, { error: validationMessage('tooLong') });
const requiredText = (max: number, empty: Parameters<typeof validationMessage>[0] = 'required') =>
  z
    .string()
    .trim()
    .min(1, { error: validationMessage(empty) })
    .max(max, { error: validationMessage('tooLong') });

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockEnd = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

const timeRangeSchema = z
  .object({
    start: z.string().regex(clock, { error: validationMessage('agentTime') }),
    end: z.string().regex(clockEnd, { error: validationMessage('agentTime') }),
  })
  // "HH:MM" strings compare as the times they are.
  .refine((range) => range.end > range.start, { path: ['end'], error: validationMessage('agentTimeOrder') });

const daySchema = z
  .array(timeRangeSchema)
  .max(limits.rangesPerDay, { error: validationMessage('agentTooManyRanges') })
  .superRefine((ranges, ctx) => {
    const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start));
    if (sorted.some((range, i) => i > 0 && range.start < (sorted[i - 1]?.end ?? ''))) {
      ctx.addIssue({ code: 'custom', message: validationMessage('agentTimeOverlap') });
    }
  });

const fieldSchema = z
  .object({
    key: z
      .string()
      .trim()
      .min(1, { error: validationMessage('required') })
      .max(limits.key, { error: validationMessage('tooLong') })
      .regex(/^[a-z][a-z0-9_]*$/, { error: validationMessage('agentFieldKey') }),
    label: requiredText(limits.label),
    type: z.enum(fieldTypes),
    required: z.boolean(),
    description: text(limits.description),
    options: z.array(z.string().max(limits.option, { error: validationMessage('tooLong') })),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'enum' && !field.options.some((option) => option.trim() !== '')) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: validationMessage('agentOptions') });
    }
  });

export const agentConfigSchema = z
  .object({
    name: requiredText(limits.name, 'agentName'),
    enabled: z.boolean(),
    persona: requiredText(limits.persona, 'agentPersona'),
    tone: text(limits.tone),
    instructions: text(limits.instructions),
    company_facts: text(limits.companyFacts),
    knowledge_base_ids: z.array(z.string()).max(limits.knowledgeBases, { error: validationMessage('agentTooManyBases') }),
    provider: z.enum(providers),
    model: text(limits.model),
    temperature: z
      .number({ error: validationMessage('agentTemperature') })
      .min(0, { error: validationMessage('agentTemperature') })
      .max(limits.temperature, { error: validationMessage('agentTemperature') }),
    qualification_fields: z
      .array(fieldSchema)
      .max(limits.fields, { error: validationMessage('agentTooManyFields') })
      .superRefine((fields, ctx) => {
        const seen = new Set<string>();
        fields.forEach((field, i) => {
          const key = field.key.trim();
          if (key !== '' && seen.has(key)) {
            ctx.addIssue({ code: 'custom', path: [i, 'key'], message: validationMessage('agentFieldKeyTaken') });
          }
          seen.add(key);
        });
      }),
    handoff: z.object({
      on_request: z.boolean(),
      after_unanswered: z
        .number({ error: validationMessage('agentUnanswered') })
        .int({ error: validationMessage('agentUnanswered') })
        .min(0, { error: validationMessage('agentUnanswered') })
        .max(limits.unanswered, { error: validationMessage('agentUnanswered') }),
      keywords: z
        .array(z.string().max(limits.keyword, { error: validationMessage('tooLong') }))
        .max(limits.keywords, { error: validationMessage('agentTooManyKeywords') }),
      when_qualified: z.boolean(),
    }),
    business_hours: z.object({
      enabled: z.boolean(),
      time_zone: z.string().trim().min(1, { error: validationMessage('required') }),
      week: z.object({ mon: daySchema, tue: daySchema, wed: daySchema, thu: daySchema, fri: daySchema, sat: daySchema, sun: daySchema }),
      out_of_hours_message: text(limits.outOfHoursMessage),
    }),
    greeting: text(limits.greeting),
    max_reply_chars: z
      .number({ error: validationMessage('agentReplyChars') })
      .int({ error: validationMessage('agentReplyChars') })
      .min(limits.minReplyChars, { error: validationMessage('agentReplyChars') })
      .max(limits.maxReplyChars, { error: validationMessage('agentReplyChars') }),
  })
  .superRefine((config, ctx) => {
    if (config.handoff.when_qualified && !config.qualification_fields.some((field) => field.required)) {
      ctx.addIssue({ code: 'custom', path: ['handoff', 'when_qualified'], message: validationMessage('agentWhenQualified') });
    }
    if (config.business_hours.enabled && config.business_hours.out_of_hours_message.trim() === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['business_hours', 'out_of_hours_message'],
        message: validationMessage('agentOutOfHours'),
      });
    }
  });

/** An agent's configuration, as the API sends and takes it. */
export type AgentConfig = z.output<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;
export type QualificationField = AgentConfig['qualification_fields'][number];
export type TimeRange = AgentConfig['business_hours']['week'][Weekday][number];

/** The form and the body of POST /api/v1/agents ("Novo agente"): a name; the server gives the rest. */
export const newAgentSchema = z.object({ name: requiredText(limits.name, 'agentName') });
export type NewAgentValues = z.infer<typeof newAgentSchema>;
