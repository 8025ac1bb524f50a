import { toKeyholeError, type KeyholeErrorShape } from '../../../shared/errors';
import type { Collection, Exchange } from '../../../shared/model';
// The refusal reader alone: the explainer behind the inspector's index loads only for a refusal (diagnose).
import { readGraphqlRefusal } from '../../../shared/inspector/explain/graphql-refusal';
import { closeAssertions, mayBeGraphql, statusAssertion } from './checks';
import { ReportQueue } from './report-queue';
import type { Assertion, Diagnosis, Reporter, RequestResult, RunSummary } from './result';
import { runItems, type RunItem } from './walk';

/** What running one request produced; the runner adds the status check and the diagnosis. */
export interface ItemOutcome {
  /** Raw, for the explainer (it must see real tokens); never given to reporters. */
  exchange?: Exchange | undefined;
  /** Safe to report. */
  masked?: Exchange | undefined;
  /** Checks from scripts (pm.test); the runner checks the status itself when there is a response. */
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
  folder?: string | readonly string[] | undefined;
  /** The requests to run, chosen by the caller (a shard); `folder` is not applied to them. */
  items?: readonly RunItem[] | undefined;
  iterations?: number;
  delayMs?: number;
  /** true: stop at the first failed request; 'error': only at one that could not be sent or whose script failed (newman's --bail folder). */
  bail?: boolean | 'error';
  /**
   * Keyhole's own check that a response is below 400 (or one of request.expect's statuses).
   * Off for Postman files, where only the collection's tests decide, as in newman.
   */
  statusCheck?: boolean | undefined;
  /** Runs one request (scripts, sending): electron/engine/runner/scripted.ts builds the usual one. */
  execute: ExecuteItem;
  /** Called before each iteration (data-file rows become variables here). */
  beforeIteration?: ((iteration: number) => void | Promise<void>) | undefined;
  /** Explains a refused exchange (the 401 inspector); called for 401, 403, 407, a 1008 close and a GraphQL refusal only. */
  diagnose?: ((exchange: Exchange) => Diagnosis | undefined | Promise<Diagnosis | undefined>) | undefined;
  reporters: Reporter[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal | undefined;
}

const REFUSED = new Set([401, 403, 407]);
/** gRPC's UNAUTHENTICATED and PERMISSION_DENIED. */
const GRPC_REFUSED = new Set([16, 7]);
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
  const items = o.items ?? runItems(o.collection, o.folder);
  const iterations = Math.max(1, o.iterations ?? 1);
  const now = o.now ?? monotonicNow;
  const sleep = o.sleep ?? sleepFor;
  const t0 = now();
  const summary: RunSummary = {
    collection: o.collection.name, environment: o.environment, iterations, requests: 0, sends: 0, failedRequests: 0,
    assertions: 0, failedAssertions: 0, durationMs: 0, bailed: false,
  };
  for (const r of o.reporters) await r.onStart?.({ collection: o.collection.name, environment: o.environment, iterations, total: items.length * iterations, startedAt: new Date().toISOString() });

  const reports = new ReportQueue();
  // A loop of setNextRequest jumps is the user's to write, but not forever.
  const maxSteps = items.length * 100 + 10_000;
  let index = 0;
  outer: for (let iteration = 0; iteration < iterations; iteration++) {
    await o.beforeIteration?.(iteration);
    let at = 0;
    for (let steps = 0; at < items.length; steps++) {
      if (o.signal?.aborted) break outer;
      reports.throwIfFailed();
      const item = items[at] as RunItem;
      if (steps >= maxSteps) {
        const error = { code: 'script-failed' as const, message: `Stopped after ${maxSteps} requests in iteration ${iteration + 1}: setNextRequest keeps jumping back` };
        report(o, summary, reports, { iteration, index: index++, path: item.path, name: item.request.name, id: item.request.id, method: item.request.method, url: item.request.url, error, assertions: [], passed: false, durationMs: 0 });
        break;
      }
      if (index > 0 && o.delayMs) await sleep(o.delayMs);
      const { result, next, masked } = await runOne(o, item, iteration, index++, now);
      report(o, summary, reports, result, masked);
      if (o.bail && !result.passed && (o.bail === true || result.error)) {
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
  await reports.drain();
  summary.durationMs = now() - t0;
  for (const r of o.reporters) await r.onEnd?.(summary);
  return summary;
}

/** Counts the result now and hands it to the reporters once the next request has gone out (report-queue.ts). */
function report(o: RunOptions, summary: RunSummary, reports: ReportQueue, result: RequestResult, masked?: () => Exchange | undefined): void {
  summary.requests++;
  summary.sends = (summary.sends ?? 0) + (result.sends ?? 1);
  summary.assertions += result.assertions.length;
  for (const a of result.assertions) if (!a.passed) summary.failedAssertions++;
  if (!result.passed) summary.failedRequests++;
  // Reporters see the exchange masked (method and URL too), never the raw one: masked here, off the critical path.
  if (masked) {
    reports.push(() => {
      const m = masked();
      if (!m) return;
      result.exchange = m;
      result.method = m.request.method;
      result.url = m.request.url;
    });
  }
  for (const r of o.reporters) reports.push(() => r.onRequest(result));
}

/** One, plus one per auth round trip, or undefined when there was none (the common case). */
function authSends(x: Exchange): number | undefined {
  let n = 1;
  for (const h of x.hops) if (h.authRoundTrip) n++;
  return n > 1 ? n : undefined;
}

async function runOne(o: RunOptions, item: RunItem, iteration: number, index: number, now: () => number): Promise<{ result: RequestResult; next: string | null | undefined; masked: () => Exchange | undefined }> {
  const start = now();
  let out: ItemOutcome;
  try {
    out = await o.execute(item, iteration);
  } catch (e) {
    out = { error: toKeyholeError(e).toJSON() };
  }
  const { exchange } = out;
  const assertions = [...(exchange ? closeAssertions(exchange) : []), ...(out.assertions ?? [])];
  // A Postman file is judged by its tests alone (statusCheck: false), as newman judges it.
  // Read only where a GraphQL answer may come: decoding every response body would slow every run.
  const graphql = exchange && !exchange.stream && !exchange.grpc && !REFUSED.has(exchange.response.status) && mayBeGraphql(item.request) ? readGraphqlRefusal(exchange) : undefined;
  const statusCheck = exchange && o.statusCheck !== false ? statusAssertion(item.request, exchange, graphql) : undefined;
  const refused = exchange && (exchange.grpc ? GRPC_REFUSED.has(exchange.grpc.status?.code ?? 0) : REFUSED.has(exchange.response.status) || exchange.stream?.close?.code === POLICY_VIOLATION || graphql !== undefined);
  const diagnosis = exchange && refused ? await o.diagnose?.(exchange) : undefined;
  const passed = out.skipped === true || (!out.error && statusCheck?.passed !== false && assertions.every((a) => a.passed));
  const sends = o.collection.semantics === 'postman' && exchange ? authSends(exchange) : undefined;
  // Spelled out, not `{ ...base, exchange, ... }`: on Node 20 every key added to an object made by
  // spread costs about a microsecond (its map keeps no transitions), ~10 us per request here.
  const result: RequestResult = {
    iteration, index, path: item.path, name: item.request.name, id: item.request.id,
    // The masked exchange, method and URL are filled in when the result is reported (report()).
    method: item.request.method, url: item.request.url, exchange: undefined, error: out.error, assertions, statusCheck, diagnosis, passed, skipped: out.skipped, logs: out.logs, sends,
    durationMs: now() - start,
  };
  return { next: out.nextRequest, result, masked: () => out.masked };
}
