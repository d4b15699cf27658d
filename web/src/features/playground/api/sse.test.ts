import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, type SseEvent } from './sse';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('createSseParser', () => {
  it('reads several events from one chunk', () => {
    expect(parse(['event: draft\ndata: {"text":"Oi"}\n\nevent: done\ndata: {}\n\n'])).toEqual([
      { event: 'draft', data: '{"text":"Oi"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('puts together an event split across chunks, anywhere', () => {
    const text = 'event: message\ndata: {"id":"m1","text":"olá"}\n\nevent: draft_reset\ndata: {}\n\n';
    const whole = parse([text]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(parse(text.split(''))).toEqual(whole);
  });

  it('takes CRLF and CR line ends, also with CR and LF in different chunks', () => {
    expect(parse(['event: draft\r\ndata: a\r\n\r\nevent: done\rdata: b\r\r'])).toEqual([
      { event: 'draft', data: 'a' },
      { event: 'done', data: 'b' },
    ]);
    expect(parse(['event: draft\r', '\ndata: a\r', '\n\r', '\n'])).toEqual([{ event: 'draft', data: 'a' }]);
  });

  it('joins data lines, skips comments, names unnamed events "message" and drops an unfinished one', () => {
    expect(parse([': keep-alive\n\ndata: one\ndata:two\n\nevent: x\n\nevent: cut\ndata: never'])).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: draft\ndata: {"text":"ação"}\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // Split inside the two-byte "ç".
        const cut = bytes.indexOf(0xc3) + 1;
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(stream, (event) => events.push(event));
    expect(events).toEqual([{ event: 'draft', data: '{"text":"ação"}' }]);
  });
});
