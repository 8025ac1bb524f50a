import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection, for a CLI command at the end of a phase that left a lot of garbage
 * behind (`keyhole run` after loading the collection: a YAML parse allocates ~100 times the size of
 * each file). Collected then, the run starts from a heap that holds what is live; left in place,
 * that garbage is collected piecemeal during the first requests and a 1,000-request run is ~15%
 * slower (bench/README.md). The CLI owns its process, so it may expose V8's gc() to itself; it
 * takes the flag back at once, as V8's code cache is only valid under the flags it was written with
 * (bin/code-cache.js writes it at exit).
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}

/**
 * How fast V8 grows the old generation. bin/v8-flags.js sets a fifth at a time for the whole
 * process (memory: see its comment). `keyhole run` lets V8 grow it at its own pace while it loads
 * the collection and builds the sandbox (loadingPhase): at a fifth at a time the load of a
 * 1,000-request folder ran several incremental collections of a heap that was still growing,
 * ~20 ms of its start-up, for the same peak memory.
 */
export function loadingPhase(): void {
  setFlagsFromString('--heap-growing-percent=0');
}

/**
 * Back to a fifth at a time, then the loading phase's garbage collected. In that order: the full
 * collection sets the heap's next limit from the growth in force, and set from V8's own growth a
 * 5,000-request run's heap filled with dead objects up to ~57 MB before V8 collected it again
 * (peak 120 MB against 97 MB; bench/README.md).
 */
export function runningPhase(): void {
  setFlagsFromString('--heap-growing-percent=20');
  collectGarbage();
}
