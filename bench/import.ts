import { fileURLToPath } from 'node:url';
import { runChild, type BenchFigure } from './measure';

/** A 10,000-request Postman collection imports in under 3 s and under 400 MB. */
export async function benchImport(): Promise<BenchFigure[]> {
  const worker = fileURLToPath(new URL('./import-worker.ts', import.meta.url));
  const r = await runChild(worker, ['10000']);
  return [
    { name: 'import: 10,000-request Postman collection (parse + convert)', value: Math.round(r.ms), unit: 'ms', target: '< 3000 ms', ok: r.ms < 3000 },
    { name: 'import: peak memory of the importing process', value: Math.round(r.maxRssMb), unit: 'MB', target: '< 400 MB', ok: r.maxRssMb < 400 },
  ];
}
