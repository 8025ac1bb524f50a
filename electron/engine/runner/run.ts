import { toKeyholeError } from '../../../shared/errors';
import type { Collection, Exchange } from '../../../shared/model';
import { statusAssertion } from './checks';
import type { Assertion, Diagnosis, Reporter, RequestResult, RunSummary } from './result';
import { runItems, type RunItem } from './walk';

export interface RunOptions {
  collection: Collection;
  environment?: string | undefined;
  folder?: string | undefined;
  iterations?: number;
  delayMs?: number;
  bail?: boolean;
  /**
   * Sends one request with the run's variables: the raw exchange (for checks and the explainer,
   * which must see real tokens) and the masked one (the only one reporters get).
   */
  send: (item: RunItem, iteration: number) => Promise<{ exchange: Exchange; masked: Exchange }>;
  /** Explains a refused exchange (the 401 inspector); called for 401, 403 and 407 only. */
  diagnose?: ((exchange: Exchange) => Diagnosis | undefined) | undefined;
  /** Extra checks after a response (scripts' tests, later); their results join the status check. */
  check?: ((item: RunItem, exchange: Exchange, iteration: number) => Promise<Assertion[]>) | undefined;
  reporters: Reporter[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal | undefined;
}

const REFUSED = new Set([401, 403, 407]);

/**
 * Runs a collection's requests in order, for each iteration, streaming every result to the
 * reporters and keeping nothing but counters: memory stays flat however long the run.
 * A failing request never stops the run unless `bail` is set.
 */
export async function runCollection(o: RunOptions): Promise<RunSummary> {
  const items = runItems(o.collection, o.folder);
  const iterations = Math.max(1, o.iterations ?? 1);
  const now = o.now ?? (() => performance.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const t0 = now();
  const summary: RunSummary = {
    collection: o.collection.name, environment: o.environment, iterations, requests: 0, failedRequests: 0,
    assertions: 0, failedAssertions: 0, durationMs: 0, bailed: false,
  };
  for (const r of o.reporters) await r.onStart?.({ collection: o.collection.name, environment: o.environment, iterations, total: items.length * iterations, startedAt: new Date().toISOString() });

  let index = 0;
  outer: for (let iteration = 0; iteration < iterations; iteration++) {
    for (const item of items) {
      if (o.signal?.aborted) break outer;
      if (index > 0 && o.delayMs) await sleep(o.delayMs);
      const result = await runOne(o, item, iteration, index++, now);
      summary.requests++;
      summary.assertions += result.assertions.length;
      summary.failedAssertions += result.assertions.filter((a) => !a.passed).length;
      if (!result.passed) summary.failedRequests++;
      for (const r of o.reporters) await r.onRequest(result);
      if (!result.passed && o.bail) {
        summary.bailed = true;
        break outer;
      }
    }
  }
  summary.durationMs = now() - t0;
  for (const r of o.reporters) await r.onEnd?.(summary);
  return summary;
}

async function runOne(o: RunOptions, item: RunItem, iteration: number, index: number, now: () => number): Promise<RequestResult> {
  const start = now();
  const base = { iteration, index, path: item.path, method: item.request.method, url: item.request.url };
  try {
    const { exchange, masked } = await o.send(item, iteration);
    const assertions = [statusAssertion(item.request, exchange), ...(o.check ? await o.check(item, exchange, iteration) : [])];
    const diagnosis = REFUSED.has(exchange.response.status) ? o.diagnose?.(exchange) : undefined;
    return {
      ...base, method: masked.request.method, url: masked.request.url, exchange: masked, assertions, diagnosis,
      passed: assertions.every((a) => a.passed), durationMs: now() - start,
    };
  } catch (e) {
    const error = toKeyholeError(e).toJSON();
    return { ...base, error, assertions: [], passed: false, durationMs: now() - start };
  }
}
