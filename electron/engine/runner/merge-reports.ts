import { KeyholeError } from '../../../shared/errors';

/** One report file as read: its name (for errors) and text. */
export interface ReportFile { name: string; text: string }

interface Counter { total: number; pending: number; failed: number }
interface Timings { responseAverage: number; responseMin: number; responseMax: number; responseSd: number; started: number; completed: number }
interface JsonReport {
  collection?: unknown;
  environment?: unknown;
  run: {
    startedAt?: string; iterations?: number; total?: number;
    executions: { response?: unknown }[];
    stats: Record<string, Counter>;
    timings?: Timings;
    transfers?: { responseTotal?: number };
    failures?: unknown[];
    failuresOmitted?: number;
  };
  summary?: { collection?: string; environment?: string; iterations?: number; requests?: number; failedRequests?: number; assertions?: number; failedAssertions?: number; durationMs?: number; bailed?: boolean };
}

/** Which kind of report the files are: all JSON (the json reporter's) or all JUnit XML. */
export function reportKind(files: readonly ReportFile[]): 'json' | 'junit' {
  const kinds = files.map((f) => (f.text.trimStart().startsWith('<') ? 'junit' : 'json'));
  if (new Set(kinds).size > 1) {
    throw new KeyholeError('usage', 'The reports to merge must all be JSON or all be JUnit XML', { hint: files.map((f, i) => `${f.name}: ${kinds[i]}`).join(', ') });
  }
  return kinds[0] === 'junit' ? 'junit' : 'json';
}

function readJson(f: ReportFile): JsonReport {
  let doc: unknown;
  try {
    doc = JSON.parse(f.text);
  } catch (e) {
    throw new KeyholeError('file-malformed', `${f.name} is not valid JSON: ${(e as Error).message}`, { details: { file: f.name } });
  }
  const run = (doc as JsonReport | null)?.run;
  if (!run || !Array.isArray(run.executions) || typeof run.stats !== 'object') {
    throw new KeyholeError('file-malformed', `${f.name} is not a keyhole run JSON report (no run.executions and run.stats)`, { details: { file: f.name } });
  }
  return doc as JsonReport;
}

/**
 * The JSON reports of the shards of one run as one report of the same shape: executions in the
 * order the files are given, counts summed, response times pooled, the run's span from the first
 * start to the last end (shards run side by side, so the duration is that span, not a sum).
 */
