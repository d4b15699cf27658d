// A Server-Sent Events reader for a stream fetch() opened itself (the
// browser's EventSource only makes GET requests; the playground's reply is
// the answer of a POST). It follows the format of the HTML standard: lines end
// in LF, CRLF or CR; "event:" names the event, "data:" lines (joined by LF)
// carry its data, a blank line dispatches it; lines starting with ":" are
// comments; a chunk may end anywhere, even between CR and LF.

export interface SseEvent {
  /** The "event:" field; 'message' when the event named none. */
  event: string;
  data: string;
}

export interface SseParser {
  /** Takes the next piece of the stream's text. */
  push(text: string): void;
  /** The stream ended: an event not closed by a blank line is dropped, as the standard says. */
  end(): void;
}

/** A parser that calls onEvent for each complete event, in order. */
export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  let hasData = false;
  // The last piece ended in CR: an LF at the start of the next one belongs to that line end.
  let skipLf = false;

  const dispatch = () => {
    if (hasData) {
      onEvent({ event: eventName || 'message', data: data.join('\n') });
    }
    eventName = '';
    data = [];
    hasData = false;
  };

  const line = (text: string) => {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') {
      eventName = value;
    } else if (field === 'data') {
      data.push(value);
      hasData = true;
    }
    // id and retry mean nothing to a one-off stream; other fields are ignored.
  };

  return {
    push(text) {
      if (skipLf && text.startsWith('\n')) text = text.slice(1);
      skipLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        line(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            skipLf = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      eventName = '';
      data = [];
      hasData = false;
    },
  };
}

/**
 * Reads a response body of Server-Sent Events to its end, calling onEvent for
 * each event. Resolves when the stream ends; rejects when reading fails (e.g.
 * the connection broke, or signal aborted it).
 */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser(onEvent);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
