import type { Reporter, RequestResult, RunStart, RunSummary } from '../result';

/** Failures kept for the report's run.failures; past this only their count is (memory stays bounded). */
const MAX_FAILURES = 10_000;

interface Counter { total: number; pending: number; failed: number }
const counter = (): Counter => ({ total: 0, pending: 0, failed: 0 });

interface Failure {
  error: { name: string; message: string; test?: string | undefined; index?: number | undefined };
  at: string;
  source: { id: string; name: string; path: string };
  cursor: { iteration: number; position: number };
}

/**
 * Streams the run as newman's JSON reporter shapes it, so tools that read `run.stats`,
 * `run.executions[].assertions` and `run.failures` keep working: `{"collection", "environment",
 * "run": {"executions": [...], "stats", "timings", "transfers", "failures", "error"}, "summary"}`.
 * Executions are written as results arrive and only counters (and failures, up to a cap) are kept,
 * so a run of any length never holds its results. Exchanges arrive masked; bodies are left out.
 * Differences from newman: `request.url` is the URL as sent (a string), `run.stats` counts
 * iterations, items, requests and assertions (not scripts; an iteration fails only as newman's
 * does, never for its requests' failures), and each execution also carries
 * Keyhole's `path`, `passed`, `diagnosis` (the 401 explainer's) and `console` lines.
 */
export function jsonReporter(write: (text: string) => void | Promise<void>): Reporter {
  let first = true;
  let perIteration = 1;
  let position = 0;
  let lastIteration = 0;
  let started = Date.now();
  const stats = { iterations: counter(), items: counter(), requests: counter(), assertions: counter() };
  const times = { n: 0, mean: 0, m2: 0, min: 0, max: 0 };
  let responseTotal = 0;
  const failures: Failure[] = [];
  let failuresOmitted = 0;
  const fail = (f: Failure): void => {
    if (failures.length < MAX_FAILURES) failures.push(f);
    else failuresOmitted++;
  };

  return {
    async onStart(info: RunStart) {
      started = Date.parse(info.startedAt) || Date.now();
      perIteration = Math.max(1, Math.round(info.total / Math.max(1, info.iterations)));
      stats.iterations.total = info.iterations;
      await write(`{"collection":${JSON.stringify({ info: { name: info.collection } })},"environment":${JSON.stringify(info.environment === undefined ? null : { name: info.environment })},`
        + `"run":{"startedAt":${JSON.stringify(info.startedAt)},"iterations":${info.iterations},"total":${info.total},"executions":[\n`);
    },
    // Not async: a sink that only gathers text answers at once, and the runner then skips the await.
    onRequest(r: RequestResult) {
      if (r.iteration !== lastIteration) { lastIteration = r.iteration; position = 0; }
      const name = r.name ?? r.path.slice(r.path.lastIndexOf('/') + 1);
      const id = r.id ?? r.path;
      const cursor = { position, iteration: r.iteration };
      stats.items.total++;
      const ex = r.exchange;
      if (ex) stats.requests.total++;
      if (r.error) {
        stats.items.failed++;
        if (!ex) stats.requests.failed++;
        fail({ error: { name: r.error.code, message: r.error.message }, at: 'request', source: { id, name, path: r.path }, cursor });
      }
      const assertions = r.assertions.map((a, index) => {
        stats.assertions.total++;
        if (a.passed) return { assertion: a.name, skipped: a.skipped === true, passed: true };
        stats.assertions.failed++;
        const error = { name: 'AssertionError', index, test: a.name, message: a.message ?? a.name };
        fail({ error, at: `assertion:${index} in test-script`, source: { id, name, path: r.path }, cursor });
        return { assertion: a.name, skipped: false, passed: false, error };
      });
      let response: unknown;
      if (ex) {
        const ms = ex.timings.total;
        times.n++;
        const d = ms - times.mean;
        times.mean += d / times.n;
        times.m2 += d * (ms - times.mean);
        times.min = times.n === 1 ? ms : Math.min(times.min, ms);
        times.max = Math.max(times.max, ms);
        responseTotal += ex.response.bodySizeCompressed;
        response = {
          id: ex.id, code: ex.response.status, status: ex.response.statusText,
          header: ex.response.headers.map(([key, value]) => ({ key, value })),
          responseTime: Math.round(ms), responseSize: ex.response.bodySizeDecoded,
        };
      }
      const execution = {
        id: ex?.id ?? `${r.iteration}:${r.index}`,
        cursor: { position, iteration: r.iteration, length: perIteration, cycles: stats.iterations.total, ref: id },
        item: { id, name, path: r.path },
        request: { method: r.method, url: r.url, header: ex ? ex.request.headers.map(([key, value]) => ({ key, value })) : [] },
        response,
        assertions,
        requestError: r.error,
        path: r.path,
        passed: r.passed,
        skipped: r.skipped,
        diagnosis: r.diagnosis,
        console: r.logs && r.logs.length > 0 ? r.logs : undefined,
        timings: ex?.timings,
        durationMs: r.durationMs,
      };
      position++;
      const written = write(`${first ? '' : ',\n'}${JSON.stringify(execution)}`);
      first = false;
      return written;
    },
    async onEnd(s: RunSummary) {
      const sd = times.n > 1 ? Math.sqrt(times.m2 / times.n) : 0;
      const timings = {
        responseAverage: times.mean, responseMin: times.min, responseMax: times.max, responseSd: sd,
        started, completed: started + Math.round(s.durationMs),
      };
      await write(`\n],"stats":${JSON.stringify(stats)},"timings":${JSON.stringify(timings)},"transfers":{"responseTotal":${responseTotal}},`
        + `"failures":${JSON.stringify(failures)}${failuresOmitted > 0 ? `,"failuresOmitted":${failuresOmitted}` : ''},"error":null},"summary":${JSON.stringify(s)}}\n`);
    },
  };
}
