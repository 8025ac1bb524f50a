import { toKeyholeError, type KeyholeErrorShape } from '../../../shared/errors';
import type { Collection, Exchange } from '../../../shared/model';
import { closeAssertions, statusAssertion } from './checks';
import type { Assertion, Diagnosis, Reporter, RequestResult, RunSummary } from './result';
import { runItems, type RunItem } from './walk';

/** What running one request produced; the runner adds the status check and the diagnosis. */
export interface ItemOutcome {
  /** Raw, for the explainer (it must see real tokens); never given to reporters. */
  exchange?: Exchange | undefined;
  /** Safe to report. */
  masked?: Exchange | undefined;
  /** Checks from scripts (pm.test); the runner adds the status check when there is a response. */
  assertions?: Assertion[] | undefined;
  /** pm.execution.skipRequest(): not sent, and neither passed nor failed. */
  skipped?: boolean | undefined;
  /** setNextRequest: a request name to jump to, or null to stop this iteration. */
  nextRequest?: string | null | undefined;
  error?: KeyholeErrorShape | undefined;
  logs?: string[] | undefined;
}

export type ExecuteItem = (item: RunItem, iteration: number) => Promise<ItemOutcome>;

export interface RunOptions {
  collection: Collection;
  environment?: string | undefined;
  folder?: string | undefined;
  iterations?: number;
  delayMs?: number;
  bail?: boolean;
  /** Runs one request (scripts, sending): electron/engine/runner/scripted.ts builds the usual one. */
  execute: ExecuteItem;
  /** Called before each iteration (data-file rows become variables here). */
  beforeIteration?: ((iteration: number) => void | Promise<void>) | undefined;
  /** Explains a refused exchange (the 401 inspector); called for 401, 403 and 407 only. */
  diagnose?: ((exchange: Exchange) => Diagnosis | undefined) | undefined;
  reporters: Reporter[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal | undefined;
}

const REFUSED = new Set([401, 403, 407]);
/** A WebSocket closed with 1008 after its handshake: refused, and explained as a refusal. */
const POLICY_VIOLATION = 1008;
// Module-level, not a fresh closure per run: a new function at the same call site each run makes
// V8 throw away the optimized runner code at the start of every later run.
const monotonicNow = (): number => performance.now();
const sleepFor = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs a collection's requests in order, for each iteration, streaming every result to the
 * reporters and keeping nothing but counters: memory stays flat however long the run.
 * setNextRequest jumps by name (or stops the iteration with null), as in Postman; a failing
 * request never stops the run unless `bail` is set.
 */
export async function runCollection(o: RunOptions): Promise<RunSummary> {
  const items = runItems(o.collection, o.folder);
  const iterations = Math.max(1, o.iterations ?? 1);
  const now = o.now ?? monotonicNow;
  const sleep = o.sleep ?? sleepFor;
  const t0 = now();
  const summary: RunSummary = {
    collection: o.collection.name, environment: o.environment, iterations, requests: 0, failedRequests: 0,
    assertions: 0, failedAssertions: 0, durationMs: 0, bailed: false,
  };
  for (const r of o.reporters) await r.onStart?.({ collection: o.collection.name, environment: o.environment, iterations, total: items.length * iterations, startedAt: new Date().toISOString() });

  // A loop of setNextRequest jumps is the user's to write, but not forever.
  const maxSteps = items.length * 100 + 10_000;
  let index = 0;
  outer: for (let iteration = 0; iteration < iterations; iteration++) {
    await o.beforeIteration?.(iteration);
    let at = 0;
    for (let steps = 0; at < items.length; steps++) {
      if (o.signal?.aborted) break outer;
      const item = items[at] as RunItem;
      if (steps >= maxSteps) {
        const error = { code: 'script-failed' as const, message: `Stopped after ${maxSteps} requests in iteration ${iteration + 1}: setNextRequest keeps jumping back` };
        await report(o, summary, { iteration, index: index++, path: item.path, method: item.request.method, url: item.request.url, error, assertions: [], passed: false, durationMs: 0 });
        break;
      }
      if (index > 0 && o.delayMs) await sleep(o.delayMs);
      const { result, next } = await runOne(o, item, iteration, index++, now);
      await report(o, summary, result);
      if (!result.passed && o.bail) {
        summary.bailed = true;
        break outer;
      }
      if (next === null) break;
      if (next === undefined) at++;
      else {
        const target = items.findIndex((i) => i.request.name === next || i.path === next);
        at = target >= 0 ? target : items.length;
      }
    }
  }
  summary.durationMs = now() - t0;
  for (const r of o.reporters) await r.onEnd?.(summary);
  return summary;
}

async function report(o: RunOptions, summary: RunSummary, result: RequestResult): Promise<void> {
  summary.requests++;
  summary.assertions += result.assertions.length;
  for (const a of result.assertions) if (!a.passed) summary.failedAssertions++;
  if (!result.passed) summary.failedRequests++;
  for (const r of o.reporters) {
    // Most reporters write synchronously: no microtask turn for them.
    const p = r.onRequest(result);
    if (p) await p;
  }
}

async function runOne(o: RunOptions, item: RunItem, iteration: number, index: number, now: () => number): Promise<{ result: RequestResult; next: string | null | undefined }> {
  const start = now();
  let out: ItemOutcome;
  try {
    out = await o.execute(item, iteration);
  } catch (e) {
    out = { error: toKeyholeError(e).toJSON() };
  }
  const { exchange, masked } = out;
  const assertions = [...(exchange ? [statusAssertion(item.request, exchange), ...closeAssertions(exchange)] : []), ...(out.assertions ?? [])];
  const diagnosis = exchange && (REFUSED.has(exchange.response.status) || exchange.stream?.close?.code === POLICY_VIOLATION) ? o.diagnose?.(exchange) : undefined;
  const passed = out.skipped === true || (!out.error && assertions.every((a) => a.passed));
  // Spelled out, not `{ ...base, exchange, ... }`: on Node 20 every key added to an object made by
  // spread costs about a microsecond (its map keeps no transitions), ~10 us per request here.
  const result: RequestResult = {
    iteration, index, path: item.path,
    method: masked ? masked.request.method : item.request.method,
    url: masked ? masked.request.url : item.request.url,
    exchange: masked, error: out.error, assertions, diagnosis, passed, skipped: out.skipped, logs: out.logs,
    durationMs: now() - start,
  };
  return { next: out.nextRequest, result };
}
