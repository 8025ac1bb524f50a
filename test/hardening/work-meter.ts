import { Session } from 'node:inspector';
import v8 from 'node:v8';

/** The work one synchronous call did: counted, never timed, so a busy machine cannot change it. */
export interface Work {
  /** Executions of the blocks of Keyhole's own code (V8's precise block coverage counts each). */
  operations: number;
  /** Bytes allocated on the JS heap: what each garbage collection freed, plus what stayed. */
  bytes: number;
}

export interface WorkMeter {
  /** The least of `runs` measurements: operations are exact, and bytes can only be over-counted. */
  measure(run: () => unknown, runs?: number): Work;
  close(): void;
}

type Coverage = { result: { url: string; functions: { ranges: { count: number }[] }[] }[] };
type GcStats = { statistics: { beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[] };

const OWN_CODE = ['../../shared/', '../../electron/'].map((d) => new URL(d, import.meta.url).href);

/**
 * Counts the work of calls into Keyhole's code (shared/, electron/). Operations come from V8's
 * inspector: with precise coverage on, every block execution is counted, and taking the coverage
 * resets the counters, so the figure is that of the call alone. Bytes come from the GC profiler:
 * a major collection during the call may also free older garbage, which only adds.
 */
export function workMeter(): WorkMeter {
  const session = new Session();
  session.connect();
  // A session on the same thread answers synchronously, so the call sits alone between two posts.
  const post = <T>(method: string, params?: object): T => {
    let out: T | undefined;
    let failure: Error | null = null;
    session.post(method, params, (err, res) => { failure = err; out = res as T; });
    if (failure) throw failure;
    return out as T;
  };
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  const operations = (): number => {
    let n = 0;
    for (const script of post<Coverage>('Profiler.takePreciseCoverage').result) {
      if (!OWN_CODE.some((root) => script.url.startsWith(root))) continue;
      for (const f of script.functions) for (const r of f.ranges) n += r.count;
    }
    return n;
  };
  const once = (run: () => unknown): Work => {
    operations();
    const gc = new v8.GCProfiler();
    const before = v8.getHeapStatistics().used_heap_size;
    gc.start();
    try {
      run();
    } catch {
      // A KeyholeError is an answer like any other: its work is what is counted.
    }
    const after = v8.getHeapStatistics().used_heap_size;
    const stats = gc.stop() as unknown as GcStats;
    const ops = operations();
    let freed = 0;
    for (const s of stats.statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
    return { operations: ops, bytes: after - before + freed };
  };
  return {
    measure(run, runs = 3) {
      const all = Array.from({ length: runs }, () => once(run));
      return { operations: Math.min(...all.map((w) => w.operations)), bytes: Math.min(...all.map((w) => w.bytes)) };
    },
    close() {
      post('Profiler.stopPreciseCoverage');
      post('Profiler.disable');
      session.disconnect();
    },
  };
}
