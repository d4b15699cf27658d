import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import ptBR from './locales/pt-BR.json';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a locale as [dotted key, value]. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'object' && value !== null ? leaves(value, path) : [[path, value] as [string, unknown]];
  });
}

/** The {{placeholders}} a text interpolates. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('locales', () => {
  const pt = new Map(leaves(ptBR));
  const english = new Map(leaves(en));

  it('has every pt-BR key in en', () => {
    expect([...pt.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it('has every en key in pt-BR', () => {
    expect([...english.keys()].filter((key) => !pt.has(key))).toEqual([]);
  });

  it('has only non-empty strings', () => {
    for (const [name, locale] of [
      ['pt-BR', pt],
      ['en', english],
    ] as const) {
      const bad = [...locale].filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([key]) => key);
      expect(bad, `${name}: empty or non-string values`).toEqual([]);
    }
  });

  it('uses the same placeholders in both locales', () => {
    const mismatched = [...pt]
      .filter(([key, value]) => {
        const other = english.get(key);
        return typeof value === 'string' && typeof other === 'string' && placeholders(value).join() !== placeholders(other).join();
      })
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });
});
