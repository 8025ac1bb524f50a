import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadCollection, saveCollection } from '../../electron/engine/workspace';
import { TEMP_SUFFIX } from '../../electron/engine/workspace/atomic-write';
import type { Collection, Item } from '../../shared/model';
import { versionOf } from '../engine/workspace/kill-versions';

/**
 * Guarantee 4's kill -9 loop, shared by the test (a few dozen kills) and `npm run fuzz` (hundreds):
 * a child saves two versions of a collection with large files over and over; the parent kills it
 * with SIGKILL, then loads the folder and checks every request is exactly the old or the new
 * version and nothing failed to parse. Every other kill lands at a random moment; the others land
 * inside a write for certain (the child stops halfway through its Nth file and says so), so the
 * dangerous moment is reached by construction, not by the machine's timing.
 */
export interface KillReport {
  iterations: number;
  /** Requests that were neither version, or files that did not load: must be 0. */
  torn: string[];
  /**
   * Kills that left an interrupted save's temp file behind, i.e. landed in the middle of a write:
   * at least every other kill, the ones made while the child stood still inside a write.
   */
  midWrite: number;
}

/** Temp files of interrupted atomic writes under `dir` (each name is unique: pid and random bytes). */
async function tempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => e.endsWith(TEMP_SUFFIX));
}

function requestsOf(c: Collection): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const visit = (items: Item[], prefix: string): void => {
    for (const [i, item] of items.entries()) {
      if (item.kind === 'folder') visit(item.items, `${prefix}${item.name}/`);
      // Without the id loading gives each item: both versions are compared as the model they came from.
      else out.set(`${prefix}${item.name}#${i}`, JSON.parse(JSON.stringify({ ...item, id: undefined })) as unknown);
    }
  };
  visit(c.items, '');
  return out;
}

export async function runKillLoop(iterations: number, onProgress?: (done: number) => void): Promise<KillReport> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-kill-'));
  const script = `${dir}-save-loop.mjs`;
  const torn: string[] = [];
  let midWrite = 0;
  const seenTemp = new Set<string>();
  try {
    const a = versionOf('a');
    const b = versionOf('b');
    const ra = requestsOf(a);
    const rb = requestsOf(b);
    await saveCollection(dir, a);
    // Bundled once to plain JS so each child starts fast (the loop spawns hundreds of them).
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(import.meta.dirname, '..', 'engine', 'workspace', 'save-loop.ts')], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'error',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    for (let i = 0; i < iterations; i++) {
      // The stalled kills walk through the save's files: collection.yaml, then each request file.
      const stall = i % 2 === 0 ? ['--stall-at', String(1 + ((i / 2) % 6))] : [];
      const child = spawn(process.execPath, [script, dir, ...stall], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`save loop exited early (${code})`)));
      });
      if (stall.length === 0) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 80)));
      child.kill('SIGKILL');
      await exited;
      const fresh = (await tempFiles(dir)).filter((t) => !seenTemp.has(t));
      if (fresh.length > 0) midWrite++;
      for (const t of fresh) seenTemp.add(t);
      const loaded = await loadCollection(dir, { settleMs: 0 });
      for (const p of loaded.problems) torn.push(`kill ${i + 1}: ${p.message}`);
      if (![a.description, b.description].includes(loaded.collection.description)) torn.push(`kill ${i + 1}: collection.yaml is neither version`);
      const got = requestsOf(loaded.collection);
      if (got.size !== ra.size) torn.push(`kill ${i + 1}: ${got.size} requests instead of ${ra.size}`);
      for (const [key, item] of got) {
        if (!isDeepStrictEqual(item, ra.get(key)) && !isDeepStrictEqual(item, rb.get(key))) torn.push(`kill ${i + 1}: request ${key} is neither version`);
      }
      onProgress?.(i + 1);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(script, { force: true });
  }
  return { iterations, torn, midWrite };
}
