import type { QuickJSHandle } from 'quickjs-emscripten';
import type { KeyholeError } from '../../../shared/errors';
import { Execution } from './execution';
import { scriptFailure, type FailureCause } from './failure';
import { exchangeMeta, exchangeText, responseCookies } from './response-view';
import { isFatal, quickJsModule, Sandbox, type SandboxLimits, type SandboxOutcome } from './sandbox';
import type { PreRequestInput, PreRequestResult, ScriptEngine, ScriptLimits, ScriptRequest, TestInput, TestResult } from './types';
import { LIBRARY_NAMES, loadLibraries } from './vendor-loader';

export const DEFAULT_LIMITS: Required<ScriptLimits> = {
  memoryLimitBytes: 64 * 1024 * 1024,
  timeLimitMs: 5_000,
  asyncTimeoutMs: 30_000,
  outputLimitBytes: 64 * 1024,
  // QuickJS counts this on the WASM stack, but its frames also use Node's native stack: past about
  // 256 kB, deep recursion overflows Node's stack before QuickJS's own check fires.
  stackSizeBytes: 256 * 1024,
};

export interface ScriptEngineOptions extends ScriptLimits {
  /** Clock for dynamic variables ({{$timestamp}} in pm.variables.replaceIn). */
  now?: (() => Date) | undefined;
}

// Postman's legacy globals are built only for scripts that mention them (responseBody reads the body).
const LEGACY = /(^|[^.\w$])(responseBody|responseCode|responseHeaders|responseTime|environment|globals|request)\b/;

interface Outcome {
  assertions: TestResult['assertions'];
  logs: TestResult['logs'];
  nextRequest?: string | null | undefined;
  skip: boolean;
  request?: string | undefined;
  error?: KeyholeError | undefined;
}

/**
 * Creates the script engine for a run: one QuickJS runtime and context, reused by every
 * execution, compiled scripts cached by source, libraries evaluated on first require. Executions
 * are serialized (the context serves one script at a time).
 */
export async function createScriptEngine(opts: ScriptEngineOptions = {}): Promise<ScriptEngine> {
  const limits: Required<ScriptLimits> = { ...DEFAULT_LIMITS, ...definedOnly(opts) };
  const now = opts.now ?? (() => new Date());
  let [module] = await Promise.all([quickJsModule(limits.memoryLimitBytes), loadLibraries()]);
  const sbLimits: SandboxLimits = { memoryLimitBytes: limits.memoryLimitBytes, stackSizeBytes: limits.stackSizeBytes, outputLimitBytes: limits.outputLimitBytes };
  let sandbox: Sandbox | undefined = Sandbox.create(module, sbLimits);
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;
  let pendingGuard: Promise<void> | undefined;

  // The guard that puts the built-ins back after a script walks every built-in property: a few
  // hundred microseconds of QuickJS per execution. It runs when Node is next idle (typically
  // while the runner's next request is on the wire), and the next execution waits for it, so no
  // script ever sees what the previous one left behind.
  const guardLater = (sb: Sandbox): Promise<void> => new Promise((resolve) => {
    setImmediate(() => {
      if (!disposed && sandbox === sb) {
        sb.deadline = performance.now() + limits.timeLimitMs;
        const restored = sb.call('restore');
        sb.deadline = Number.POSITIVE_INFINITY;
        if (!restored.ok || restored.value !== 'true') {
          sandbox = undefined;
          disposeQuietly(sb);
        }
      }
      resolve();
    });
  });

  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = queue.then(f, f);
    queue = p.catch(() => undefined);
    return p;
  };

  const run = (kind: 'prerequest' | 'test', input: PreRequestInput | TestInput): Promise<Outcome> => serial(async () => {
    if (pendingGuard) await pendingGuard;
    pendingGuard = undefined;
    if (disposed) throw new Error('the script engine was disposed');
    sandbox ??= Sandbox.create(module, sbLimits);
    const sb = sandbox;
    const response = kind === 'test' ? (input as TestInput) : undefined;
    const exec = new Execution({
      variables: input.variables, iterationData: input.iterationData ?? {}, sendRequest: input.sendRequest, now,
      responseText: response ? () => response.responseText ?? exchangeText(response.response) : undefined,
    });
    const ctxJson = JSON.stringify({
      event: kind,
      info: { eventName: kind, ...input.info },
      data: input.iterationData ?? {},
      request: input.request,
      response: response ? exchangeMeta(response.response) : undefined,
      cookies: response && input.script.includes('cookies') ? response.cookies ?? responseCookies(response.response) : undefined,
      legacy: LEGACY.test(input.script),
    });
    const { cause, keep, crashed, request } = await drive(sb, exec, input.script, ctxJson, kind === 'prerequest', limits);
    if (crashed) {
      // The module's memory may be inconsistent: abandon it whole rather than free into it.
      sandbox = undefined;
      module = await quickJsModule(limits.memoryLimitBytes);
    } else if (!keep) {
      sandbox = undefined;
      disposeQuietly(sb);
    } else {
      pendingGuard = guardLater(sb);
    }
    return {
      assertions: exec.assertions, logs: exec.logs, nextRequest: exec.nextRequest, skip: exec.skipped, request,
      error: cause ? scriptFailure(input.scriptName, cause) : undefined,
    };
  });

  return {
    async runPreRequest(input: PreRequestInput): Promise<PreRequestResult> {
      const o = await run('prerequest', input);
      const request = o.request !== undefined && !o.error ? (JSON.parse(o.request) as ScriptRequest) : input.request;
      return { request, skip: o.skip, nextRequest: o.nextRequest, assertions: o.assertions, logs: o.logs, error: o.error };
    },
    async runTest(input: TestInput): Promise<TestResult> {
      const o = await run('test', input);
      return { nextRequest: o.nextRequest, assertions: o.assertions, logs: o.logs, error: o.error };
    },
    dispose(): void {
      disposed = true;
      if (sandbox) disposeQuietly(sandbox);
      sandbox = undefined;
    },
  };
}

