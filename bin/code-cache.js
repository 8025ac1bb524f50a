// Loads the built CLI (out/cli, CommonJS) with V8's code cache, as Node 22's
// module.enableCompileCache() does and Node 20 cannot: a start deserializes the bytecode of the
// build's files instead of parsing and compiling ~2.3 MB of JavaScript (a 1,000-request
// `keyhole run` reaches its first request ~50-75 ms sooner; bench/README.md). Node compiles only
// a CommonJS module with cached data, which is why scripts/build-cli.ts turns the chunks into
// CommonJS.
//
// Two files per chunk, in code-cache/<Node version>-<arch>-<hash of V8_FLAGS>/:
// - NAME.build.bin, written by `npm run build:cli` (prepare, below): each file's top-level code.
// - NAME.bin, written when a process that loaded NAME exits, if there is none yet: the bytecode of
//   every function that process ran, so later starts compile nothing the command needs. The first
//   process to load a file decides what its NAME.bin holds (a usage error, little beyond the
//   build's); remove code-cache/ to start again.
// A start reads NAME.bin, else NAME.build.bin. V8 checks a file against the source's length, its
// own version and the V8 flags, and compiles from the source when it does not match. A chunk first
// compiled while `keyhole run` had changed a heap flag (electron/cli/heap.ts, while it loads the
// collection) keeps a NAME.bin that V8 refuses, and compiles as it would without a cache.
// Files are written whole under a temporary name and renamed, so a process reading one while
// another writes it sees the old file or the new one. A build folder that cannot be written (an
// installation owned by another user) runs without the cache; KEYHOLE_CODE_CACHE=0 turns it off.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { V8_FLAGS } from './v8-flags.js';

const cacheDirOf = (buildDir) =>
  join(buildDir, 'code-cache', `${process.version}-${process.arch}-${createHash('sha256').update(V8_FLAGS.join(' ')).digest('hex').slice(0, 8)}`);

const read = (file) => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};

/**
 * Requires `entry` (a CommonJS file of the build in `buildDir`) with the code cache and returns its
 * exports. The process has set V8_FLAGS.
 */
export function requireBuilt(buildDir, entry) {
  if (process.env.KEYHOLE_CODE_CACHE === '0') return createRequire(entry)(entry);
  const dir = buildDir.endsWith(sep) ? buildDir : buildDir + sep;
  const cacheDir = cacheDirOf(dir);
  /** Scripts with no NAME.bin yet, written at exit. */
  const fresh = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!filename.startsWith(dir)) return compile.call(this, content, filename);
    const name = basename(filename);
    const own = read(join(cacheDir, `${name}.bin`));
    const script = new Script(Module.wrap(content), { filename, cachedData: own ?? read(join(cacheDir, `${name}.build.bin`)) });
    if (!own) fresh.push({ file: join(cacheDir, `${name}.bin`), script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    // A run that ended inside a phase with other heap flags (electron/cli/heap.ts) would write
    // files valid under those flags only: they are written under the flags they are read with.
    for (const flag of V8_FLAGS) setFlagsFromString(flag);
    write(cacheDir, fresh);
  });
  return createRequire(entry)(entry);
}

function write(cacheDir, scripts) {
  if (scripts.length === 0) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
  } catch {
    return;
  }
  for (const { file, script } of scripts) {
    const temp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, file);
    } catch {
      rmSync(temp, { force: true });
    }
  }
}

/** Writes NAME.build.bin for every CommonJS file of the build in `buildDir` (its top-level code). */
export function prepare(buildDir) {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  const cacheDir = cacheDirOf(buildDir);
  const files = [buildDir, join(buildDir, 'chunks')].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.cjs')).map((f) => join(dir, f)));
  write(cacheDir, files.map((filename) => ({
    file: join(cacheDir, `${basename(filename)}.build.bin`),
    script: new Script(Module.wrap(readFileSync(filename, 'utf8')), { filename }),
  })));
}

// `node bin/code-cache.js BUILD_DIR`: scripts/build-cli.ts runs it in a process of its own, as the
// files must be written under V8_FLAGS and the build's process has flags of its own.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) prepare(resolve(process.argv[2] ?? '.'));
