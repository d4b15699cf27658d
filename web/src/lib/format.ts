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

function toDate(value: string | Date): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`not a valid date: ${String(value)}`);
  }
  return date;
}
