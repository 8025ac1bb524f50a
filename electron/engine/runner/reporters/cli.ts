import { failedChecks, type Reporter, type RequestResult, type RunStart, type RunSummary } from '../result';

export interface CliReporterOptions {
  write: (text: string) => void;
  color: boolean;
  /** Redraws a progress bar on the same line; only on a terminal. */
  progress: boolean;
  /** Request and response headers, sizes, timing phases and script console lines under each request (newman's --verbose). */
  verbose?: boolean | undefined;
}

const paint = (on: boolean, code: number, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** One line per request, failures with their reason and the explainer's diagnosis beneath. */
export function cliReporter(o: CliReporterOptions): Reporter {
  let total = 0;
  let done = 0;
  const clearBar = (): void => { if (o.progress) o.write('\r\u001b[2K'); };
  const bar = (): void => {
    if (!o.progress || total === 0) return;
    const width = 24;
    const filled = Math.round((done / total) * width);
    o.write(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
  };
  return {
    onStart(info: RunStart) {
      total = info.total;
      o.write(`${paint(o.color, 1, info.collection)}${info.environment ? ` (environment ${info.environment})` : ''}${info.iterations > 1 ? `, ${info.iterations} iterations` : ''}\n`);
      bar();
    },
    onRequest(r: RequestResult) {
      done++;
      clearBar();
      const mark = r.passed ? paint(o.color, 32, '✓') : paint(o.color, 31, '✗');
      // A gRPC call's status is its gRPC status (the HTTP/2 answer is always 200).
      const g = r.exchange?.grpc?.status;
      const status = g ? `${g.code} ${g.name}` : r.exchange ? `${r.exchange.response.status}` : 'ERR';
      const ms = `${Math.round(r.exchange?.timings.total ?? r.durationMs)} ms`;
      o.write(`${mark} ${r.path}  ${r.method} ${r.url}  ${status}  ${paint(o.color, 2, ms)}\n`);
      for (const w of r.exchange?.warnings ?? []) o.write(`    ${paint(o.color, 33, `warning: ${w}`)}\n`);
      if (r.error) o.write(`    ${paint(o.color, 31, r.error.message)}${r.error.hint ? `\n    hint: ${r.error.hint}` : ''}\n`);
      for (const a of failedChecks(r)) o.write(`    ${paint(o.color, 31, `✗ ${a.name}`)}${a.message ? `: ${a.message}` : ''}\n`);
      if (o.verbose) o.write(details(r, o.color));
      if (r.diagnosis) {
        o.write(`    ${paint(o.color, 33, `why: ${r.diagnosis.title}`)} [${r.diagnosis.id}, ${Math.round(r.diagnosis.confidence * 100)}%]\n`);
        if (r.diagnosis.fix) o.write(`    fix: ${r.diagnosis.fix}\n`);
      }
      bar();
    },
    onEnd(s: RunSummary) {
      clearBar();
      const ok = s.failedRequests === 0;
      const line = `${s.requests} requests, ${s.failedRequests} failed; ${s.assertions} assertions, ${s.failedAssertions} failed; ${Math.round(s.durationMs)} ms${s.bailed ? ' (stopped at the first failure: --bail)' : ''}`;
      o.write(`\n${paint(o.color, ok ? 32 : 31, line)}\n`);
    },
  };
}

/** What --verbose adds under a request: both sides' headers (already masked), sizes and where the time went. */
function details(r: RequestResult, color: boolean): string {
  const lines: string[] = [];
  const ex = r.exchange;
  if (ex) {
    lines.push(`→ ${ex.request.method} ${ex.request.url}`);
    for (const [k, v] of ex.request.headers) lines.push(`  ${k}: ${v}`);
    if (ex.request.bodySize > 0) lines.push(`  (body ${ex.request.bodySize} B${ex.request.bodyPreview ? `: ${ex.request.bodyPreview}` : ''})`);
    lines.push(`← HTTP/${ex.response.httpVersion} ${ex.response.status} ${ex.response.statusText}`.trimEnd());
    for (const [k, v] of ex.response.headers) lines.push(`  ${k}: ${v}`);
    lines.push(`  (body ${ex.response.bodySizeDecoded} B${ex.response.bodySizeCompressed !== ex.response.bodySizeDecoded ? `, ${ex.response.bodySizeCompressed} B on the wire` : ''})`);
    const t = ex.timings;
    const ms = (n: number): string => `${Math.round(n * 10) / 10} ms`;
    lines.push(`  time: dns ${ms(t.dns)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, first byte ${ms(t.firstByte)}, download ${ms(t.download)}, total ${ms(t.total)}`);
  }
  for (const l of r.logs ?? []) lines.push(`console ${l}`);
  return lines.map((l) => `    ${paint(color, 2, l)}\n`).join('');
}
