import type { Worker } from 'node:worker_threads';
import { toKeyholeError, type KeyholeError } from '../../../shared/errors';
import { scriptFailure } from './failure';
import { HostSide } from './host-calls';
import { contextText } from './context';
import { exchangeText, responseCookies, responseHead, streamView } from './response-view';
import type { PreRequestInput, PreRequestResult, ScriptEngine, ScriptLimits, ScriptRequest, TestInput, TestResult, VariableStores } from './types';
import { InlineScripts } from './inline-host';
import { ScriptWorker } from './worker-host';
import { memoryStore } from './stores';
import { librariesUsedBy } from './vendor-loader';
import type { RunOutcome } from './worker/protocol';

export const DEFAULT_LIMITS: Required<ScriptLimits> = {
  memoryLimitBytes: 64 * 1024 * 1024,
  // A runaway script is stopped within a second. Real test scripts run in milliseconds;
  // library loading (chai, lodash...) happens before the clock starts, and time spent awaiting
  // pm.sendRequest or timers counts against asyncTimeoutMs, not this.
  timeLimitMs: 1_000,
  asyncTimeoutMs: 30_000,
  outputLimitBytes: 64 * 1024,
  // QuickJS counts this on the WASM stack, but its frames also use Node's native stack: past about
  // 256 kB, deep recursion overflows Node's stack before QuickJS's own check fires.
  stackSizeBytes: 256 * 1024,
};

export interface ScriptEngineOptions extends ScriptLimits {
  /** Clock for dynamic variables ({{$timestamp}} in pm.variables.replaceIn). */
  now?: (() => Date) | undefined;
  /** Called with each worker thread the engine starts (the first, and one after each that died): observability and tests. */
  onWorkerStart?: ((thread: Worker) => void) | undefined;
  /**
   * 'worker' (the default): scripts run on a worker thread, so a looping script never stalls the
   * caller's event loop (the app's IPC, the bridge). 'inline': on the caller's thread, for a batch
   * run that has nothing else to serve (inline-host.ts says what that trades).
   */
  thread?: 'worker' | 'inline' | undefined;
}

// Postman's legacy globals are built only for scripts that mention them (responseBody reads the body).
const LEGACY = /(^|[^.\w$])(responseBody|responseCode|responseHeaders|responseTime|responseCookies|environment|globals|request|postman)\b/;
// pm.cookies, responseCookies and postman.getResponseCookie read the jar's cookies for the request.
const COOKIES = /ookie/;
// pm.response.text()/json(), responseBody and pm.response.to.have.body all name the response.
const READS_BODY = /response/i;

/**
 * Creates the script engine for a run: one worker thread (or, with thread 'inline', the caller's
 * own thread: inline-host.ts) that owns a QuickJS runtime and context, reused by every execution
 * (compiled scripts cached by source, libraries evaluated on first require). Executions are
 * serialized (the context serves one script at a time). On the worker, the host thread only
 * answers the script's variable reads and sends, so a runaway script never stalls it. If the
 * worker dies, that execution fails with a script error and the next one starts a new worker.
 */
