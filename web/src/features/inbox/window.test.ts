import { describe, expect, it } from 'vitest';
import { formatLeft, handoffReason, windowState } from './window';

describe('windowState', () => {
  const now = Date.parse('2025-03-05T12:00:00Z');
  it('is none without a lead message', () => {
    expect(windowState(null, now)).toEqual({ kind: 'none' });
  });
  it('says how long it stays open', () => {
    const state = windowState('2025-03-05T15:11:30Z', now);
    expect(state).toEqual({ kind: 'open', hours: 3, minutes: 12 });
    expect(formatLeft({ hours: 3, minutes: 12 })).toBe('3h12');
    expect(formatLeft({ hours: 0, minutes: 5 })).toBe('5 min');
  });
  it('is closed once expired', () => {
    expect(windowState('2025-03-05T11:59:00Z', now)).toEqual({ kind: 'closed' });
  });
  it('reads the handoff reason', () => {
    expect(handoffReason('Conversa transferida para um humano: pediu desconto')).toBe('pediu desconto');
    expect(handoffReason('Olá')).toBe('');
  });
});
