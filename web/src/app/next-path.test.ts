import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './next-path';

describe('safeNextPath', () => {
  it.each([
    ['/conversas', '/conversas'],
    ['/leads?etapa=nova#topo', '/leads?etapa=nova#topo'],
    ['/painel', '/painel'],
    ['/', '/'],
  ])('keeps the app path %s', (next, want) => {
    expect(safeNextPath(next)).toBe(want);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['painel'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['https://evil.example/painel'],
    ['javascript:alert(1)'],
    ['/entrar'],
    ['/entrar?next=/painel'],
    ['/cadastro'],
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBeNull();
  });
});

describe('signInPathFor', () => {
  it('asks to come back to the page', () => {
    expect(signInPathFor({ pathname: '/leads', search: '?etapa=nova', hash: '' })).toBe(
      '/entrar?next=%2Fleads%3Fetapa%3Dnova',
    );
  });

  it('says nothing for the home path', () => {
    expect(signInPathFor({ pathname: '/', search: '', hash: '' })).toBe('/entrar');
  });
});
