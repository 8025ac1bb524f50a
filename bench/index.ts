// `npm run bench`: every speed target of the project, each measured against a baseline in the
// same run (the machines are noisy; ratios are what compare). Prints a table; exit 1 if a target
// is missed, so a regression is visible.
import type { BenchFigure } from './measure';

type Bench = { name: string; run: () => Promise<BenchFigure[]> };

const benches: Bench[] = [
  { name: 'engine', run: async () => (await import('./engine')).benchEngine() },
  { name: 'explain', run: async () => (await import('./explain')).benchExplain() },
  { name: 'import', run: async () => (await import('./import')).benchImport() },
  { name: 'scripts', run: async () => (await import('./scripts')).benchScripts() },
  { name: 'runners', run: async () => (await import('./runners')).benchRunners() },
  { name: 'renderer', run: async () => (await import('./renderer')).benchRenderer() },
  { name: 'runner-view', run: async () => (await import('./runner-view')).benchRunnerView() },
  { name: 'streams', run: async () => (await import('./streams')).benchStreams() },
  { name: 'grpc', run: async () => (await import('./grpc')).benchGrpc() },
];

const only = process.argv.slice(2);
let missed = 0;
for (const b of benches) {
  if (only.length > 0 && !only.includes(b.name)) continue;
  process.stdout.write(`\n## ${b.name}\n`);
  try {
    for (const f of await b.run()) {
      const verdict = f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED';
      if (f.ok === false) missed++;
      process.stdout.write(`${f.name.padEnd(58)} ${String(f.value).padStart(10)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${verdict}\n`);
    }
  } catch (e) {
    missed++;
    process.stdout.write(`failed: ${(e as Error).message}\n`);
  }
}
process.exit(missed > 0 ? 1 : 0);
