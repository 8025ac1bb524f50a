import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The script worker bundled into plain JavaScript for a host that runs from the TypeScript sources
 * (`npm run web`, the benches, vitest). A worker thread does not inherit the parent's tsx loader:
 * started from the sources it registers its own and transforms every module again, ~2.6 s on the
 * 2-core machine this is built on, which the app's first scripted Send waited for. Built once with
 * esbuild (a dependency of tsx, so present wherever the sources run) into out/script-worker and
 * reused while no bundled source changed (the mtimes in current.json, as bin/keyhole.js checks the
 * CLI's build). Each build has a folder of its own, so a build never replaces files a running worker
 * may still import (its vendor libraries are chunks loaded on first use).
 */
// Worked out on first use: this module is also imported where import.meta.url is not a file URL
// (the renderer's tests under jsdom), which never start a worker.
const paths = (): { ROOT: string; OUT: string; POINTER: string } => {
  const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
  const OUT = join(ROOT, 'out', 'script-worker');
  return { ROOT, OUT, POINTER: join(OUT, 'current.json') };
};
const ENTRY = 'script-worker.js';
const ESBUILD: string = 'esbuild';
/** Earlier builds are removed once this old: a process started from one meanwhile keeps it for a day. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** How Keyhole bundles code for Node (this worker, and the CLI in scripts/build-cli.ts, which then makes each chunk CommonJS): ES modules in chunks, with a metafile of the sources. */
export const NODE_BUNDLE = { bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', chunkNames: 'chunks/[name]-[hash]', metafile: true } as const;

interface Pointer {
  dir: string;
  /** Each bundled source, relative to the repository, with its mtime when built. */
  sources: Record<string, number>;
}

let current: Promise<URL | undefined> | undefined;

/** The bundled worker's entry, built now if none is current; undefined when it cannot be built (the caller starts the sources). */
export function prebuiltWorker(): Promise<URL | undefined> {
  current ??= find().then((url) => url ?? build()).catch(() => undefined);
  const p = current;
  // A failure is not remembered: the next engine start tries again.
  void p.then((url) => { if (!url && current === p) current = undefined; });
  return p;
}

async function find(): Promise<URL | undefined> {
  const { ROOT, OUT, POINTER } = paths();
  let pointer: Pointer;
  try {
    pointer = JSON.parse(await readFile(POINTER, 'utf8')) as Pointer;
  } catch {
    return undefined;
  }
  const files = Object.entries(pointer.sources ?? {});
  if (typeof pointer.dir !== 'string' || files.length === 0) return undefined;
  const now = await Promise.all(files.map(([f]) => stat(join(ROOT, f)).then((s) => s.mtimeMs, () => -1)));
  if (files.some(([, mtime], i) => now[i] !== mtime)) return undefined;
  const entry = join(OUT, pointer.dir, ENTRY);
  return (await stat(entry).then(() => true, () => false)) ? pathToFileURL(entry) : undefined;
}

async function build(): Promise<URL | undefined> {
  const { ROOT, OUT, POINTER } = paths();
  // Named through a variable so that no bundler of built code (which never comes here) pulls esbuild in.
  const { build: esbuild } = (await import(ESBUILD)) as typeof import('esbuild');
  const started = Date.now();
  const staging = join(OUT, `.staging-${randomBytes(4).toString('hex')}`);
  try {
    const result = await esbuild({
      absWorkingDir: ROOT,
      entryPoints: [{ in: join(ROOT, 'electron/engine/scripts/worker/entry.ts'), out: 'script-worker' }],
      outdir: staging,
      ...NODE_BUNDLE,
      packages: 'external',
      logLevel: 'silent',
    });
    const sources: Record<string, number> = {};
    for (const input of Object.keys(result.metafile.inputs)) {
      const mtime = (await stat(join(ROOT, input))).mtimeMs;
      // Saved while esbuild read it: this build may hold its older text, so it is used once, never recorded.
      sources[input] = mtime >= started ? -1 : mtime;
    }
    const dir = createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 16);
    const final = join(OUT, dir);
    // Another process may have built the same sources meanwhile: its folder serves as well.
    await rename(staging, final).catch(async () => { await rm(staging, { recursive: true, force: true }); });
    const entry = join(final, ENTRY);
    if (!(await stat(entry).then(() => true, () => false))) return undefined;
    const tmp = `${POINTER}.${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, JSON.stringify({ dir, sources } satisfies Pointer));
    await rename(tmp, POINTER);
    void prune(OUT, POINTER, dir);
    return pathToFileURL(entry);
  } catch {
    await rm(staging, { recursive: true, force: true });
    return undefined;
  }
}

async function prune(OUT: string, POINTER: string, keep: string): Promise<void> {
  for (const name of await readdir(OUT).catch(() => [] as string[])) {
    if (name === keep || name === relative(OUT, POINTER)) continue;
    const path = join(OUT, name);
    const s = await stat(path).catch(() => undefined);
    if (s?.isDirectory() && Date.now() - s.mtimeMs > KEEP_MS) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}
