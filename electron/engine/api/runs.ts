import { randomUUID } from 'node:crypto';
import { KeyholeError, toKeyholeError, type KeyholeErrorShape } from '../../../shared/errors';
import type { SendResult } from '../../../shared/ipc/send-payloads';
import type { RunProgress, RunRow, RunSummaryInfo } from '../../../shared/ipc/run-payloads';
import type { ExplainEntry } from '../../../shared/inspector';
import { explainIfRefused } from '../../../shared/inspector';
import type { Collection, Exchange } from '../../../shared/model';
import { dataScope, parseDataFile, runCollection, runItems, scriptedExecutor, type DataRow, type Diagnosis, type RequestResult, type RunStart, type RunSummary } from '../runner';
import type { ScriptEngine } from '../scripts';
import type { Session } from '../session';
import { RunExchanges } from './run-exchanges';
import { runReport, slimResult, type ReportFormat } from './run-report';

export interface StartRun {
  collectionId: string;
  environment?: string | undefined;
  folder?: string | undefined;
  iterations: number;
  delayMs: number;
  bail: boolean;
  data?: { name: string; text: string } | undefined;
  /** True when the caller chose the iteration count; otherwise a data file gives one per row. */
  iterationsGiven?: boolean | undefined;
}

interface Run {
  rows: RunRow[];
  /** The rows as the reporters saw them (exchanges without bodies), for runner.report; same bound as rows. */
  results: RequestResult[];
  start?: RunStart | undefined;
  ended?: RunSummary | undefined;
  /** Rows before rows[0] that were let go (past MAX_ROWS). */
  dropped: number;
  total: number;
  done: boolean;
  summary?: RunSummaryInfo | undefined;
  error?: KeyholeErrorShape | undefined;
  abort: AbortController;
}

/** A run keeps at most this many rows for the view; a longer run drops its oldest, as a log does. */
const MAX_ROWS = 5_000;
/** Finished runs kept for a late poll; older ones are forgotten. */
const KEEP_RUNS = 5;

function toDiagnosis(entry: ExplainEntry | undefined): Diagnosis | undefined {
  const first = entry?.findings[0];
  return first && { id: first.id, title: first.title, confidence: first.confidence, fix: first.fixes[0] };
}

function toRow(r: RequestResult): RunRow {
  const res = r.exchange?.response;
  return {
    index: r.index, iteration: r.iteration, path: r.path, method: r.method, url: r.url,
    ...(r.id ? { requestId: r.id } : {}),
    ...(res ? { status: res.status, statusText: res.statusText } : {}),
    durationMs: r.durationMs, passed: r.passed, skipped: r.skipped ?? false,
    ...(r.error ? { error: r.error } : {}),
    assertions: r.assertions,
    ...(r.statusCheck ? { statusCheck: r.statusCheck } : {}),
    ...(r.diagnosis ? { diagnosis: r.diagnosis } : {}),
    logs: r.logs ?? [],
    ...(r.exchange ? { exchangeId: r.exchange.id } : {}),
  };
}

/**
 * Collection runs for the Runner view. A run goes on in the host process and streams its rows into
 * a bounded list; the renderer polls with a cursor, so both IPC and the HTTP bridge carry progress
 * without a push channel. Each run opens its own session (its scripts' variables stay in the run);
 * the script engine is the host's shared one (`scripts`), already warm, never one per run.
 */
export class Runs {
  private readonly runs = new Map<string, Run>();
  /** The most recent run's masked exchanges, bounded, for the rows that open them. */
  readonly exchanges = new RunExchanges();

  constructor(
    private readonly open: (collectionId: string, environment: string | undefined, signal: AbortSignal) => Promise<Session>,
    private readonly scripts: (collection: Collection) => Promise<ScriptEngine | undefined>,
  ) {}

  start(o: StartRun): string {
    const runId = randomUUID();
    const run: Run = { rows: [], results: [], dropped: 0, total: 0, done: false, abort: new AbortController() };
    this.runs.set(runId, run);
    this.forgetOld();
    this.exchanges.begin(runId);
    void this.go(o, run, runId);
    return runId;
  }

