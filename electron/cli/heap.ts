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
 * How fast V8 grows the old generation. bin/keyhole.js sets a fifth at a time for the whole process
 * (memory: see its comment). `keyhole run` lets V8 grow it at its own pace while it loads the
 * collection and builds the sandbox, then collects that phase's garbage (collectGarbage) and goes
 * back to a fifth for the requests: at a fifth at a time the load of a 1,000-request folder ran
 * several incremental collections of a heap that was still growing, ~20 ms of its start-up, for
 * the same peak memory.
 */
export function heapGrowth(phase: 'loading' | 'running'): void {
  setFlagsFromString(phase === 'loading' ? '--heap-growing-percent=0' : '--heap-growing-percent=20');
}