export async function createScriptEngine(opts: ScriptEngineOptions = {}): Promise<ScriptEngine> {
  const limits: Required<ScriptLimits> = { ...DEFAULT_LIMITS, ...definedOnly(opts) };
  const now = opts.now ?? (() => new Date());
  if (opts.thread !== 'inline') await ScriptWorker.prepare();
  const start = (): Promise<ScriptWorker | InlineScripts> => (opts.thread === 'inline' ? InlineScripts.start(limits) : ScriptWorker.start(limits, opts.onWorkerStart));
  // The worker boots (QuickJS, the libraries) on its own thread while the caller gets on with its
  // session and first request; the first execution waits for it.
  let worker = start();
  worker.catch(() => undefined);
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;

  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = queue.then(f, f);
    queue = p.catch(() => undefined);
    return p;
  };

  const run = (kind: 'prerequest' | 'test', input: PreRequestInput | TestInput, preload?: string[]): Promise<RunOutcome> => serial(async () => {
    if (disposed) throw new Error('the script engine was disposed');
    let w: ScriptWorker | InlineScripts;
    try {
      w = await worker;
      if (w.dead) w = await (worker = start());
    } catch (e) {
      // The next execution tries a new worker; this one fails with the reason.
      worker = start();
      worker.catch(() => undefined);
      return { assertions: [], logs: [], skip: false, cause: { kind: 'error', error: { name: 'InternalError', message: toKeyholeError(e).message } } };
    }
    const test = kind === 'test' ? (input as TestInput) : undefined;
    const exchange = test?.response;
    const host = new HostSide({
      variables: input.variables, iterationData: input.iterationData ?? {}, sendRequest: input.sendRequest, now, cookieJar: input.cookieJar,
      responseText: test ? () => test.responseText ?? (exchange ? exchangeText(exchange) : '') : undefined,
    });
    const info = input.info;
    const ctxJson = contextText({
      event: kind,
      info: { eventName: kind, iteration: info.iteration, iterationCount: info.iterationCount, requestName: info.requestName, requestId: info.requestId },
      data: input.iterationData ?? {},
      response: exchange ? responseHead(exchange) : undefined,
      stream: exchange ? streamView(exchange) : undefined,
      cookies: test && COOKIES.test(input.script) ? test.cookies ?? (exchange ? responseCookies(exchange) : []) : undefined,
      legacy: LEGACY.test(input.script),
    }, input.request, exchange);
    // A body already in memory travels with the execution, saving the script a round trip to ask for it.
    const text = test && exchange && READS_BODY.test(input.script) && (test.responseText !== undefined || exchange.response.body.storage === 'inline')
      ? test.responseText ?? exchangeText(exchange) : undefined;
    return w.execute({ kind, script: input.script, ctxJson, text, canSend: input.sendRequest !== undefined, dynInWorker: opts.now === undefined, preload }, host);
  });

  const failure = (scriptName: string, o: RunOutcome): KeyholeError | undefined => (o.cause ? scriptFailure(scriptName, o.cause) : undefined);

  return {
    async runPreRequest(input: PreRequestInput): Promise<PreRequestResult> {
      const o = await run('prerequest', input);
      const error = failure(input.scriptName, o);
      // What the script did to the request before it threw stays done, as in Postman (which still sends it).
      const request = o.request !== undefined ? (JSON.parse(o.request) as ScriptRequest) : input.request;
      return { request, skip: o.skip, nextRequest: o.nextRequest, assertions: o.assertions, logs: o.logs, error };
    },
    async runTest(input: TestInput): Promise<TestResult> {
      const o = await run('test', input);
      return { nextRequest: o.nextRequest, assertions: o.assertions, logs: o.logs, error: failure(input.scriptName, o) };
    },
    async ready(scripts: readonly string[]): Promise<void> {
      // An empty pre-request script that preloads the libraries: the same path every script takes.
      const libraries = [...new Set(scripts.flatMap(librariesUsedBy))];
      // A failure here (QuickJS could not start) is left to the scripts, which each report it; the
      // requests themselves still run.
      await run('prerequest', { script: '', scriptName: 'warm-up', request: WARM_UP_REQUEST, variables: emptyStores(), info: WARM_UP_INFO }, libraries);
    },
    dispose(): void {
      disposed = true;
      worker.then((w) => w.terminate(), () => undefined);
    },
  };
}

const WARM_UP_REQUEST = { method: 'GET', url: '', query: [], headers: [], body: { mode: 'none' } } as const satisfies ScriptRequest;
const WARM_UP_INFO = { iteration: 0, iterationCount: 1, requestName: 'warm-up', requestId: 'warm-up' };
const emptyStores = (): VariableStores => ({ globals: memoryStore(), collection: memoryStore(), environment: memoryStore(), runtime: memoryStore() });

/** The limits given, and nothing else: they travel to the worker, where functions (now) cannot. */
function definedOnly(o: ScriptLimits): ScriptLimits {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k in DEFAULT_LIMITS)) as ScriptLimits;
}
