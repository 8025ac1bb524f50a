import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { HeaderList, StreamKind } from '../../../shared/model';
import type { StreamLogWriter } from './log';

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']);

/**
 * Whether a response is a stream of events to show as they arrive: `text/event-stream` (SSE) or
 * newline-delimited JSON. Anything else is a body, read whole.
 */
export function streamKindOf(headers: HeaderList): StreamKind | undefined {
  let type: string | undefined;
  for (const [k, v] of headers) {
    if (k.length === 12 && k.toLowerCase() === 'content-type') { type = v; break; }
  }
  if (type === undefined) return undefined;
  const mime = (type.split(';')[0] ?? '').trim().toLowerCase();
  if (mime === 'text/event-stream') return 'sse';
  return NDJSON_TYPES.has(mime) ? 'ndjson' : undefined;
}

/**
 * Turns the decoded bytes of a streamed response into log entries as they arrive: SSE through
 * eventsource-parser (the WHATWG parsing rules: multi-line data, ids, retry, comments ignored), and
 * NDJSON one line at a time. An SSE `retry:` is shown on the event that follows it.
 */
export class EventStreamTap {
  private readonly decoder = new TextDecoder('utf-8');
  private parser: EventSourceParser | undefined;
  private pendingRetry: number | undefined;
  private partial = '';

  constructor(private readonly kind: StreamKind, private readonly log: StreamLogWriter, private readonly maxBuffer: number) {
    if (kind === 'sse') {
      this.parser = createParser({
        maxBufferSize: maxBuffer,
        onEvent: (e) => {
          const retry = this.pendingRetry;
          this.pendingRetry = undefined;
          log.append({
            direction: 'in', type: 'event', data: e.data, size: Buffer.byteLength(e.data),
            ...(e.id === undefined ? {} : { id: e.id }), ...(e.event === undefined ? {} : { event: e.event }),
            ...(retry === undefined ? {} : { retry }),
          });
        },
        onRetry: (ms) => { this.pendingRetry = ms; },
        onError: (err) => {
          if (err.type === 'max-buffer-size-exceeded') {
            log.append({ direction: 'info', type: 'error', data: `An event is longer than ${maxBuffer} bytes; the rest of the stream is kept in the body only`, size: 0 });
            this.parser = undefined;
          }
        },
      });
    }
  }

  write(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (this.kind === 'sse') this.parser?.feed(text);
    else this.lines(text, false);
  }

  /** The stream ended: an NDJSON line without its newline still counts; an unfinished SSE event does not (as browsers do). */
  end(): void {
    const text = this.decoder.decode();
    if (this.kind === 'ndjson') this.lines(text, true);
    else if (text !== '') this.parser?.feed(text);
  }

  private lines(text: string, last: boolean): void {
    const all = this.partial + text;
    const parts = all.split('\n');
    this.partial = last ? '' : (parts.pop() ?? '');
    // A line that never ends must not grow without bound: past the cap it is logged as it is.
    if (this.partial.length > this.maxBuffer) {
      parts.push(this.partial);
      this.partial = '';
    }
    for (const raw of parts) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      this.log.append({ direction: 'in', type: 'line', data: line, size: Buffer.byteLength(line) });
    }
  }
}
