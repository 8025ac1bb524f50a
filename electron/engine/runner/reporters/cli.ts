import type { Reporter, RequestResult, RunStart, RunSummary } from '../result';

export interface CliReporterOptions {
  write: (text: string) => void;
  color: boolean;
  /** Redraws a progress bar on the same line; only on a terminal. */
  progress: boolean;
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
      const status = r.exchange ? `${r.exchange.response.status}` : 'ERR';
      const ms = `${Math.round(r.exchange?.timings.total ?? r.durationMs)} ms`;
      o.write(`${mark} ${r.path}  ${r.method} ${r.url}  ${status}  ${paint(o.color, 2, ms)}\n`);
      for (const w of r.exchange?.warnings ?? []) o.write(`    ${paint(o.color, 33, `warning: ${w}`)}\n`);
      if (r.error) o.write(`    ${paint(o.color, 31, r.error.message)}${r.error.hint ? `\n    hint: ${r.error.hint}` : ''}\n`);
      for (const a of r.assertions) if (!a.passed) o.write(`    ${paint(o.color, 31, `✗ ${a.name}`)}${a.message ? `: ${a.message}` : ''}\n`);
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
