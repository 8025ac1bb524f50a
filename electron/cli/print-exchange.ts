import type { Finding } from '../../shared/inspector';
import type { Exchange, StreamLog } from '../../shared/model';
import { paint, type CliIO } from './io';

const STATUS_TEXT_LIMIT = 64 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Decodes an inline body for printing; file-backed bodies are named, not read. */
export function bodyText(e: Exchange): string {
  const b = e.response.body;
  if (b.storage === 'file') return `[${formatBytes(e.response.bodySizeDecoded)} saved to ${b.path}]`;
  const bytes = Buffer.from(b.base64, 'base64');
  const type = e.response.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const textual = /json|text|xml|html|javascript|x-www-form-urlencoded/i.test(type) || !bytes.subarray(0, 512).includes(0);
  if (!textual) return `[${formatBytes(bytes.length)} of ${type || 'binary data'}]`;
  const text = bytes.toString('utf8');
  if (/json/i.test(type)) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  return text;
}

/** The human view of `keyhole send`: status, timings, what was dropped on redirects, then the body. */
export function printExchange(io: CliIO, e: Exchange, opts: { headers: boolean }): void {
  if (e.grpc) return printGrpcCall(io, e, opts);
  const r = e.response;
  const colour = r.status < 300 ? 'green' : r.status < 400 ? 'cyan' : 'red';
  io.out(`${paint(io, colour, `HTTP/${r.httpVersion} ${r.status} ${r.statusText}`.trim())}  ${paint(io, 'dim', `${Math.round(e.timings.total)} ms, ${formatBytes(r.bodySizeDecoded)}`)}\n`);
  const t = e.timings;
  io.out(paint(io, 'dim', `dns ${ms(t.dns)}  connect ${ms(t.connect)}  tls ${ms(t.tls)}  first byte ${ms(t.firstByte)}  download ${ms(t.download)}\n`));
  if (e.tls && !e.tls.verified) io.out(paint(io, 'yellow', 'TLS certificate verification was OFF for this request\n'));
  for (const h of e.hops) {
    io.out(paint(io, 'dim', `↳ ${h.status} ${h.request.method} ${h.request.url}${h.location ? ` → ${h.location}` : ''}\n`));
    if (h.removedHeaders.length > 0) io.out(paint(io, 'yellow', `  dropped ${h.removedHeaders.join(', ')}: ${h.removedReason ?? 'origin changed'}\n`));
  }
  for (const l of e.authLog) io.out(paint(io, 'dim', `auth (${l.scheme}${l.profile ? `, profile ${l.profile}` : ''}): ${l.message}\n`));
  for (const w of e.warnings) io.out(paint(io, 'yellow', `warning: ${w}\n`));
  if (opts.headers) for (const [k, v] of r.headers) io.out(`${k}: ${v}\n`);
  // A stream's frames or events were printed as they arrived: its body is not printed again.
  if (e.stream) return void io.out(`${streamSummary(e.stream)}\n`);
  const text = bodyText(e);
  if (text) io.out(`\n${text.length > STATUS_TEXT_LIMIT * 16 ? `${text.slice(0, STATUS_TEXT_LIMIT * 16)}\n[… truncated]` : text}\n`);
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/** A gRPC call: its status (the messages were printed as they went and came), headers and trailers with -i. */
function printGrpcCall(io: CliIO, e: Exchange, opts: { headers: boolean }): void {
  const g = e.grpc;
  const s = g?.status;
  const line = s ? `gRPC ${s.code} ${s.name}${s.details ? `: ${s.details}` : ''}` : 'gRPC: no status';
  io.out(`${paint(io, s?.code === 0 ? 'green' : 'red', line)}  ${paint(io, 'dim', `${g?.rpc ?? ''} (${g?.callType ?? ''}), ${Math.round(e.timings.total)} ms`)}\n`);
  for (const l of e.authLog) io.out(paint(io, 'dim', `auth (${l.scheme}${l.profile ? `, profile ${l.profile}` : ''}): ${l.message}\n`));
  for (const w of e.warnings) io.out(paint(io, 'yellow', `warning: ${w}\n`));
  if (opts.headers) {
    for (const [k, v] of g?.headers ?? []) io.out(`${k}: ${v}\n`);
    for (const [k, v] of g?.trailers ?? []) io.out(`${paint(io, 'dim', 'trailer ')}${k}: ${v}\n`);
  }
  if (e.stream) io.out(`${streamSummary(e.stream)}\n`);
}

function streamSummary(s: StreamLog): string {
  const count = s.messages.filter((m) => (s.kind === 'grpc' ? m.type === 'message' : m.direction !== 'info')).length + s.omitted;
  const what = s.kind === 'websocket' ? 'frames' : s.kind === 'sse' ? 'events' : s.kind === 'grpc' ? (count === 1 ? 'message' : 'messages') : 'lines';
  const close = s.close ? `; closed by the ${s.close.by} with ${s.close.code}${s.close.reason ? ` "${s.close.reason}"` : ''}` : '';
  return `${count} ${what}${s.protocol ? `, subprotocol ${s.protocol}` : ''}${close}${s.ended ? `; ended: ${s.ended}` : ''}${s.file ? `; full log in ${s.file}` : ''}`;
}

/** Under a refused response, the explainer's diagnosis as `keyhole run` prints it: why, then the fix. */
export function printDiagnosis(io: CliIO, findings: readonly Finding[]): void {
  const first = findings[0];
  if (!first) return;
  io.out(`${paint(io, 'yellow', `why: ${first.title}`)} [${first.id}, ${Math.round(first.confidence * 100)}%]\n`);
  if (first.fixes[0]) io.out(`fix: ${first.fixes[0]}\n`);
}
