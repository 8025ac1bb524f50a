import type { Collection } from '../../../shared/model';
import { scriptTexts } from '../runner';
import { createScriptEngine, type ScriptEngine, type ScriptEngineOptions } from '../scripts';

// chai is what nearly every test script loads (pm.expect, pm.response.to): evaluated while warming.
const COMMON_SCRIPT = 'pm.expect(1)';

/**
 * The one QuickJS script engine of a host process, shared by the tabs' sends and the Runner's
 * runs. Starting one (a worker thread, QuickJS, chai) takes seconds on a slow machine, far more
 * than a local request: paid per run or on the first send, it made a two-request run show after
 * ~4 s. Warmed in the background when the host starts, it is ready before the first Run or Send.
 * Executions are serialized by the engine, so a run's scripts and a tab's scripts take turns.
 */
export class SharedScriptEngine {
  private engine: Promise<ScriptEngine> | undefined;
  private closed = false;

  constructor(private readonly options: ScriptEngineOptions = {}) {}

  /** The engine, started now if it is not yet. */
  get(): Promise<ScriptEngine> {
    if (this.closed) return Promise.reject(new Error('the script engine was closed'));
    if (!this.engine) {
      const started = createScriptEngine(this.options);
      this.engine = started;
      // A failed start is retried by the next caller rather than remembered.
      started.catch(() => { if (this.engine === started) this.engine = undefined; });
    }
    return this.engine;
  }

  /** Starts the engine and evaluates the common libraries, without waiting; failures surface on first use. */
  warm(): void {
    void this.get().then((e) => e.ready([COMMON_SCRIPT])).catch(() => undefined);
  }

  /**
   * The engine for a run of this collection, ready with the libraries its scripts use; undefined
   * when the collection has no scripts (nothing to start, nothing to wait for).
   */
  async forRun(collection: Collection): Promise<ScriptEngine | undefined> {
    const scripts = scriptTexts(collection);
    if (scripts.length === 0) return undefined;
    const engine = await this.get();
    await engine.ready(scripts);
    return engine;
  }

  async close(): Promise<void> {
    this.closed = true;
    const e = this.engine;
    this.engine = undefined;
    await e?.then((x) => x.dispose(), () => undefined);
  }
}
