// `npm run build:cli`: electron/cli bundled into plain JavaScript in out/cli, so `keyhole` starts
// without tsx (whose loader runs on a second thread in Node 20 and transforms every module on the
// way in). The packages are bundled too: a `keyhole run` otherwise resolved, read and compiled ~250
// files of node_modules one by one before its first request (undici, yaml, zod, commander...), a
// fifth of its start-up. quickjs-emscripten stays external, as it finds its .wasm beside itself; the
// sandbox's vendor libraries are modules the bundle carries as chunks. The chunks are CommonJS, so
// that bin/code-cache.js can compile them with V8's code cache. bin/keyhole.js runs the build only
// while build.json's source mtimes (and package-lock.json's, for the packages) still match.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform, type Plugin } from 'esbuild';
import { NODE_BUNDLE } from '../electron/engine/scripts/worker-bundle';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUTDIR = join(ROOT, 'out', 'cli');
/** What bin/keyhole.js reads to decide whether the build is current. */
export const STAMP_FILE = 'build.json';
export const ENTRY_FILE = 'main.cjs';
/** Which modules (sources and packages) each output file carries: CommonJS keeps no `// path` comments. */
export const MODULES_FILE = 'modules.json';
const LOCK_FILE = 'package-lock.json';
/** Loaded from node_modules as they are: quickjs-emscripten reads its .wasm from beside its own files. */
const EXTERNAL = ['quickjs-emscripten', 'quickjs-emscripten-core', '@jitl/*'];

/**
 * zod's index re-exports its 60-odd translated error maps as `z.locales`, and a namespace used as a
 * value cannot be tree-shaken: ~270 kB of source every run compiled and never used (its English
 * messages are set from locales/en.js, which stays). Keyhole never calls z.locales or z.config.
 */
const withoutZodLocales: Plugin = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) => (/[\\/]node_modules[\\/]zod[\\/]/.test(a.importer) ? { path: 'zod-locales', namespace: 'keyhole-empty' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'keyhole-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export interface CliStamp {
  /** The entry module, relative to the stamp: it exports `main(argv)`. */
  entry: string;
  /** Each bundled source file, relative to the repository root, with its mtime when built. */
  sources: Record<string, number>;
}

export interface BuiltCli {
  outdir: string;
  entry: string;
  sources: number;
  bytes: number;
}

/**
 * Bundles electron/cli/main.ts into `outdir` (out/cli by default; anywhere under the repository,
 * so bare package imports resolve to its node_modules). The new build replaces the old one whole,
 * so no chunk of an earlier build is left behind.
 */
export async function buildCli(o: { outdir?: string } = {}): Promise<BuiltCli> {
  const outdir = resolve(o.outdir ?? DEFAULT_OUTDIR);
  if (relative(ROOT, outdir).startsWith('..')) throw new Error(`The CLI build must live inside ${ROOT} to find node_modules, not in ${outdir}`);
  const staging = `${outdir}.staging-${randomBytes(4).toString('hex')}`;
  try {
    // A source saved while esbuild read it would be recorded with its new mtime but bundled in
    // its old form; building again until no source is newer than the build's start settles it.
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      rmSync(staging, { recursive: true, force: true });
      const result = await build({
        absWorkingDir: ROOT,
        // No script-worker entry: `keyhole run` runs scripts on its own thread (inline-host.ts).
        entryPoints: [{ in: join(ROOT, 'electron', 'cli', 'main.ts'), out: 'main' }],
        outdir: staging,
        ...NODE_BUNDLE,
        // ES modules in chunks, named .cjs: each becomes CommonJS below.
        outExtension: { '.js': '.cjs' },
        external: EXTERNAL,
        plugins: [withoutZodLocales],
        // No keepNames: it wraps every function the code creates in a call that defines its name,
        // closures made per request included (~10% of a scripted run's time). Error names do not
        // depend on it (KeyholeError sets its own; packages are not bundled), and the bundle
        // renames no class (test/cli/built-cli.test.ts checks).
        logLevel: 'warning',
      });
      await toCommonJs(Object.keys(result.metafile.outputs).map((f) => join(ROOT, f)));
      writeFileSync(join(staging, MODULES_FILE), `${JSON.stringify(modulesOf(result.metafile.outputs, staging), null, 1)}\n`);
      // V8's code cache of each file's top-level code, so the first start after a build compiles
      // less (bin/code-cache.js; a process of its own, as it sets the CLI's V8 flags).
      execFileSync(process.execPath, [join(ROOT, 'bin', 'code-cache.js'), staging], { stdio: 'inherit' });
      const sources: Record<string, number> = {};
      let raced = false;
      // The packages are recorded by the lock file npm rewrites when it changes them, not file by
      // file: bin/keyhole.js checks every recorded mtime at each start.
      const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/') && !f.includes(':'));
      if (existsSync(join(ROOT, LOCK_FILE))) inputs.push(LOCK_FILE);
      for (const input of inputs) {
        const mtime = statSync(join(ROOT, input)).mtimeMs;
        // Still racing after three builds: record a source saved mid-build as never matching, so
        // bin/keyhole.js runs the sources instead of a bundle that may hold its older text.
        raced ||= mtime >= started;
        sources[input] = mtime >= started ? -1 : mtime;
      }
      if (raced && attempt < 3) continue;
      const stamp: CliStamp = { entry: ENTRY_FILE, sources };
      writeFileSync(join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 1)}\n`);
      const bytes = Object.values(result.metafile.outputs).reduce((n, out) => n + out.bytes, 0);
      mkdirSync(dirname(outdir), { recursive: true });
      rmSync(outdir, { recursive: true, force: true });
      renameSync(staging, outdir);
      return { outdir, entry: join(outdir, ENTRY_FILE), sources: Object.keys(sources).length, bytes };
    }
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}

/** Each output file, relative to the build, with the modules bundled into it, relative to the repository. */
function modulesOf(outputs: Record<string, { inputs: Record<string, unknown> }>, staging: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [file, out] of Object.entries(outputs)) {
    if (file.endsWith('.cjs')) map[relative(staging, join(ROOT, file))] = Object.keys(out.inputs);
  }
  return map;
}

/**
 * Each chunk becomes CommonJS, as esbuild writes it for `format: 'cjs'`: Node 20 compiles a
 * CommonJS module with V8's cached data (bin/code-cache.js) but an ES module only from its source.
 * Imports between chunks become require() calls (dynamic ones too, so a chunk still loads only
 * when first needed); import.meta.url becomes the chunk's own file URL, as in the ES module.
 */
async function toCommonJs(files: string[]): Promise<void> {
  for (const file of files) {
    if (!file.endsWith('.cjs')) continue;
    const out = await transform(readFileSync(file, 'utf8'), {
      format: 'cjs', loader: 'js', platform: 'node', target: 'node20', sourcefile: file,
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': '__keyholeUrl' },
      banner: "var __keyholeUrl = require('node:url').pathToFileURL(__filename).href;",
    });
    writeFileSync(file, out.code);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const built = await buildCli({ outdir: process.argv[2] });
  process.stdout.write(`CLI built from ${built.sources} sources into ${relative(process.cwd(), built.outdir) || '.'} (${(built.bytes / 1024).toFixed(0)} kB)\n`);
}
