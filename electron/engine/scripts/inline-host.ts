import type { HostSide } from './host-calls';
import type { ScriptLimits } from './types';
import type { RunOutcome, RunRequest } from './worker/protocol';
import { ScriptRunner } from './worker/runner';

/**
 * The script runner on the caller's own thread, for a batch caller (`keyhole run`) that has no
 * event loop worth keeping free: each execution skips two thread handoffs and the worker's copy of
 * Node (about a fifth of a scripted run's time, measured in bench/README.md). What it gives up: a
 * script that loops holds this thread until its time limit interrupts it. The limits themselves
 * (time, memory, output, stack) are QuickJS's and hold the same here as in the worker.
 */
export class InlineScripts {
  /** Never true: a crashed module is replaced inside the runner; kept for the engine's worker-shaped checks. */
  readonly dead = false;
  private execs = 0;

  private constructor(private readonly runner: ScriptRunner) {}

  static async start(limits: Required<ScriptLimits>): Promise<InlineScripts> {
    return new InlineScripts(await ScriptRunner.create(limits));
  }

  execute(req: Omit<RunRequest, 't' | 'exec'>, host: HostSide): Promise<RunOutcome> {
    return this.runner.run({ t: 'run', exec: ++this.execs, ...req }, host);
  }

  terminate(): void {
    // Nothing runs between executions but the deferred guard; the module goes with the process.
  }
}
