import type { Reporter, RequestResult, RunStart, RunSummary } from '../result';

export interface HtmlReporterOptions {
  /** Up to this many requests the chart draws one bar each; past it, a histogram of times. */
  barLimit?: number | undefined;
}

/** Text to HTML text or attribute value: nothing a server or script sends can become markup. */
export const escapeHtml = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const esc = escapeHtml;
const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);

// Histogram buckets on a log scale, four per doubling from 1/16 ms: a fixed array whatever the
// run's length, so the chart costs the same memory for 5 or 5 million requests.
const PER_OCTAVE = 4;
const MIN_EXP = -4;
const BUCKETS = 22 * PER_OCTAVE;
const bucketOf = (ms: number): number => Math.min(BUCKETS - 1, Math.max(0, Math.floor((Math.log2(Math.max(ms, 2 ** MIN_EXP)) - MIN_EXP) * PER_OCTAVE)));
const bucketEdge = (b: number): number => 2 ** (b / PER_OCTAVE + MIN_EXP);

const STYLE = `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:16px 24px;color:#1b1f24;background:#fff;display:flex;flex-direction:column;gap:16px}
header{order:0}.summary{order:1}.chart{order:2}.results{order:3}footer{order:4;color:#57606a;font-size:12px}
h1{font-size:20px;margin:0}h2{font-size:16px;margin:0 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:120px}
.card b{display:block;font-size:18px}.ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}.muted{color:#57606a}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}td.num{text-align:right;white-space:nowrap}
tr.fail{background:#fff5f5}.url{word-break:break-all;font-family:ui-monospace,monospace;font-size:12px}
ul{margin:2px 0;padding-left:18px}pre{margin:2px 0;white-space:pre-wrap;word-break:break-all;font-size:12px}
.why{border-left:3px solid #9a6700;padding-left:8px;margin-top:4px}svg{max-width:100%;height:auto}`;

interface Bar { ms: number; passed: boolean; label: string }

/**
 * A self-contained HTML report (no scripts, styles or fonts from anywhere else; readable without
 * JavaScript): the run summary, a timing chart and one row per request with its assertions, the
 * 401 explainer's diagnosis and its script logs. Rows are written as results arrive and only
 * counters and a fixed-size histogram are kept, so memory stays flat however long the run; the
 * summary and chart, known only at the end, come last in the file and are shown first with CSS.
 */
export function htmlReporter(write: (html: string) => void | Promise<void>, opts: HtmlReporterOptions = {}): Reporter {
  const barLimit = opts.barLimit ?? 200;
  let started = false;
  let info: RunStart | undefined;
  let bars: Bar[] | undefined = [];
  const hist = { passed: new Uint32Array(BUCKETS), failed: new Uint32Array(BUCKETS) };
  const times = { count: 0, sum: 0, min: Infinity, max: 0 };
  const statuses = new Map<string, number>();

  const head = async (): Promise<void> => {
    if (started) return;
    started = true;
    const title = info ? `${info.collection}${info.environment ? ` (${info.environment})` : ''}` : 'Keyhole run';
    await write(`<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">`
      + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
      + `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}: Keyhole run report</title><style>${STYLE}</style></head><body>\n`
      + `<header><h1>${esc(title)}</h1><div class="muted">Keyhole run${info ? ` started ${esc(info.startedAt)}, ${info.iterations} iteration${info.iterations === 1 ? '' : 's'}, ${info.total} request${info.total === 1 ? '' : 's'} planned` : ''}</div></header>\n`
      + `<section class="results"><h2>Requests</h2><table><thead><tr><th>#</th><th>Request</th><th>Status</th><th>Time</th><th>Assertions</th></tr></thead><tbody>\n`);
  };

  return {
    async onStart(i: RunStart) {
      info = i;
      await head();
    },
    async onRequest(r: RequestResult) {
      await head();
      const ms = r.exchange?.timings.total ?? r.durationMs;
      times.count++;
      times.sum += ms;
      times.min = Math.min(times.min, ms);
      times.max = Math.max(times.max, ms);
      (r.passed ? hist.passed : hist.failed)[bucketOf(ms)]! += 1;
      const status = statusText(r);
      const statusKey = r.exchange ? String(r.exchange.response.status) : r.skipped ? 'skipped' : 'error';
      statuses.set(statusKey, (statuses.get(statusKey) ?? 0) + 1);
      if (bars) {
        bars.push({ ms, passed: r.passed, label: `#${r.index + 1} ${r.path}: ${status}, ${fmtMs(ms)}` });
        if (bars.length > barLimit) bars = undefined;
      }
      await write(row(r, status, ms));
    },
    async onEnd(s: RunSummary) {
      await head();
      await write(`</tbody></table></section>\n${summaryHtml(s, times, statuses)}\n${chartHtml(bars, hist)}\n`
        + `<footer>Generated by Keyhole. Secrets are masked; response bodies are not included.</footer>\n</body></html>\n`);
    },
  };
}

