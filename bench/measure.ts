import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One figure a benchmark reports; `target` says what it is judged against, in words. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: string | undefined;
  ok?: boolean | undefined;
}

export interface ChildResult {
  ms: number;
  maxRssMb: number;
  [k: string]: number;
}

/**
 * Runs a bench worker in its own Node process so its peak memory (maxRSS) is its own, not the
 * harness's or the servers'. The worker prints one JSON line with its figures last.
 */
export function runChild(script: string, args: string[]): Promise<ChildResult> {
  // A bundled worker (.js) runs on plain Node; TypeScript goes through tsx.
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const argv = /\.m?js$/.test(script) ? [script, ...args] : [tsx, script, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${out.slice(-500)}`));
      try {
        resolve(JSON.parse(last) as ChildResult);
      } catch {
        reject(new Error(`${script} printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

/** Called at the end of a worker: its figures plus its own peak memory. */
export function reportChild(figures: Record<string, number>): void {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...figures, maxRssMb })}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * A bench worker bundled to run on plain Node, as the engine ships (the app's and the CLI's builds),
 * not through tsx: tsx wraps every function to keep its name, and its undici request() path is
 * slower, costs no user pays. The bundle lives under out/ so packages resolve.
 */
export async function bundleWorker(name: string): Promise<{ file: string; dispose: () => void }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = join(root, 'out', `bench-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench', `${name}.ts`)], outdir: dir, bundle: true, platform: 'node', format: 'esm',
    target: 'node20', packages: 'external', logLevel: 'warning',
  });
  return { file: join(dir, `${name}.js`), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
