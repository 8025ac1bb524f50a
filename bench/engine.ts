import { startDemoServer } from '../electron/engine/demo';
import { bundleWorker, median, runChild, type BenchFigure, type ChildResult } from './measure';


// Both sides run bundled on plain Node (bundleWorker): under tsx the bare loop alone pays ~80 us
// more per request (its undici request() path is slower there), which makes the ratio look better.

/**
 * The target: the engine within 1.3x of a bare undici loop's time per request, over a
 * 1,000-request collection against the local demo server. Each side runs in its own process,
 * alternating, `rounds` times; the figure is the median of the rounds' ratios.
 *
 * Two figures: "warm" times 1,000 requests after 1,000 untimed ones on each side, which is the
 * per-request cost the target is about; "cold" times the first 1,000 requests of a fresh process,
 * which also pays V8's tiering-up of every function on the path (more code on Keyhole's side) and
 * is reported beside it so start-up is not hidden.
 */
export async function benchEngine(count = 1000, rounds = 7): Promise<BenchFigure[]> {
  const [server, bundled] = await Promise.all([startDemoServer(), bundleWorker('engine-worker')]);
  const worker = bundled.file;
  try {
    const pair = async (warmup: number) => {
      const bare: ChildResult[] = [];
      const kh: ChildResult[] = [];
      for (let i = 0; i < rounds; i++) {
        bare.push(await runChild(worker, ['bare', server.url, String(count), String(warmup)]));
        kh.push(await runChild(worker, ['keyhole', server.url, String(count), String(warmup)]));
      }
      const bareMs = median(bare.map((r) => r.ms));
      const khMs = median(kh.map((r) => r.ms));
      // The ratio is the median of each round's own ratio: the two runs of a round are seconds
      // apart, while this machine's speed drifts by up to 1.7x over minutes (bench/README.md).
      const ratio = median(kh.map((r, i) => r.ms / (bare[i] as ChildResult).ms));
      return { bareMs, khMs, ratio, bareRss: median(bare.map((r) => r.maxRssMb)), khRss: median(kh.map((r) => r.maxRssMb)) };
    };
    const warm = await pair(count);
    const cold = await pair(20);
    const rate = (ms: number) => Math.round((count / ms) * 1000);
    return [
      { name: `bare undici loop, ${count} requests (warm)`, value: rate(warm.bareMs), unit: 'req/s' },
      { name: `keyhole engine + runner, ${count} requests (warm)`, value: rate(warm.khMs), unit: 'req/s' },
      { name: 'keyhole time per request / bare loop (warm)', value: Number(warm.ratio.toFixed(2)), unit: 'x', target: '<= 1.3', ok: warm.ratio <= 1.3 },
      { name: `bare undici loop, first ${count} requests (cold)`, value: rate(cold.bareMs), unit: 'req/s' },
      { name: `keyhole engine + runner, first ${count} requests (cold)`, value: rate(cold.khMs), unit: 'req/s' },
      { name: 'keyhole time per request / bare loop (cold, start-up included)', value: Number(cold.ratio.toFixed(2)), unit: 'x' },
      { name: 'bare undici loop, peak memory', value: Math.round(warm.bareRss), unit: 'MB' },
      { name: 'keyhole engine + runner, peak memory', value: Math.round(warm.khRss), unit: 'MB' },
    ];
  } finally {
    await server.close();
    bundled.dispose();
  }
}