function statusText(r: RequestResult): string {
  if (r.exchange) return `${r.exchange.response.status} ${r.exchange.response.statusText}`.trim();
  if (r.skipped) return 'skipped';
  return r.error ? `error (${r.error.code})` : 'not sent';
}

function row(r: RequestResult, status: string, ms: number): string {
  const cls = r.skipped ? 'skip' : r.passed ? 'pass' : 'fail';
  const failed = r.assertions.filter((a) => !a.passed);
  const parts: string[] = [];
  if (r.statusCheck && !r.statusCheck.passed) parts.push(`<div class="bad">✗ ${esc(r.statusCheck.name)}${r.statusCheck.message ? `: ${esc(r.statusCheck.message)}` : ''}</div>`);
  if (r.error) parts.push(`<div class="bad">${esc(r.error.message)}${r.error.hint ? `<br><span class="muted">hint: ${esc(r.error.hint)}</span>` : ''}</div>`);
  if (r.assertions.length > 0) {
    const items = r.assertions.map((a) => `<li class="${a.passed ? 'ok' : 'bad'}">${a.passed ? '✓' : '✗'} ${esc(a.name)}${a.message ? `: ${esc(a.message)}` : ''}</li>`).join('');
    const label = `${r.assertions.length - failed.length}/${r.assertions.length} passed`;
    // Failures are what a reader came for: open; a passing list stays folded.
    parts.push(`<details${failed.length > 0 ? ' open' : ''}><summary class="${failed.length > 0 ? 'bad' : 'ok'}">${label}</summary><ul>${items}</ul></details>`);
  }
  if (r.diagnosis) {
    const d = r.diagnosis;
    parts.push(`<div class="why"><b class="warn">Why: ${esc(d.title)}</b> <span class="muted">[${esc(d.id)}, ${Math.round(d.confidence * 100)}%]</span>${d.fix ? `<br>Fix: ${esc(d.fix)}` : ''}</div>`);
  }
  if (r.logs && r.logs.length > 0) parts.push(`<details><summary>Script log (${r.logs.length})</summary><pre>${esc(r.logs.join('\n'))}</pre></details>`);
  if (r.exchange && r.exchange.response.headers.length > 0) {
    const h = r.exchange.response.headers.map(([k, v]) => `${k}: ${v}`).join('\n');
    parts.push(`<details><summary class="muted">Response headers</summary><pre>${esc(h)}</pre></details>`);
  }
  const iter = r.iteration > 0 ? ` <span class="muted">[iteration ${r.iteration + 1}]</span>` : '';
  return `<tr class="request ${cls}" id="r${r.index + 1}"><td class="num">${r.index + 1}</td>`
    + `<td><b>${esc(r.path)}</b>${iter}<div class="url">${esc(r.method)} ${esc(r.url)}</div></td>`
    + `<td class="${r.statusCheck?.passed ? 'ok' : r.skipped ? 'muted' : 'bad'}">${esc(status)}</td>`
    + `<td class="num">${fmtMs(ms)}</td><td>${parts.join('')}</td></tr>\n`;
}

