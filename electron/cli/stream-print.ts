import type { StreamMessage } from '../../shared/model';
import type { StreamLogWriter } from '../engine/stream/log';
import { formatBytes } from './print-exchange';
import { paint, type CliIO } from './io';

/** Log entries that carry no payload: their size says nothing. */
const NO_SIZE: ReadonlySet<string> = new Set(['open', 'error', 'close', 'headers', 'trailers', 'end', 'status']);

/** A frame's text on one line, cut so a 10 MB message does not flood the terminal. */
const LINE_CHARS = 2_000;

/**
 * Prints a stream as it arrives, one line per frame or event: arrow (→ out, ← in, · what
 * happened), seconds since it opened, what it is, its size, its data. With `json`, each is one
 * JSON line (the StreamMessage shape) instead, for `| jq`.
 */
export function printStreamLive(io: CliIO, json: boolean): (log: StreamLogWriter) => void {
  return (log) => {
    if (!json) io.out(paint(io, 'dim', log.kind === 'websocket' || log.kind === 'grpc' ? '' : `streaming ${log.kind === 'sse' ? 'text/event-stream' : 'NDJSON'}…\n`));
    const print = (m: StreamMessage): void => io.out(json ? `${JSON.stringify(m)}\n` : streamLine(io, m));
    // A server may speak before the watcher is told (in the packet of the 101): those come first.
    for (const m of log.poll(0, Number.MAX_SAFE_INTEGER).messages) print(m);
    log.subscribe(print);
  };
}

export function streamLine(io: CliIO, m: StreamMessage): string {
  const arrow = m.direction === 'out' ? '→' : m.direction === 'in' ? '←' : '·';
  const at = paint(io, 'dim', `${(m.t / 1000).toFixed(3)}s`);
  const label = m.type === 'event'
    ? `event${m.event ? ` ${m.event}` : ''}${m.id === undefined ? '' : ` #${m.id}`}${m.retry === undefined ? '' : ` retry=${m.retry}`}`
    : m.type === 'close' ? `close ${m.code ?? ''}${m.reason ? ` "${m.reason}"` : ''}` : m.type;
  const size = NO_SIZE.has(m.type) ? '' : ` ${paint(io, 'dim', formatBytes(m.size))}`;
  const data = m.type === 'close' ? '' : oneLine(m.data);
  const colour = m.type === 'error' || (m.type === 'close' && m.direction === 'in' && m.code !== 1000) || (m.type === 'status' && m.code !== 0) ? 'red' : m.direction === 'out' ? 'cyan' : undefined;
  const meta = m.metadata && m.metadata.length > 0 ? `  ${m.metadata.map(([k, v]) => `${k}: ${v}`).join(', ')}` : '';
  const head = `${arrow} ${at} ${label}${size}`;
  return `${colour ? paint(io, colour, head) : head}${data ? `  ${data}` : ''}${meta}\n`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\r?\n/g, '⏎');
  return flat.length > LINE_CHARS ? `${flat.slice(0, LINE_CHARS)}… [${flat.length - LINE_CHARS} more characters]` : flat;
}
