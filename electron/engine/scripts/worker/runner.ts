import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { Execution, type HostBridge } from '../execution';
import { quickJsModule, Sandbox, type SandboxLimits } from '../sandbox';
import type { ScriptLimits } from '../types';
import { librariesUsedBy, loadLibraries } from '../vendor-loader';
import { drive } from './drive';
import type { RunOutcome, RunRequest } from './protocol';

/**
 * The script worker's state: one QuickJS module, one runtime and context reused by every
 * execution (compiled scripts cached by source, libraries evaluated on first require). Executions
 * are serialized by the host (the context serves one script at a time).
 */
export class ScriptRunner {
  private sandbox: Sandbox | undefined;
  private pendingGuard: Promise<void> | undefined;
  private readonly sbLimits: SandboxLimits;

  private constructor(private module: QuickJSWASMModule, private readonly limits: Required<ScriptLimits>) {
    this.sbLimits = { memoryLimitBytes: limits.memoryLimitBytes, stackSizeBytes: limits.stackSizeBytes, outputLimitBytes: limits.outputLimitBytes };
    this.sandbox = Sandbox.create(module, this.sbLimits);
  }

  static async create(limits: Required<ScriptLimits>): Promise<ScriptRunner> {
    return new ScriptRunner(await quickJsModule(limits.memoryLimitBytes), limits);
  }

  // The guard that puts the built-ins back: it compares every built-in's keys and values after a
  // script that names a built-in, the global object's key count after any other (builtin-names.ts):
  // 10-200 microseconds of QuickJS. It runs two setImmediate hops after the outcome is posted: the
  // runner's next request is written from the first check phase after it (undici lets an idle
  // socket report a close first), so the guard runs while the server answers. The next execution
  // waits for it, so no script sees what the previous one left behind.
  private guardLater(sb: Sandbox, script: string): Promise<void> {
    return new Promise((resolve) => {
      setImmediate(() => setImmediate(() => {
        if (this.sandbox === sb) {
          const restored = sb.callWithin(this.limits.timeLimitMs, 'restore', sb.namesBuiltins(script) ? 1 : 0);
          if (!restored.ok || restored.value !== 'true') {
            this.sandbox = undefined;
            disposeQuietly(sb);
          }
        }
        resolve();
      }));
    });
  }

  async run(req: RunRequest, host: HostBridge): Promise<RunOutcome> {
    if (this.pendingGuard) await this.pendingGuard;
    this.pendingGuard = undefined;
    // The libraries this script names, read into this thread the first time one is named.
    const loading = loadLibraries(req.preload ? [...librariesUsedBy(req.script), ...req.preload] : librariesUsedBy(req.script));
    // Most executions need nothing new: no await, no microtask turn.
    if (loading) await loading;
    this.sandbox ??= Sandbox.create(this.module, this.sbLimits);
    const sb = this.sandbox;
    const exec = new Execution(host);
    const { cause, keep, crashed, request } = await drive(sb, exec, req.script, req.ctxJson, req.kind === 'prerequest', this.limits, req.preload);
    if (crashed) {
      // The module's memory may be inconsistent: abandon it whole rather than free into it.
      this.sandbox = undefined;
      this.module = await quickJsModule(this.limits.memoryLimitBytes);
    } else if (!keep) {
      this.sandbox = undefined;
      disposeQuietly(sb);
    } else {
      this.pendingGuard = this.guardLater(sb, req.script);
    }
    return { assertions: exec.assertions, logs: exec.logs, nextRequest: exec.nextRequest, skip: exec.skipped, request, cause };
  }
}

function disposeQuietly(sb: Sandbox): void {
  try {
    sb.dispose();
  } catch {
    // A runtime left mid-allocation by an out-of-memory error can refuse to free; it is dropped.
  }
}