/** Runs one script to completion: its body, then promise jobs and host events until nothing is pending. */
async function drive(sb: Sandbox, exec: Execution, script: string, ctxJson: string, exportRequest: boolean, limits: Required<ScriptLimits>): Promise<{ cause?: FailureCause | undefined; keep: boolean; crashed: boolean; request?: string | undefined }> {
  let cpuUsed = 0;
  let cause: FailureCause | undefined;
  let fatal = false;
  let crashed = false;
  const enter = <T>(f: () => SandboxOutcome<T>): SandboxOutcome<T> => {
    const start = performance.now();
    sb.deadline = start + limits.timeLimitMs - cpuUsed;
    try {
      return f();
    } finally {
      cpuUsed += performance.now() - start;
      sb.deadline = Number.POSITIVE_INFINITY;
    }
  };
  const fail = (o: { ok: false; error: import('./sandbox').SandboxError; fatal: boolean; crashed?: boolean }): void => {
    fatal ||= o.fatal;
    crashed ||= o.crashed === true;
    if (o.error.message === 'out of memory') cause = { kind: 'memory-limit', limitBytes: limits.memoryLimitBytes };
    else if (o.error.message === 'interrupted' || cpuUsed >= limits.timeLimitMs) cause = { kind: 'time-limit', limitMs: limits.timeLimitMs };
    else cause = { kind: 'error', error: o.error };
  };

  sb.current = exec;
  // Libraries the script will use are evaluated before its clock starts (once per context), so a
  // first pm.expect on a busy machine does not spend the script's time limit on loading chai.
  for (const lib of librariesUsedBy(script)) sb.call('preload', lib);
  const compiled = sb.compile(script);
  let begun = false;
  if (!compiled.ok) fail(compiled);
  else {
    const fn: QuickJSHandle = compiled.value;
    const r = enter(() => sb.call('begin', fn, ctxJson));
    if (!r.ok) fail(r);
    else begun = true;
  }
  const wallDeadline = performance.now() + limits.asyncTimeoutMs;
  while (begun && cause === undefined) {
    const jobs = enter(() => sb.runJobs());
    if (!jobs.ok) { fail(jobs); break; }
    const st = enter(() => sb.call('state'));
    if (!st.ok) { fail(st); break; }
    const state = JSON.parse(st.value ?? '{}') as { settled: boolean; pending: number; error?: { name?: string; message: string; stack?: string } };
    if (state.error) {
      const error = { name: state.error.name ?? 'Error', message: state.error.message, stack: state.error.stack };
      fail({ ok: false, error, fatal: isFatal(error) });
      break;
    }
    if (state.settled && state.pending === 0) break;
    if (!exec.busy) {
      cause = { kind: 'never-settles', what: state.settled ? 'an async pm.test or callback never finished' : 'the script awaits a promise that never settles' };
      break;
    }
    if (!(await exec.waitForEvent(wallDeadline - performance.now()))) {
      cause = { kind: 'async-timeout', limitMs: limits.asyncTimeoutMs };
      break;
    }
    for (const ev of exec.takeEvents()) {
      const r = enter(() => (ev.kind === 'timer' ? sb.call('fire', ev.id) : sb.call('deliver', ev.id, ev.error, ev.meta)));
      if (!r.ok) { fail(r); break; }
    }
  }
  exec.cancelAll();
  let request: string | undefined;
  let keep = !fatal;
  if (keep && begun) {
    // Legacy tests[...] and the edited request are collected even after an error, then the guard runs.
    sb.deadline = performance.now() + limits.timeLimitMs;
    const fin = sb.call('finish', exportRequest ? 1 : 0);
    if (fin.ok) request = fin.value;
    keep = fin.ok;
    sb.deadline = Number.POSITIVE_INFINITY;
  }
  sb.current = undefined;
  return { cause, keep, crashed, request };
}

const CHAI_USE = /\bexpect\b|\.to\b|\bchai\b/;
function librariesUsedBy(script: string): string[] {
  return LIBRARY_NAMES.filter((name) => (name === 'chai' && CHAI_USE.test(script)) || script.includes(`'${name}'`) || script.includes(`"${name}"`));
}

function disposeQuietly(sb: Sandbox): void {
  try {
    sb.dispose();
  } catch {
    // A runtime left mid-allocation by an out-of-memory error can refuse to free; it is dropped.
  }
}

function definedOnly(o: ScriptLimits): ScriptLimits {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ScriptLimits;
}
