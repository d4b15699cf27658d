import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDay,
  formatMicroReais,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelativeTime,
} from './format';

// Intl separates "R$" from the amount with a no-break space.
const nbsp = '\u00a0';

describe('formatMoney', () => {
  it('formats integer centavos as reais', () => {
    expect(formatMoney(123456)).toBe(`R$${nbsp}1.234,56`);
    expect(formatMoney(0)).toBe(`R$${nbsp}0,00`);
    expect(formatMoney(5)).toBe(`R$${nbsp}0,05`);
    expect(formatMoney(100)).toBe(`R$${nbsp}1,00`);
    expect(formatMoney(123456789)).toBe(`R$${nbsp}1.234.567,89`);
  });

  it('formats negative amounts', () => {
    expect(formatMoney(-1050)).toBe(`-R$${nbsp}10,50`);
  });

  it('formats in English when asked, still in reais', () => {
    expect(formatMoney(123456, 'en')).toBe('R$1,234.56');
  });

  it('rejects amounts that are not integer centavos', () => {
    expect(() => formatMoney(12.5)).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatMicroReais', () => {
  it('shows a fraction of a centavo with 4 decimals in details', () => {
    expect(formatMicroReais(12300)).toBe(`R$${nbsp}0,0123`);
    expect(formatMicroReais(40)).toBe(`R$${nbsp}0,0000`);
    expect(formatMicroReais(999_999)).toBe(`R$${nbsp}1,0000`);
    expect(formatMicroReais(0)).toBe(`R$${nbsp}0,00`);
    expect(formatMicroReais(1_234_560_000)).toBe(`R$${nbsp}1.234,56`);
  });

  it('rounds totals to centavos unless that would hide a cost', () => {
    expect(formatMicroReais(12300, 'pt-BR', { precision: 'total' })).toBe(`R$${nbsp}0,01`);
    expect(formatMicroReais(4000, 'pt-BR', { precision: 'total' })).toBe(`R$${nbsp}0,0040`);
    expect(formatMicroReais(0, 'pt-BR', { precision: 'total' })).toBe(`R$${nbsp}0,00`);
    expect(formatMicroReais(12_345_678, 'pt-BR', { precision: 'total' })).toBe(`R$${nbsp}12,35`);
  });

  it('takes a fixed number of decimals', () => {
    expect(formatMicroReais(500_000, 'pt-BR', { decimals: 2 })).toBe(`R$${nbsp}0,50`);
    expect(formatMicroReais(5_000, 'pt-BR', { decimals: 4 })).toBe(`R$${nbsp}0,0050`);
  });

  it('formats in English, still in reais', () => {
    expect(formatMicroReais(12300, 'en')).toBe('R$0.0123');
  });

  it('rejects amounts that are not integer micro-reais', () => {
    expect(() => formatMicroReais(1.5)).toThrow(RangeError);
  });
});

describe('formatDay', () => {
  it('formats a calendar day as it is, whatever the zone', () => {
    expect(formatDay('2025-03-05')).toBe('05/03/2025');
    expect(formatDay('2025-03-05', 'pt-BR', { short: true })).toBe('05/03');
    expect(formatDay('2025-03-05', 'en')).toBe('03/05/2025');
    expect(() => formatDay('05/03/2025')).toThrow(RangeError);
  });
});

describe('formatNumber', () => {
  it('uses pt-BR separators', () => {
    expect(formatNumber(1234567.8)).toBe('1.234.567,8');
    expect(formatNumber(42)).toBe('42');
  });

  it('passes Intl options through', () => {
    expect(formatNumber(3.14159, 'pt-BR', { maximumFractionDigits: 2 })).toBe('3,14');
  });

  it('formats in English', () => {
    expect(formatNumber(1234567.8, 'en')).toBe('1,234,567.8');
  });
});

describe('formatPercent', () => {
  it('formats a fraction as a percentage', () => {
    expect(formatPercent(0.256)).toBe('25,6%');
    expect(formatPercent(1)).toBe('100%');
  });
});

describe('formatDate and formatDateTime', () => {
  const instant = '2024-03-05T15:04:05Z';

  it('formats dates day first', () => {
    expect(formatDate(instant, { timeZone: 'America/Sao_Paulo' })).toBe('05/03/2024');
    expect(formatDate(new Date(instant), { timeZone: 'UTC' })).toBe('05/03/2024');
  });

  it('formats date and time in the given time zone, 24-hour', () => {
    expect(formatDateTime(instant, { timeZone: 'America/Sao_Paulo' })).toBe('05/03/2024, 12:04');
    expect(formatDateTime(instant, { timeZone: 'UTC' })).toBe('05/03/2024, 15:04');
  });

  it('crosses midnight with the time zone', () => {
    expect(formatDate('2024-03-06T01:30:00Z', { timeZone: 'America/Sao_Paulo' })).toBe('05/03/2024');
  });

  it('formats in English', () => {
    expect(formatDate(instant, { locale: 'en', timeZone: 'UTC' })).toBe('03/05/2024');
  });

  it('rejects an invalid date', () => {
    expect(() => formatDate('not a date')).toThrow(RangeError);
  });
});

describe('formatRelativeTime', () => {
  const now = new Date('2025-03-05T15:00:00Z');
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

  it('says how long ago, in the largest unit that fits', () => {
    expect(formatRelativeTime(ago(10), { now })).toBe('agora');
    expect(formatRelativeTime(ago(5 * 60), { now })).toBe('há 5 minutos');
    expect(formatRelativeTime(ago(50), { now })).toBe('há 1 minuto');
    expect(formatRelativeTime(ago(3 * 60 * 60), { now })).toBe('há 3 horas');
    expect(formatRelativeTime(ago(24 * 60 * 60), { now })).toBe('ontem');
    expect(formatRelativeTime(ago(3 * 24 * 60 * 60), { now })).toBe('há 3 dias');
    expect(formatRelativeTime(ago(400 * 24 * 60 * 60), { now })).toBe('ano passado');
  });

  it('speaks English when asked', () => {
    expect(formatRelativeTime(ago(5 * 60), { now, locale: 'en' })).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(1), { now, locale: 'en' })).toBe('now');
  });
});
