import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { changedSections, describeValue, pathLabel, sectionOf } from './describe';
import { agentConfigSchema } from './schemas';
import { defaultConfig } from './testing/fixtures';

const t = i18n.getFixedT('pt-BR');
const ctx = { t, locale: 'pt-BR' as const, baseNames: new Map([['kb_1', 'Catálogo 2025']]) };

describe('versions in words', () => {
  it('puts each path in its section, in the editor’s order', () => {
    expect(sectionOf('handoff.keywords')).toBe('handoff');
    expect(sectionOf('qualification_fields.cidade')).toBe('fields');
    expect(sectionOf('nada')).toBeNull();
    expect(changedSections(['max_reply_chars', 'temperature', 'tone', 'persona', 'business_hours.week.sat'], t)).toBe(
      'Persona e tom, Modelo, Horário de atendimento, Tamanho máximo da resposta',
    );
  });

  it('names the fields', () => {
    expect(pathLabel('persona', t)).toBe('Persona');
    expect(pathLabel('qualification_fields', t)).toBe('Ordem dos campos de qualificação');
    expect(pathLabel('qualification_fields.prazo_decisao', t)).toBe('Campo de qualificação "prazo_decisao"');
    expect(pathLabel('business_hours.week.sat', t)).toBe('Horário de Sábado');
    expect(pathLabel('handoff.when_qualified', t)).toBe('Transferir quando os campos obrigatórios forem coletados');
    expect(pathLabel('algo.novo', t)).toBe('algo.novo');
  });

  it('shows the values as people read them', () => {
    expect(describeValue('provider', '', 'before', ctx)).toBe('Padrão da plataforma');
    expect(describeValue('provider', 'anthropic', 'after', ctx)).toBe('Anthropic');
    expect(describeValue('model', '', 'after', ctx)).toBe('Padrão do provedor');
    expect(describeValue('temperature', 0.7, 'after', ctx)).toBe('0,7');
    expect(describeValue('enabled', false, 'after', ctx)).toBe('Não');
    expect(describeValue('greeting', '', 'after', ctx)).toBe('(vazio)');
    expect(describeValue('knowledge_base_ids', ['kb_1', 'kb_x'], 'after', ctx)).toBe('Catálogo 2025, Base excluída');
    expect(describeValue('business_hours.week.sun', [], 'after', ctx)).toBe('Fechado');
    expect(
      describeValue(
        'business_hours.week.mon',
        [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
        'after',
        ctx,
      ),
    ).toBe('08:00–12:00, 13:00–18:00');
    const field = { key: 'plano', label: 'Plano', type: 'enum', required: true, description: '', options: ['Básico', 'Pro'] };
    expect(describeValue('qualification_fields.plano', field, 'after', ctx)).toBe('Plano (Lista de opções, obrigatório) — opções: Básico, Pro');
    expect(describeValue('qualification_fields.plano', null, 'before', ctx)).toBe('(não existia)');
    expect(describeValue('qualification_fields.plano', null, 'after', ctx)).toBe('(removido)');
  });
});

describe('the configuration schema', () => {
  const issues = (change: (c: ReturnType<typeof defaultConfig>) => void) => {
    const config = defaultConfig();
    change(config);
    const result = agentConfigSchema.safeParse(config);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts the defaults', () => {
    expect(issues(() => {})).toEqual([]);
  });

  it('names the wrong fields by the API’s paths', () => {
    expect(
      issues((c) => {
        c.qualification_fields[1]!.key = 'nome';
        c.qualification_fields[2]!.options = [' '];
      }),
    ).toEqual(['qualification_fields.2.options: validation.agentOptions', 'qualification_fields.1.key: validation.agentFieldKeyTaken']);
    expect(
      issues((c) => {
        c.business_hours.week.mon = [
          { start: '13:00', end: '18:00' },
          { start: '08:00', end: '13:30' },
        ];
        c.business_hours.week.tue = [{ start: '18:00', end: '08:00' }];
      }),
    ).toEqual(['business_hours.week.mon: validation.agentTimeOverlap', 'business_hours.week.tue.0.end: validation.agentTimeOrder']);
    expect(
      issues((c) => {
        c.qualification_fields[0]!.required = false;
        c.business_hours.out_of_hours_message = ' ';
      }),
    ).toEqual(['handoff.when_qualified: validation.agentWhenQualified', 'business_hours.out_of_hours_message: validation.agentOutOfHours']);
  });
});
