import { redactor } from '../../../shared/mask';
import { collectionLevels, type Collection, type Request } from '../../../shared/model';
import type { ScopedValue } from '../../../shared/variables';
import { createScriptEngine, runPreRequestChain, runTestChain, scriptChain, storesFromScopes, type ScriptEngine, type ScriptEngineOptions, type ScriptRequest, type VariableStores } from '../scripts';
import { toKeyholeError } from '../../../shared/errors';
import type { SentExchange, Session } from '../session';
import type { Assertion } from './result';
import type { ExecuteItem, ItemOutcome } from './run';
import type { RunItem } from './walk';

export interface ScriptedExecutorOptions {
  session: Session;
  collection: Collection;
  /** Created only when the collection has scripts (see scriptEngineFor): QuickJS costs a start-up. */
  engine?: ScriptEngine | undefined;
  iterationCount: number;
  /** The data file's row for an iteration (pm.iterationData), if a data file was given. */
  iterationData?: ((iteration: number) => Record<string, unknown> | undefined) | undefined;
}

/** Every non-blank pre-request and test script of the collection, its folders and requests. */
export function scriptTexts(collection: Collection): string[] {
  const out: string[] = [];
  const add = (s: { preRequest?: string | undefined; test?: string | undefined } | undefined) => {
    for (const t of [s?.preRequest, s?.test]) if (t?.trim()) out.push(t);
  };
  for (const level of collectionLevels(collection)) add(level.scripts);
  return out;
}

/**
 * The script engine for a run of this collection, or undefined when it has no scripts (QuickJS
 * costs a start-up). It is ready before the first request: QuickJS started and the libraries the
 * scripts use loaded, so that request's timing is its own.
 */
export async function scriptEngineFor(collection: Collection, options?: ScriptEngineOptions): Promise<ScriptEngine | undefined> {
  const scripts = scriptTexts(collection);
  if (scripts.length === 0) return undefined;
  const engine = await createScriptEngine(options);
  try {
    await engine.ready(scripts);
  } catch (e) {
    engine.dispose();
    throw e;
  }
  return engine;
}

const toScriptRequest = (r: Request): ScriptRequest => ({ method: r.method, url: r.url, query: r.query, headers: r.headers, body: r.body, description: r.description });

/**
 * Runs one request the way Postman does: collection, folder and request pre-request scripts (which
 * may edit the request, set variables, skip it or choose the next one), the send, then the test
 * scripts. Variables scripts set live in the session's scopes for the rest of the run. Everything
 * a script prints or asserts is redacted with the secrets the request used.
 */
export function scriptedExecutor(o: ScriptedExecutorOptions): ExecuteItem {
  const stores: VariableStores = storesFromScopes(o.session.scopes as Partial<Record<'runtime' | 'environment' | 'collection' | 'globals', Map<string, ScopedValue>>>);
  // One redactor per set of secrets the requests used: a run's requests share a handful of sets,
  // and building one (dedupe, sort, the masks) cost more than masking a request's output with it.
  const redactors = new Map<string, (text: string) => string>();
  const mask = (secrets: readonly string[]): ((text: string) => string) => {
    const key = secrets.join('\u0000');
    let r = redactors.get(key);
    if (!r) {
      if (redactors.size >= 64) redactors.clear();
      r = redactor([...secrets, ...o.session.secretValues]);
      redactors.set(key, r);
    }
    return r;
  };
  return async (item: RunItem, iteration: number): Promise<ItemOutcome> => {
    const engine = o.engine;
    if (!engine) {
      // A collection without scripts: nothing to run around the send, nothing to mask but the exchange.
      const sent = await o.session.send(item.request, item.folders);
      return { assertions: [], logs: [], exchange: sent.exchange, get masked() { return sent.masked; } };
    }
    const levels = scriptChain(o.collection, item.folders, item.request);
    const info = { iteration, iterationCount: o.iterationCount, requestName: item.request.name, requestId: item.path };
    const iterationData = o.iterationData?.(iteration);
    const common = { variables: stores, info, iterationData, sendRequest: o.session.sendPrepared, cookieJar: o.session.scriptJar };
    // Postman's semantics (its imports): a pre-request script that throws does not stop the
    // request, and a request that cannot be sent still runs its tests with an empty response.
    const postman = o.collection.semantics === 'postman';
    let request = item.request;
    let sent: SentExchange | undefined;
    // The masked exchange is read through: the session masks it when the runner reports it.
    const outcome: ItemOutcome = { assertions: [], logs: [], get masked() { return sent?.masked; } };

    if (levels.some((l) => l.scripts?.preRequest?.trim())) {
      const pre = await runPreRequestChain(engine, levels, Object.assign({}, common, { request: toScriptRequest(request) }));
      outcome.assertions?.push(...pre.assertions);
      outcome.logs?.push(...pre.logs.map((l) => `${l.level}: ${l.message}`));
      if (pre.nextRequest !== undefined) outcome.nextRequest = pre.nextRequest;
      if (pre.error && !postman) return finish(outcome, { error: pre.error.toJSON() }, [], mask);
      if (pre.error) outcome.error = pre.error.toJSON();
      if (pre.skip) return finish(outcome, { skipped: true }, [], mask);
      // Object.assign, not spread: a spread copy given a key the request lacked (description) gets a
      // hidden class of its own, and the send path's property reads go megamorphic (identity.ts).
      request = Object.assign({}, request, pre.request);
    }

    try {
      sent = await o.session.send(request, item.folders);
    } catch (e) {
      if (!postman || !levels.some((l) => l.scripts?.test?.trim())) throw e;
      outcome.error ??= toKeyholeError(e).toJSON();
    }
    outcome.exchange = sent?.exchange;

    if (levels.some((l) => l.scripts?.test?.trim())) {
      const cookies = sent && levels.some((l) => COOKIES_READ.test(l.scripts?.test ?? '')) ? o.session.scriptJar.list(sent.exchange.request.url) : undefined;
      const test = await runTestChain(engine, levels, Object.assign({}, common, { request: toScriptRequest(request), response: sent?.exchange, cookies }));
      outcome.assertions?.push(...test.assertions);
      outcome.logs?.push(...test.logs.map((l) => `${l.level}: ${l.message}`));
      if (test.nextRequest !== undefined) outcome.nextRequest = test.nextRequest;
      for (const e of test.errors) outcome.assertions?.push({ name: 'test script ran', passed: false, message: e.message });
    }
    return finish(outcome, {}, sent?.secrets ?? [], mask);
  };
}

// Scripts that read cookies (pm.cookies, responseCookies, postman.getResponseCookie) get the jar's for the request.
const COOKIES_READ = /ookie/;

/** The outcome (the executor's own object, so it is completed in place) with its script output and error masked. */
function finish(o: ItemOutcome, extra: Partial<ItemOutcome>, secrets: readonly string[], masker: (s: readonly string[]) => (t: string) => string): ItemOutcome {
  const out = Object.assign(o, extra);
  // Most requests have no script output and no error: nothing to mask, no redactor to build.
  if (!out.assertions?.length && !out.logs?.length && !out.error) return out;
  const mask = masker(secrets);
  if (out.assertions) {
    const masked: Assertion[] = [];
    for (const a of out.assertions) {
      const m = Object.assign({}, a);
      m.name = mask(a.name);
      if (a.message !== undefined) m.message = mask(a.message);
      masked.push(m);
    }
    out.assertions = masked;
  }
  if (out.logs) out.logs = out.logs.map(mask);
  if (out.error) out.error = Object.assign({}, out.error, { message: mask(out.error.message) });
  return out;
}