export function mergeJsonReports(files: readonly ReportFile[]): string {
  const docs = files.map(readJson);
  const first = docs[0] as JsonReport;
  const stats: Record<string, Counter> = {};
  for (const d of docs) {
    for (const [k, c] of Object.entries(d.run.stats)) {
      const s = (stats[k] ??= { total: 0, pending: 0, failed: 0 });
      // Every shard runs every iteration: iterations are the same count, not a sum.
      if (k === 'iterations') { s.total = Math.max(s.total, c.total); s.failed = Math.max(s.failed, c.failed); continue; }
      s.total += c.total; s.pending += c.pending; s.failed += c.failed;
    }
  }
  let n = 0; let mean = 0; let m2 = 0; let min = Infinity; let max = 0;
  for (const d of docs) {
    const t = d.run.timings;
    const k = d.run.executions.filter((e) => e.response !== undefined).length;
    if (!t || k === 0) continue;
    // Chan's parallel variance: pooled mean and spread from each shard's count, mean and s.d.
    const delta = t.responseAverage - mean;
    const total = n + k;
    m2 += t.responseSd * t.responseSd * k + delta * delta * n * k / total;
    mean += delta * k / total;
    n = total;
    min = Math.min(min, t.responseMin);
    max = Math.max(max, t.responseMax);
  }
  const starts = docs.map((d) => d.run.timings?.started).filter((x): x is number => typeof x === 'number');
  const ends = docs.map((d) => d.run.timings?.completed).filter((x): x is number => typeof x === 'number');
  const started = starts.length > 0 ? Math.min(...starts) : 0;
  const completed = ends.length > 0 ? Math.max(...ends) : 0;
  const sum = (f: (d: JsonReport) => number | undefined): number => docs.reduce((a, d) => a + (f(d) ?? 0), 0);
  const omitted = sum((d) => d.run.failuresOmitted);
  const merged = {
    collection: first.collection,
    environment: first.environment,
    run: {
      startedAt: docs.map((d) => d.run.startedAt).filter((s): s is string => typeof s === 'string').sort()[0],
      iterations: Math.max(...docs.map((d) => d.run.iterations ?? 1)),
      total: sum((d) => d.run.total),
      executions: docs.flatMap((d) => d.run.executions),
      stats,
      timings: { responseAverage: mean, responseMin: n > 0 ? min : 0, responseMax: max, responseSd: n > 1 ? Math.sqrt(m2 / n) : 0, started, completed },
      transfers: { responseTotal: sum((d) => d.run.transfers?.responseTotal) },
      failures: docs.flatMap((d) => d.run.failures ?? []),
      ...(omitted > 0 ? { failuresOmitted: omitted } : {}),
      error: null,
      mergedFrom: files.map((f) => f.name),
    },
    summary: {
      collection: first.summary?.collection,
      environment: first.summary?.environment,
      iterations: Math.max(...docs.map((d) => d.summary?.iterations ?? 1)),
      requests: sum((d) => d.summary?.requests),
      failedRequests: sum((d) => d.summary?.failedRequests),
      assertions: sum((d) => d.summary?.assertions),
      failedAssertions: sum((d) => d.summary?.failedAssertions),
      durationMs: completed > started ? completed - started : Math.max(...docs.map((d) => d.summary?.durationMs ?? 0)),
      bailed: docs.some((d) => d.summary?.bailed === true),
    },
  };
  return `${JSON.stringify(merged)}\n`;
}

interface Suite { attrs: Map<string, string>; body: string }

const ATTR = /([A-Za-z_][\w:.-]*)="([^"]*)"/g;
const attrsOf = (text: string): Map<string, string> => new Map([...text.matchAll(ATTR)].map((m) => [m[1] as string, m[2] as string]));
const num = (s: string | undefined): number => (Number.isFinite(Number(s)) ? Number(s) : 0);

function suitesOf(f: ReportFile): Suite[] {
  const suites: Suite[] = [];
  for (const m of f.text.matchAll(/<testsuite\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testsuite>)/g)) suites.push({ attrs: attrsOf(m[1] ?? ''), body: m[2] ?? '' });
  if (suites.length === 0) throw new KeyholeError('file-malformed', `${f.name} holds no <testsuite>: not a JUnit report`, { details: { file: f.name } });
  return suites;
}

/**
 * The JUnit reports of the shards as one: test suites of the same name (the same collection and
 * environment) become one suite holding all their test cases, counts and times summed; the
 * document's time is the longest shard's, since shards run side by side.
 */
export function mergeJunitReports(files: readonly ReportFile[]): string {
  const byName = new Map<string, Suite[]>();
  let wall = 0;
  for (const f of files) {
    const root = /<testsuites\b([^>]*)>/.exec(f.text);
    wall = Math.max(wall, num(root ? attrsOf(root[1] ?? '').get('time') : undefined));
    for (const s of suitesOf(f)) {
      const name = s.attrs.get('name') ?? '';
      byName.set(name, [...(byName.get(name) ?? []), s]);
    }
  }
  const totals = { tests: 0, failures: 0, errors: 0 };
  const out: string[] = [];
  for (const [name, parts] of byName) {
    const sum = (k: string): number => parts.reduce((a, s) => a + num(s.attrs.get(k)), 0);
    const t = { tests: sum('tests'), failures: sum('failures'), errors: sum('errors') };
    totals.tests += t.tests; totals.failures += t.failures; totals.errors += t.errors;
    const body = parts.map((p) => p.body.replace(/^\n+|\s+$/g, '')).filter(Boolean).join('\n');
    out.push(`  <testsuite name="${name}" tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" time="${sum('time').toFixed(3)}">\n${body}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="keyhole" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${wall.toFixed(3)}">\n${out.join('\n')}\n</testsuites>\n`;
}
