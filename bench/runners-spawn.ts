// Runs one runner as a child process and measures it from outside: wall time from spawn to exit,
// and peak memory (maxRSS) reported by every Node process of the run through a preloaded probe,
// so CLIs we do not own (newman, bru) are measured the same way as ours.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  code: number | null;
  signal: string | null;
  wallMs: number;
  /** When the process was spawned, on this process's performance.now() clock. */
  startedAt: number;
  /** The largest maxRSS of the Node processes the run started (a CLI may spawn a child). */
  peakMb: number;
  processes: number;
  stdout: string;
  stderrTail: string;
}

const PROBE = `const fs = require('node:fs');
process.on('exit', () => {
  try { fs.appendFileSync(process.env.KEYHOLE_BENCH_RSS_FILE, JSON.stringify({ pid: process.pid, maxRssKb: process.resourceUsage().maxRSS }) + '\\n'); } catch {}
});
`;

let probeDir: string | undefined;
function probePath(): string {
  if (!probeDir) {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-bench-probe-'));
    probeDir = dir;
    writeFileSync(join(dir, 'probe.cjs'), PROBE);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return join(probeDir, 'probe.cjs');
}

let seq = 0;
export function measure(command: string, args: string[], o: { cwd: string; env?: Record<string, string> | undefined }): Promise<Measured> {
  const rssFile = join(tmpdir(), `keyhole-bench-rss-${process.pid}-${seq++}.jsonl`);
  writeFileSync(rssFile, '');
  const env = { ...process.env, ...o.env, KEYHOLE_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require=${probePath()}`.trim(), NO_COLOR: '1', FORCE_COLOR: '0' };
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Keep only the ends: a runner's console output over 5,000 requests is not ours to hold.
    child.stdout.on('data', (c: Buffer) => { stdout = (stdout + c.toString('utf8')).slice(-20_000); });
    child.stderr.on('data', (c: Buffer) => { stderr = (stderr + c.toString('utf8')).slice(-4_000); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      const lines = readFileSync(rssFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { maxRssKb: number });
      rmSync(rssFile, { force: true });
      resolve({
        code, signal, wallMs, startedAt: t0, stdout, stderrTail: stderr.slice(-1_500),
        peakMb: lines.length > 0 ? Math.max(...lines.map((l) => l.maxRssKb)) / 1024 : NaN, processes: lines.length,
      });
    });
  });
}
