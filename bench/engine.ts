import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../electron/engine/demo';
import { median, runChild, type BenchFigure } from './measure';

const worker = fileURLToPath(new URL('./engine-worker.ts', import.meta.url));

/**
 * Issue 2's target: the engine within 1.3x of a bare undici loop's time per request, over a
 * 1,000-request collection against the local demo server. Each side runs 3 times, alternating,
 * in its own process; the medians are compared.
 */
export async function benchEngine(count = 1000, rounds = 3): Promise<BenchFigure[]> {
  const server = await startDemoServer();
  try {
    const bare: { ms: number; maxRssMb: number }[] = [];
    const kh: { ms: number; maxRssMb: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      bare.push(await runChild(worker, ['bare', server.url, String(count)]));
      kh.push(await runChild(worker, ['keyhole', server.url, String(count)]));
    }
    const bareMs = median(bare.map((r) => r.ms));
    const khMs = median(kh.map((r) => r.ms));
    const ratio = khMs / bareMs;
    return [
      { name: `bare undici loop, ${count} requests`, value: Math.round((count / bareMs) * 1000), unit: 'req/s' },
      { name: 'bare undici loop, peak memory', value: Math.round(median(bare.map((r) => r.maxRssMb))), unit: 'MB' },
      { name: `keyhole engine + runner, ${count} requests`, value: Math.round((count / khMs) * 1000), unit: 'req/s' },
      { name: 'keyhole engine + runner, peak memory', value: Math.round(median(kh.map((r) => r.maxRssMb))), unit: 'MB' },
      { name: 'keyhole time per request / bare loop', value: Number(ratio.toFixed(2)), unit: 'x', target: '<= 1.3', ok: ratio <= 1.3 },
    ];
  } finally {
    await server.close();
  }
}
