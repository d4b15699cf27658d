// Formatting of numbers, money and dates for people. pt-BR by default; every
// helper takes a locale so the app can follow the chosen language later.

export type FormatLocale = 'pt-BR' | 'en';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Formats money that the API sends as integer centavos:
 * 123456 → "R$ 1.234,56". The space after "R$" is a no-break space (U+00A0),
 * as Intl writes it, so the amount never wraps away from its symbol.
 */
export function formatMoney(centavos: number, locale: FormatLocale = 'pt-BR'): string {
  if (!Number.isSafeInteger(centavos)) {
    throw new RangeError(`formatMoney: expected integer centavos, got ${centavos}`);
  }
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
    moneyFormats.set(locale, format);
  }
  return format.format(centavos / 100);
}

const microReaisPerReal = 1_000_000;

export interface MicroReaisOptions {
  /**
   * 'detail' (a day, an agent): amounts under R$ 1 keep 4 decimals, so a
   * fraction of a centavo still shows ("R$ 0,0123"). 'total': 2 decimals, but
   * 4 while the amount would round to R$ 0,00 without being zero.
   */
  precision?: 'detail' | 'total';
  /** Exactly this many decimals instead (e.g. the same for every label of a chart's axis). */
  decimals?: number;
}

/**
 * Formats a cost the API sends as integer micro-reais (millionths of a real),
 * as LLM calls cost: 12300 → "R$ 0,0123"; 1234560000 → "R$ 1.234,56".
 */
export function formatMicroReais(micro: number, locale: FormatLocale = 'pt-BR', options: MicroReaisOptions = {}): string {
  if (!Number.isSafeInteger(micro)) {
    throw new RangeError(`formatMicroReais: expected integer micro-reais, got ${micro}`);
  }
  const reais = micro / microReaisPerReal;
  const size = Math.abs(reais);
  const small = options.precision === 'total' ? size > 0 && size < 0.005 : size > 0 && size < 1;
  const digits = options.decimals ?? (small ? 4 : 2);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'BRL',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(reais);
}

/**
 * Formats a calendar day the API sends as "YYYY-MM-DD" (already in the
 * organization's time zone, so no zone is applied): "05/03/2025", or with
 * short "05/03".
 */
export function formatDay(day: string, locale: FormatLocale = 'pt-BR', { short = false } = {}): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) {
    throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    ...(short ? {} : { year: 'numeric' as const }),
    timeZone: 'UTC',
  }).format(date);
}

/** Formats a number with the locale's separators: 1234567.8 → "1.234.567,8". */
export function formatNumber(value: number, locale: FormatLocale = 'pt-BR', options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** Formats a fraction as a percentage: 0.256 → "25,6%". */
export function formatPercent(fraction: number, locale: FormatLocale = 'pt-BR'): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

export interface DateFormatOptions {
  locale?: FormatLocale;
  /** IANA time zone; the browser's own when not given. */
  timeZone?: string;
}

/** Formats a date (an RFC 3339 string from the API, or a Date): "05/03/2024". */
export function formatDate(value: string | Date, options: DateFormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale ?? 'pt-BR', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: options.timeZone,
  }).format(toDate(value));
}

/** Formats a date and time: "05/03/2024, 12:04". */
export function formatDateTime(value: string | Date, options: DateFormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale ?? 'pt-BR', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: options.timeZone,
  }).format(toDate(value));
}

export interface RelativeTimeOptions {
  locale?: FormatLocale;
  /** The moment to count from; now when not given. */
  now?: Date;
}

/** The largest unit that fits, with how many seconds it has; below 45 seconds it says "now". */
const relativeUnits: [Intl.RelativeTimeFormatUnit, number, number][] = [
  // unit, seconds in it, used while the distance is under this many seconds
  ['minute', 60, 45 * 60],
  ['hour', 60 * 60, 22 * 60 * 60],
  ['day', 24 * 60 * 60, 26 * 24 * 60 * 60],
  ['month', 30 * 24 * 60 * 60, 320 * 24 * 60 * 60],
  ['year', 365 * 24 * 60 * 60, Number.POSITIVE_INFINITY],
];

/** How long ago (or from now) a moment is: "há 5 minutos", "agora", "ontem"; "5 minutes ago" in English. */
export function formatRelativeTime(value: string | Date, options: RelativeTimeOptions = {}): string {
  const format = new Intl.RelativeTimeFormat(options.locale ?? 'pt-BR', { numeric: 'auto' });
  const seconds = (toDate(value).getTime() - (options.now ?? new Date()).getTime()) / 1000;
  const distance = Math.abs(seconds);
  if (distance < 45) {
    return format.format(0, 'second');
  }
  for (const [unit, size, below] of relativeUnits) {
    if (distance < below) {
      return format.format(Math.round(seconds / size) || Math.sign(seconds), unit);
    }
  }
  return format.format(Math.round(seconds / (365 * 24 * 60 * 60)), 'year');
}

function toDate(value: string | Date): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`not a valid date: ${String(value)}`);
  }
  return date;
}
