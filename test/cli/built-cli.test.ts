import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_FORMAT_NAMES, SNIPPET_LANGUAGE_NAMES } from '../../electron/cli/declarations';
import { startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { SNIPPET_TARGETS } from '../../electron/engine/exporters';
import { IMPORT_FORMATS } from '../../electron/engine/importers';
import { buildCli, ENTRY_FILE, STAMP_FILE, type CliStamp } from '../../scripts/build-cli';
import { EXAMPLE, EXAMPLE_SECRETS } from './harness';
import { modulesLoaded, packagesLoaded, removeHook, ROOT, spawnCli, withoutTimings, type SpawnedRun } from './spawn-cli';

// What `keyhole --help` must not pay for: the importers, exporters, sandbox and HTTP stack.
const HEAVY = ['quickjs-emscripten', '@readme/openapi-parser', 'httpsnippet', 'undici', 'jose', 'oauth4webapi', 'yaml', 'tough-cookie', 'zod'];

let demo: DemoServer;
let build: string;
const scratch: string[] = [];

/** A build the test owns, under out/ (bare imports resolve to the repository's node_modules from there). */
function scratchDir(label: string): string {
  const dir = join(ROOT, 'out', `cli-test-${label}-${process.pid}-${randomBytes(3).toString('hex')}`);
  scratch.push(dir);
  return dir;
}

const entryOf = (dir: string): string => pathToFileURL(join(dir, ENTRY_FILE)).href;
const SOURCE_ENTRY = pathToFileURL(join(ROOT, 'electron', 'cli', 'main.ts')).href;

beforeAll(async () => {
  demo = await startDemoServer();
  build = (await buildCli({ outdir: scratchDir('built') })).outdir;
});

afterAll(async () => {
  await demo.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  removeHook();
});

async function both(args: string[]): Promise<{ built: SpawnedRun; source: SpawnedRun }> {
  const built = await spawnCli(args, { from: 'built', build });
  const source = await spawnCli(args, { from: 'source', build });
  expect(built.loaded, 'the built run loads the bundle').toContain(entryOf(build));
  expect(built.loaded, 'the built run never loads the TypeScript sources').not.toContain(SOURCE_ENTRY);
  expect(source.loaded, 'the source run loads the TypeScript sources').toContain(SOURCE_ENTRY);
  return { built, source };
}

function expectSameOutput({ built, source }: { built: SpawnedRun; source: SpawnedRun }): void {
  expect(built.code).toBe(source.code);
  expect(withoutTimings(built.out)).toBe(withoutTimings(source.out));
  expect(withoutTimings(built.err)).toBe(withoutTimings(source.err));
}

describe('the built CLI (npm run build:cli) and the sources behave alike', () => {
  it('keyhole run on the demo workspace: same report, same exit status', async () => {
    const runs = await both(['run', EXAMPLE, '-e', 'staging', '--var', `baseUrl=${demo.url}`, '--secrets', EXAMPLE_SECRETS]);
    expectSameOutput(runs);
    expect(runs.built.code, runs.built.out + runs.built.err).toBe(0);
    expect(runs.built.out).toContain('11 requests, 0 failed');
    expect(runs.built.out).toContain('[token-expired');
    // The HTTP stack takes undici's dispatcher modules, never its index (fetch, WebSocket, cache...).
    for (const run of [runs.built, runs.source]) {
      const modules = modulesLoaded(run);
      expect(modules.some((u) => u.endsWith('/node_modules/undici/lib/dispatcher/agent.js'))).toBe(true);
      expect(modules.filter((u) => u.endsWith('/node_modules/undici/index.js'))).toEqual([]);
    }
  }, 120_000);

  it('keyhole send of a stored request and of a URL with curl flags: same output', async () => {
    // Staging's Admin profile is Basic: production's OAuth token differs on every run.
    const stored = await both(['send', 'Admin report', '-c', EXAMPLE, '-e', 'staging', '--var', `baseUrl=${demo.url}`, '--secrets', EXAMPLE_SECRETS]);
    expectSameOutput(stored);
    expect(stored.built.code).toBe(0);
    expect(stored.built.out).toMatch(/^HTTP\/1\.1 200/);

    const adhoc = await both(['send', `${demo.url}/digest/protected`, '--digest', '-u', 'demo:demo-password']);
    expectSameOutput(adhoc);
    expect(adhoc.built.code).toBe(0);
    // OAuth 2.0 and JWT auth load on first use (auth/lazy.ts): a Digest request needs neither.
    for (const run of [adhoc.built, adhoc.source]) {
      const packages = packagesLoaded(run);
      expect(packages).toContain('undici');
      expect(packages).not.toContain('oauth4webapi');
      expect(packages).not.toContain('jose');
      // The WebSocket client loads on the first WebSocket request (session.ts).
      expect(packages).not.toContain('ws');
      expect(packages).not.toContain('https-proxy-agent');
    }
  }, 120_000);

  it('a usage error: same message and exit 2 from both', async () => {
    const runs = await both(['run', EXAMPLE, '-r', 'nope']);
    expectSameOutput(runs);
    expect(runs.built.code).toBe(2);
    expect(runs.built.err).toContain('Unknown reporter nope');
  }, 60_000);
});

describe("V8's code cache beside the build (bin/code-cache.js)", () => {
  type Seen = Map<string, { verdict: 'accepted' | 'rejected'; bytes: number }>;
  // Told by a preload that watches vm.Script: each file compiled with cached data, how many bytes,
  // and whether V8 took them. NODE_OPTIONS reaches the CLI's process as a user's would.
  function observer(): { env: Record<string, string>; seen: () => Seen } {
    const dir = scratchDir('observer');
    mkdirSync(dir, { recursive: true });
    const log = join(dir, 'cache.log');
    writeFileSync(join(dir, 'observe.cjs'), `const vm = require('node:vm');
const { appendFileSync } = require('node:fs');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, o) {
    super(code, o);
    if (o && o.cachedData) appendFileSync(${JSON.stringify(log)}, [o.filename, this.cachedDataRejected ? 'rejected' : 'accepted', o.cachedData.length].join(' ') + '\\n');
  }
};
require('node:module').syncBuiltinESMExports();
`);
    return {
      env: { NODE_OPTIONS: `--require ${join(dir, 'observe.cjs')}` },
      seen: () => {
        const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
        rmSync(log, { force: true });
        return new Map(lines.map((l) => l.split(' ')).map(([f, verdict, bytes]) => [basename(f as string), { verdict: verdict as 'accepted' | 'rejected', bytes: Number(bytes) }]));
      },
    };
  }
  const cacheDir = (dir: string): string => {
    const [only] = readdirSync(join(dir, 'code-cache'));
    if (!only) throw new Error(`no cache folder in ${dir}`);
    return join(dir, 'code-cache', only);
  };
  const cacheFiles = (dir: string): string[] => (existsSync(join(dir, 'code-cache')) ? readdirSync(cacheDir(dir)) : []);
  /** A copy of the build as `npm run build:cli` leaves it: no run has written its cache yet. */
  function freshCopy(): string {
    const dir = scratchDir('cache');
    cpSync(build, dir, { recursive: true });
    for (const f of cacheFiles(dir)) if (!f.endsWith('.build.bin')) rmSync(join(cacheDir(dir), f));
    return dir;
  }
  const args = (): string[] => ['run', EXAMPLE, '-e', 'staging', '--var', `baseUrl=${demo.url}`, '--secrets', EXAMPLE_SECRETS];
  // The sandbox's chai chunk is first compiled while the run loads the collection, under other heap
  // flags (electron/cli/heap.ts): V8 refuses its cache, and it compiles from the source.
  const refused = (seen: Seen): string[] => [...seen].filter(([f, s]) => s.verdict === 'rejected' && !f.startsWith('chai-')).map(([f]) => f);

  it('the build caches every file; a run reads it and writes the cache of what it ran, which the next run reads', async () => {
    const dir = freshCopy();
    const files = [ENTRY_FILE, ...readdirSync(join(dir, 'chunks'))];
    expect(cacheFiles(dir).sort()).toEqual(files.map((f) => `${f}.build.bin`).sort());

    const watch = observer();
    const first = await spawnCli(args(), { from: 'built', build: dir, env: watch.env });
    expect(first.code, first.err).toBe(0);
    const loaded = [...new Set(first.loaded.filter((u) => u.startsWith(pathToFileURL(dir).href)).map((u) => basename(fileURLToPath(u))))].sort();
    expect(loaded).toContain(ENTRY_FILE);
    const fromBuild = watch.seen();
    expect([...fromBuild.keys()].sort()).toEqual(loaded);
    expect(refused(fromBuild)).toEqual([]);
    for (const f of loaded) expect(fromBuild.get(f)?.bytes).toBe(statSync(join(cacheDir(dir), `${f}.build.bin`)).size);
    expect(cacheFiles(dir).filter((f) => !f.endsWith('.build.bin')).sort()).toEqual(loaded.map((f) => `${f}.bin`));

    const second = await spawnCli(args(), { from: 'built', build: dir, env: watch.env });
    expect(withoutTimings(second.out)).toBe(withoutTimings(first.out));
    const fromRun = watch.seen();
    expect([...fromRun.keys()].sort()).toEqual(loaded);
    expect(refused(fromRun)).toEqual([]);
    // What the first run wrote, not the build's: it holds the functions the command ran as well.
    for (const f of loaded) expect(fromRun.get(f)?.bytes).toBe(statSync(join(cacheDir(dir), `${f}.bin`)).size);
    expect(fromRun.get(ENTRY_FILE)?.bytes).toBeGreaterThan(fromBuild.get(ENTRY_FILE)?.bytes ?? Infinity);
  }, 60_000);

  it('a damaged cache is refused by V8 and the command runs as without it; KEYHOLE_CODE_CACHE=0 reads and writes none', async () => {
    const dir = freshCopy();
    await spawnCli(['--help'], { from: 'built', build: dir });
    const files = cacheFiles(dir);
    expect(files).toContain(`${ENTRY_FILE}.bin`);
    for (const f of files) writeFileSync(join(cacheDir(dir), f), randomBytes(4096));
    const watch = observer();
    const damaged = await spawnCli(['--help'], { from: 'built', build: dir, env: watch.env });
    expect(damaged.code).toBe(0);
    expect(damaged.out).toContain('Usage: keyhole');
    const seen = watch.seen();
    expect(seen.size).toBeGreaterThan(0);
    expect([...seen.values()].every((s) => s.verdict === 'rejected')).toBe(true);

    const off = freshCopy();
    const before = cacheFiles(off);
    const run = await spawnCli(['--help'], { from: 'built', build: off, env: { KEYHOLE_CODE_CACHE: '0', ...watch.env } });
    expect(run.out).toBe(damaged.out);
    expect(watch.seen().size).toBe(0);
    expect(cacheFiles(off)).toEqual(before);
  }, 60_000);
});

describe('start-up loads only what the command uses', () => {
  it('keyhole --help, built and from the sources, loads commander and none of the engine', async () => {
    for (const from of ['built', 'source'] as const) {
      const run = await spawnCli(['--help'], { from, build });
      expect(run.code).toBe(0);
      expect(run.out).toContain('Usage: keyhole');
      for (const command of ['send', 'run', 'demo-server', 'explain', 'jwt', 'import', 'export']) expect(run.out).toContain(`  ${command} `);
      const packages = packagesLoaded(run);
      expect(packages, from).toContain('commander');
      for (const heavy of HEAVY) expect(packages, `${from} --help loaded ${heavy}`).not.toContain(heavy);
    }
  }, 60_000);

  it('keyhole jwt decodes without the importers, exporters, sandbox or HTTP client loaded', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlMTIz';
    const run = await spawnCli(['jwt', token], { from: 'built', build });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('sub: "ada"');
    const packages = packagesLoaded(run);
    expect(packages, 'the hook sees what the bundle imports').toContain('commander');
    // Decoding needs no key: jose loads only to check a signature (shared/inspector/jwt/verify.ts).
    for (const heavy of ['quickjs-emscripten', '@readme/openapi-parser', 'httpsnippet', 'jose']) expect(packages).not.toContain(heavy);
  }, 60_000);

  it('the help text lists the same import formats and snippet languages as the engine accepts', () => {
    expect([...IMPORT_FORMAT_NAMES]).toEqual([...IMPORT_FORMATS]);
    expect([...SNIPPET_LANGUAGE_NAMES].sort()).toEqual(Object.keys(SNIPPET_TARGETS).sort());
  });
});

