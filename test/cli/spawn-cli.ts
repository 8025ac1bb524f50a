import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { MODULES_FILE } from '../../scripts/build-cli';
import { fileURLToPath } from 'node:url';

export const ROOT = process.cwd();
export const BIN = join(ROOT, 'bin', 'keyhole.js');

/** Which CLI bin/keyhole.js is told to run: the build, the sources, or whichever it picks. */
export type From = 'built' | 'source' | 'auto';

export interface SpawnedRun {
  code: number | null;
  out: string;
  err: string;
  /** Every module URL the child resolved (through a module.register resolve hook), in order. */
  loaded: string[];
}

// A resolve hook that writes each URL it resolves: ESM imports of packages and of our own modules
// (bundled chunks or TypeScript sources) all pass through it, whichever loader runs the CLI.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.KEYHOLE_TEST_LOAD_LOG, result.url + '\\n');
  return result;
}
`;
// The resolve hook sees ESM imports only; CommonJS modules loaded with require (undici's parts,
// see electron/engine/http/undici-classes.ts) are added from the require cache at exit.
const REGISTER = `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
register('./hooks.mjs', import.meta.url);
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const files = Object.keys(cache).map((f) => pathToFileURL(f).href + '\\n').join('');
  if (files) appendFileSync(process.env.KEYHOLE_TEST_LOAD_LOG, files);
});
`;

let hookDir: string | undefined;
function registerHook(): string {
  if (!hookDir) {
    hookDir = mkdtempSync(join(tmpdir(), 'keyhole-load-hook-'));
    writeFileSync(join(hookDir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(hookDir, 'register.mjs'), REGISTER);
  }
  return join(hookDir, 'register.mjs');
}

export function removeHook(): void {
  if (hookDir) rmSync(hookDir, { recursive: true, force: true });
  hookDir = undefined;
}

/**
 * Runs `node bin/keyhole.js ...args` as a user would, with a fresh HOME and state folder (so two
 * runs start from the same cookie jars) and the resolve hook logging what it loads.
 */
export function spawnCli(args: string[], o: { from: From; build?: string | undefined; env?: Record<string, string> | undefined }): Promise<SpawnedRun> {
  const state = mkdtempSync(join(tmpdir(), 'keyhole-spawn-state-'));
  const log = join(state, 'loaded.txt');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', HOME: state, XDG_STATE_HOME: state, NO_COLOR: '1', KEYHOLE_TEST_LOAD_LOG: log,
    ...(o.build ? { KEYHOLE_CLI_BUILD: o.build } : {}),
    ...(o.from === 'built' ? { KEYHOLE_FROM_SOURCE: '0' } : o.from === 'source' ? { KEYHOLE_FROM_SOURCE: '1' } : {}),
    ...o.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', registerHook(), BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => {
      const loaded = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
      rmSync(state, { recursive: true, force: true });
      resolve({ code, out, err, loaded });
    });
  });
}

/**
 * Every module a run loaded: the files it resolved, and inside each chunk of a CLI build the
 * packages' modules it carries (listed in the build's modules.json, scripts/build-cli.ts).
 */
export function modulesLoaded(run: SpawnedRun): string[] {
  const out: string[] = [];
  for (const url of run.loaded) {
    out.push(url);
    if (!url.startsWith('file:') || url.includes('/node_modules/') || !/\/out\/[^?#]*\.c?js$/.test(url)) continue;
    const file = fileURLToPath(url);
    const build = [dirname(file), dirname(dirname(file))].find((d) => existsSync(join(d, MODULES_FILE)));
    if (!build) continue;
    const modules = (JSON.parse(readFileSync(join(build, MODULES_FILE), 'utf8')) as Record<string, string[]>)[relative(build, file)] ?? [];
    for (const m of modules) if (m.startsWith('node_modules/')) out.push(`bundled:/${m}`);
  }
  return out;
}

/** The packages a run loaded, by name (`@scope/name` or `name`), resolved or bundled. */
export function packagesLoaded(run: SpawnedRun): Set<string> {
  const names = new Set<string>();
  for (const url of modulesLoaded(run)) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

/** Durations vary from run to run; everything else a command prints must not. */
export function withoutTimings(text: string): string {
  return text.replace(/\d+(\.\d+)? ms\b/g, 'N ms');
}
