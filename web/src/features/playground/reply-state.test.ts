import { describe, expect, it } from 'vitest';
import { initialReplyState, mergeMessages, replyReducer, type ReplyAction, type ReplyState } from './reply-state';
import { conversation, message } from './testing/fixtures';

const run = (actions: ReplyAction[], state: ReplyState = initialReplyState) => actions.reduce(replyReducer, state);

describe('replyReducer', () => {
  it('writes the draft, throws it away on draft_reset, and puts the stored answer in its place', () => {
    let state = run([
      { type: 'send', text: 'Oi' },
      { type: 'event', event: { type: 'draft', data: { text: 'Um ' } } },
      { type: 'event', event: { type: 'draft_reset', data: {} } },
    ]);
    expect(state.draft).toBe('');
    state = run([{ type: 'event', event: { type: 'draft', data: { text: 'Olá!' } } }], state);
    expect(state.draft).toBe('Olá!');
    state = run([{ type: 'event', event: { type: 'message', data: message({ id: 'm_2', author: 'ai', text: 'Olá!' }) } }], state);
    expect(state.draft).toBeNull();
    expect(state.replyMessageIds).toEqual(['m_2']);
  });

  it('gives the AI messages of the reply the trace of done, and says when the agent skipped', () => {
    const state = run([
      { type: 'send', text: 'Oi' },
      { type: 'event', event: { type: 'message', data: message({ id: 'm_1', author: 'lead', text: 'Oi' }) } },
      { type: 'event', event: { type: 'message', data: message({ id: 'm_2', author: 'ai', text: 'Parte 1' }) } },
      { type: 'event', event: { type: 'message', data: message({ id: 'm_3', author: 'ai', text: 'Parte 2' }) } },
      { type: 'event', event: { type: 'done', data: { outcome: 'reply', skipped: '', trace_id: 'tr_1', conversation: conversation() } } },
      { type: 'send', text: 'De novo' },
      { type: 'event', event: { type: 'done', data: { outcome: '', skipped: 'agent_off', trace_id: '', conversation: conversation() } } },
    ]);
    expect(state.traceIds).toEqual({ m_2: 'tr_1', m_3: 'tr_1' });
    expect(state.notice).toEqual({ kind: 'skipped', skipped: 'agent_off' });
    expect(state.streaming).toBe(false);
    expect(state.pending).toBeNull();
  });

  it('keeps a result whose call it never saw, and the lead’s text when the server refused it', () => {
    const state = run([
      { type: 'send', text: 'Oi' },
      { type: 'event', event: { type: 'tool_result', data: { id: 'c_9', tool: 'handoff_to_human', result: { ok: true }, error: '' } } },
      { type: 'failed', message: 'Esta conversa foi encerrada.', stored: false },
    ]);
    expect(state.steps).toEqual([{ id: 'c_9', tool: 'handoff_to_human', args: undefined, done: true, result: { ok: true }, error: '' }]);
    expect(state.pending).toEqual({ text: 'Oi', failed: true });
    expect(state.notice).toEqual({ kind: 'error', message: 'Esta conversa foi encerrada.' });
  });
});

describe('mergeMessages', () => {
  it('shows each message once, in the order they were stored', () => {
    const a = message({ id: 'a', author: 'lead', text: 'a', created_at: '2025-03-05T12:00:00Z' });
    const b = message({ id: 'b', author: 'ai', text: 'b', created_at: '2025-03-05T12:00:01Z' });
    const c = message({ id: 'c', author: 'lead', text: 'c', created_at: '2025-03-05T12:00:02Z' });
    expect(mergeMessages([a, b], [b, c]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(mergeMessages([c], [a, b]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });
});