describe('bin/keyhole.js picks the build only while it is current', () => {
  /** A copy of the build whose stamp says one source had another mtime when it was built. */
  function staleCopy(): string {
    const dir = scratchDir('stale');
    cpSync(build, dir, { recursive: true });
    const stamp = JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8')) as CliStamp;
    const [first] = Object.keys(stamp.sources);
    if (!first) throw new Error('the build stamp lists no sources');
    stamp.sources[first] = statSync(join(ROOT, first)).mtimeMs - 1000;
    writeFileSync(join(dir, STAMP_FILE), JSON.stringify(stamp));
    return dir;
  }

  it('records every bundled source of the repository, with its mtime', () => {
    const stamp = JSON.parse(readFileSync(join(build, STAMP_FILE), 'utf8')) as CliStamp;
    expect(stamp.entry).toBe(ENTRY_FILE);
    expect(Object.keys(stamp.sources)).toContain('electron/cli/main.ts');
    expect(Object.keys(stamp.sources)).toContain('electron/cli/commands/run.ts');
    expect(Object.keys(stamp.sources).some((f) => f.includes('node_modules'))).toBe(false);
    expect(relative(ROOT, fileURLToPath(entryOf(build)))).toMatch(/^out\//);
  });

  it('keeps every class name of the bundled sources, without keepNames wrappers', () => {
    // Error names and anything that reads a class's name rely on esbuild not renaming it apart.
    const stamp = JSON.parse(readFileSync(join(build, STAMP_FILE), 'utf8')) as CliStamp;
    const classes = Object.keys(stamp.sources).flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/^\s*(?:export\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1] as string));
    expect(classes).toContain('KeyholeError');
    const bundled = readdirSync(join(build, 'chunks')).map((f) => readFileSync(join(build, 'chunks', f), 'utf8')).join('\n') + readFileSync(join(build, ENTRY_FILE), 'utf8');
    // esbuild writes `class X` or `var X = class` (the name inferred from the binding); a renamed one would be X2.
    // A class tree-shaken away does not appear at all; a renamed one still does, as part of X2.
    const missing = classes.filter((name) => bundled.includes(name) && !new RegExp(`(?:class ${name}|\\b${name} = class)(?![\\w$])`).test(bundled));
    expect(missing).toEqual([]);
    expect(bundled.includes('__name(')).toBe(false);
  });

  it('runs a current build, and the sources when a source changed since the build', async () => {
    // Another process may save a source between the build and the spawn: build again until current.
    let current = await spawnCli(['--help'], { from: 'auto', build });
    for (let i = 0; i < 3 && !current.loaded.includes(entryOf(build)); i++) {
      await buildCli({ outdir: build });
      current = await spawnCli(['--help'], { from: 'auto', build });
    }
    expect(current.loaded).toContain(entryOf(build));
    expect(current.loaded).not.toContain(SOURCE_ENTRY);

    const stale = staleCopy();
    const fallback = await spawnCli(['--help'], { from: 'auto', build: stale });
    expect(fallback.code).toBe(0);
    expect(fallback.loaded).toContain(SOURCE_ENTRY);
    expect(fallback.loaded).not.toContain(entryOf(stale));
    expect(fallback.out).toBe(current.out);
  }, 60_000);

  it('still runs a build made before the chunks were CommonJS (an ES module entry)', async () => {
    const dir = scratchDir('esm');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, STAMP_FILE), JSON.stringify({ entry: 'main.js', sources: {} }));
    writeFileSync(join(dir, 'main.js'), "export async function main(argv) { process.stdout.write(`ES module build: ${argv.join(' ')}\\n`); return 3; }\n");
    const run = await spawnCli(['--help'], { from: 'built', build: dir });
    expect(run.out).toBe('ES module build: --help\n');
    expect(run.code).toBe(3);
  });

  it('KEYHOLE_FROM_SOURCE=1 runs the sources even beside a current build; =0 with no build exits 2 with a hint', async () => {
    const source = await spawnCli(['--help'], { from: 'source', build });
    expect(source.loaded).toContain(SOURCE_ENTRY);
    expect(source.loaded).not.toContain(entryOf(build));

    const missing = await spawnCli(['--help'], { from: 'built', build: scratchDir('missing') });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('holds no build');
    expect(missing.err).toContain('npm run build:cli');
  }, 60_000);
});