  poll(runId: string, after: number): RunProgress {
    const run = this.runs.get(runId);
    if (!run) throw new KeyholeError('invalid-input', `No run ${runId}`, { hint: 'Runs are kept while the app runs; start it again.' });
    const from = Math.max(0, after - run.dropped);
    return {
      rows: run.rows.slice(from),
      next: run.dropped + run.rows.length,
      total: run.total,
      done: run.done,
      ...(run.summary ? { summary: run.summary } : {}),
      ...(run.error ? { error: run.error } : {}),
    };
  }

  stop(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run || run.done) return false;
    run.abort.abort();
    return true;
  }

  stopAll(): void {
    for (const run of this.runs.values()) run.abort.abort();
  }

  /** A finished run as an HTML or JUnit report, from the rows kept (a run past MAX_ROWS reports its newest). */
  async report(runId: string, format: ReportFormat): Promise<{ filename: string; text: string }> {
    const run = this.runs.get(runId);
    if (!run) throw new KeyholeError('invalid-input', `No run ${runId}`, { hint: 'Runs are kept while the app runs; start it again.' });
    if (!run.done || !run.start || !run.ended) {
      throw new KeyholeError('invalid-input', run.done ? 'This run did not run any request, so there is nothing to report' : 'The run is still going', { hint: run.done ? 'Fix what stopped it and run again.' : 'Export it when it has finished.' });
    }
    return runReport(format, run.start, run.results, run.ended);
  }

  /** The exchange behind a row of a run (the most recent run only). */
  exchange(runId: string, exchangeId: string): SendResult {
    return this.exchanges.get(runId, exchangeId);
  }

  private async go(o: StartRun, run: Run, runId: string): Promise<void> {
    // The explainer reads the raw exchange (it verifies tokens); the row and the kept exchange get
    // its result, keyed by exchange id, and the raw exchange is not kept.
    const explained = new Map<string, ExplainEntry>();
    const diagnose = (raw: Exchange): Diagnosis | undefined => {
      const entry = explainIfRefused(raw);
      if (entry) explained.set(raw.id, entry);
      return toDiagnosis(entry);
    };
    let session: Session | undefined;
    try {
      const rows: DataRow[] | undefined = o.data ? parseDataFile(o.data.text, o.data.name) : undefined;
      // As `keyhole run -d`: one iteration per data row unless a count was chosen; rows repeat past the end.
      const iterations = rows && rows.length > 0 && !o.iterationsGiven ? rows.length : o.iterations;
      const row = (i: number): DataRow | undefined => (rows && rows.length > 0 ? rows[i % rows.length] : undefined);
      session = await this.open(o.collectionId, o.environment, run.abort.signal);
      const s = session;
      run.total = runItems(s.collection, o.folder).length * iterations;
      const engine = await this.scripts(s.collection);
      const summary = await runCollection({
        collection: s.collection, environment: s.environment?.name, folder: o.folder,
        iterations, delayMs: o.delayMs, bail: o.bail, signal: run.abort.signal,
        execute: scriptedExecutor({ session: s, collection: s.collection, engine, iterationCount: iterations, iterationData: row }),
        beforeIteration: (i) => {
          const data = row(i);
          if (data) s.scopes.data = dataScope(data);
        },
        diagnose,
        reporters: [{
          onStart: (info) => { run.start = info; },
          onEnd: (summary) => { run.ended = summary; },
          onRequest: (r) => {
            if (r.exchange) {
              const explanation = explained.get(r.exchange.id);
              explained.delete(r.exchange.id);
              this.exchanges.add(runId, {
                exchange: r.exchange, ...(explanation ? { explanation } : {}),
                tests: { assertions: r.assertions, logs: r.logs ?? [] },
              });
            }
            run.rows.push(toRow(r));
            run.results.push(slimResult(r));
            if (run.rows.length > MAX_ROWS) { run.rows.shift(); run.results.shift(); run.dropped++; }
          },
        }],
      });
      run.summary = {
        requests: summary.requests, failedRequests: summary.failedRequests, assertions: summary.assertions,
        failedAssertions: summary.failedAssertions, durationMs: summary.durationMs, bailed: summary.bailed, stopped: run.abort.signal.aborted,
      };
    } catch (e) {
      run.error = toKeyholeError(e).toJSON();
    } finally {
      await session?.close().catch(() => undefined);
      run.done = true;
    }
  }

  private forgetOld(): void {
    const finished = [...this.runs].filter(([, r]) => r.done);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_RUNS))) this.runs.delete(id);
  }
}
