import type { QuickJSHandle } from 'quickjs-emscripten';
import type { Execution } from '../execution';
import type { FailureCause } from '../failure';
import { isFatal, type Sandbox, type SandboxError, type SandboxOutcome } from '../sandbox';
import type { ScriptLimits } from '../types';
import { librariesUsedBy } from '../vendor-loader';

/** Runs one script to completion: its body, then promise jobs and host events until nothing is pending. */
export async function drive(sb: Sandbox, exec: Execution, script: string, ctxJson: string, exportRequest: boolean, limits: Required<ScriptLimits>, preload: readonly string[] = []): Promise<{ cause?: FailureCause | undefined; keep: boolean; crashed: boolean; request?: string | undefined }> {
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
  const fail = (o: { ok: false; error: SandboxError; fatal: boolean; crashed?: boolean }): void => {
    fatal ||= o.fatal;
    crashed ||= o.crashed === true;
    if (o.error.message === 'out of memory') cause = { kind: 'memory-limit', limitBytes: limits.memoryLimitBytes };
    else if (o.error.message === 'interrupted' || cpuUsed >= limits.timeLimitMs) cause = { kind: 'time-limit', limitMs: limits.timeLimitMs };
    else cause = { kind: 'error', error: o.error };
  };

  sb.current = exec;
  // Libraries the script will use are evaluated before its clock starts (once per context), so a
  // first pm.expect on a busy machine does not spend the script's time limit on loading chai.
  for (const lib of new Set([...librariesUsedBy(script), ...preload])) sb.preload(lib);
  const compiled = sb.compile(script);
  let begun = false;
  // begin answers the first poll itself: a synchronous script with no promise job left is done.
  let done = false;
  if (!compiled.ok) fail(compiled);
  else {
    const fn: QuickJSHandle = compiled.value;
    const r = enter(() => sb.call('begin', fn, ctxJson));
    if (!r.ok) fail(r);
    else {
      begun = true;
      done = r.value === 'done' && !sb.hasPendingJobs();
    }
  }
  const wallDeadline = performance.now() + limits.asyncTimeoutMs;
  while (begun && !done && cause === undefined) {
    const jobs = enter(() => sb.runJobs());
    if (!jobs.ok) { fail(jobs); break; }
    const st = enter(() => sb.call('state'));
    if (!st.ok) { fail(st); break; }
    if (st.value === 'done') break;
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
  let gathered = false;
  if (keep && begun) {
    // Assertions, console lines, legacy tests[...] and the edited request, even after an error.
    const fin = sb.callWithin(limits.timeLimitMs, 'finish', exportRequest ? 1 : 0);
    keep = fin.ok;
    if (fin.ok) {
      gathered = true;
      const text = fin.value ?? '';
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        const unreadable = absorb(exec, text.slice(0, nl));
        cause ??= unreadable;
        request = text.slice(nl + 1) || undefined;
      }
    }
  }
  if (compiled.ok && !gathered && !crashed) {
    // Stopped by a limit: what the script had asserted and printed until then, if the context still answers.
    const d = sb.callWithin(limits.timeLimitMs, 'drain');
    if (d.ok && d.value) absorb(exec, d.value);
  }
  sb.current = undefined;
  return { cause, keep, crashed, request };
}

function absorb(exec: Execution, json: string): FailureCause | undefined {
  try {
    exec.absorb(json);
    return undefined;
  } catch (e) {
    return { kind: 'error', error: { name: 'Error', message: e instanceof Error ? e.message : String(e) } };
  }
}

