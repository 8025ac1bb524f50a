import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection, for a CLI command at the end of a phase that left a lot of garbage
 * behind (`keyhole run` after loading the collection: a YAML parse allocates ~100 times the size of
 * each file). Collected then, the run starts from a heap that holds what is live; left in place,
 * that garbage is collected piecemeal during the first requests and a 1,000-request run is ~15%
 * slower (bench/README.md). The CLI owns its process, so it may expose V8's gc() to itself.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