function summaryHtml(s: RunSummary, t: { count: number; sum: number; min: number; max: number }, statuses: Map<string, number>): string {
  const card = (label: string, value: string, cls = ''): string => `<div class="card"><span class="muted">${esc(label)}</span><b class="${cls}">${esc(value)}</b></div>`;
  const ok = s.failedRequests === 0 && !s.bailed;
  const byStatus = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`).join(', ');
  return `<section class="summary"><h2>Summary</h2><div class="cards">`
    + card('Result', ok ? 'passed' : s.bailed ? 'stopped (bail)' : 'failed', ok ? 'ok' : 'bad')
    + card('Requests', `${s.requests - s.failedRequests}/${s.requests} passed`, s.failedRequests ? 'bad' : 'ok')
    + card('Assertions', `${s.assertions - s.failedAssertions}/${s.assertions} passed`, s.failedAssertions ? 'bad' : 'ok')
    + card('Duration', fmtMs(s.durationMs))
    + card('Iterations', String(s.iterations))
    + (t.count > 0 ? card('Response time', `avg ${fmtMs(t.sum / t.count)}, min ${fmtMs(t.min)}, max ${fmtMs(t.max)}`) : '')
    + `</div>${byStatus ? `<p class="muted">Statuses: ${esc(byStatus)}</p>` : ''}</section>`;
}

const W = 800;
const H = 160;
const PAD = 28;

function chartHtml(bars: Bar[] | undefined, hist: { passed: Uint32Array; failed: Uint32Array }): string {
  if (bars && bars.length === 0) return '<section class="chart"><h2>Timing</h2><p class="muted">No requests ran.</p></section>';
  const body = bars ? barChart(bars) : histogram(hist);
  return `<section class="chart"><h2>Timing</h2>${body}</section>`;
}

/** One bar per request, in run order; its tooltip names the request. */
function barChart(bars: Bar[]): string {
  const max = Math.max(...bars.map((b) => b.ms), 1);
  const step = (W - PAD) / bars.length;
  const rects = bars.map((b, i) => {
    const h = Math.max(1, (b.ms / max) * (H - 20));
    return `<rect x="${(PAD + i * step).toFixed(1)}" y="${(H - h).toFixed(1)}" width="${Math.max(0.5, step * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${b.passed ? '#2da44e' : '#cf222e'}"><title>${esc(b.label)}</title></rect>`;
  }).join('');
  return `<svg class="timing bars" role="img" aria-label="Time per request" viewBox="0 0 ${W} ${H + 20}" xmlns="http://www.w3.org/2000/svg">`
    + `<text x="0" y="12" font-size="10" fill="#57606a">${esc(fmtMs(max))}</text><line x1="${PAD}" y1="${H}" x2="${W}" y2="${H}" stroke="#d0d7de"/>${rects}`
    + `<text x="${PAD}" y="${H + 14}" font-size="10" fill="#57606a">request 1</text><text x="${W}" y="${H + 14}" font-size="10" fill="#57606a" text-anchor="end">request ${bars.length}</text></svg>`
    + '<p class="muted">One bar per request (green passed, red failed); hover for its name and time.</p>';
}

/** Requests per time bucket (log scale), passed and failed stacked: bounded for any run length. */
function histogram(hist: { passed: Uint32Array; failed: Uint32Array }): string {
  const used: number[] = [];
  for (let b = 0; b < BUCKETS; b++) if ((hist.passed[b] ?? 0) + (hist.failed[b] ?? 0) > 0) used.push(b);
  const first = used[0] ?? 0;
  const last = used[used.length - 1] ?? 0;
  const n = last - first + 1;
  const max = Math.max(1, ...used.map((b) => (hist.passed[b] ?? 0) + (hist.failed[b] ?? 0)));
  const step = (W - PAD) / n;
  const rects: string[] = [];
  for (let b = first; b <= last; b++) {
    const p = hist.passed[b] ?? 0;
    const f = hist.failed[b] ?? 0;
    const x = (PAD + (b - first) * step).toFixed(1);
    const w = Math.max(1, step - 1).toFixed(1);
    const hp = (p / max) * (H - 20);
    const hf = (f / max) * (H - 20);
    const label = `${fmtMs(bucketEdge(b))} to ${fmtMs(bucketEdge(b + 1))}: ${p} passed, ${f} failed`;
    if (p > 0) rects.push(`<rect x="${x}" y="${(H - hp).toFixed(1)}" width="${w}" height="${Math.max(1, hp).toFixed(1)}" fill="#2da44e"><title>${esc(label)}</title></rect>`);
    if (f > 0) rects.push(`<rect x="${x}" y="${(H - hp - hf).toFixed(1)}" width="${w}" height="${Math.max(1, hf).toFixed(1)}" fill="#cf222e"><title>${esc(label)}</title></rect>`);
  }
  return `<svg class="timing histogram" role="img" aria-label="Requests per response time" viewBox="0 0 ${W} ${H + 20}" xmlns="http://www.w3.org/2000/svg">`
    + `<text x="0" y="12" font-size="10" fill="#57606a">${max}</text><line x1="${PAD}" y1="${H}" x2="${W}" y2="${H}" stroke="#d0d7de"/>${rects.join('')}`
    + `<text x="${PAD}" y="${H + 14}" font-size="10" fill="#57606a">${esc(fmtMs(bucketEdge(first)))}</text><text x="${W}" y="${H + 14}" font-size="10" fill="#57606a" text-anchor="end">${esc(fmtMs(bucketEdge(last + 1)))}</text></svg>`
    + '<p class="muted">Requests per response time (log scale; green passed, red failed).</p>';
}
