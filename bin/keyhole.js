#!/usr/bin/env node
// Runs the precompiled CLI in out/cli (`npm run build:cli`) when it was built from the sources as
// they are now, and the TypeScript sources through tsx otherwise: a fresh clone needs no build
// step, and an edit is never hidden behind an older build. KEYHOLE_FROM_SOURCE=1 always runs the
// sources; KEYHOLE_FROM_SOURCE=0 always runs the build (the runners bench, which has just built it).
// KEYHOLE_CLI_BUILD=DIR looks for the build in DIR instead of out/cli (test/cli builds its own).
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { V8_FLAGS } from './v8-flags.js';

for (const flag of V8_FLAGS) setFlagsFromString(flag);

const ROOT = new URL('..', import.meta.url);
const BUILD = process.env.KEYHOLE_CLI_BUILD ? pathToFileURL(`${resolve(process.env.KEYHOLE_CLI_BUILD)}/`) : new URL('out/cli/', ROOT);

/** The built entry's URL when build.json lists every source with its current mtime. */
function currentBuild(checkSources) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL('build.json', BUILD), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof stamp?.entry !== 'string' || typeof stamp.sources !== 'object' || stamp.sources === null) return undefined;
  if (checkSources) {
    for (const [file, mtime] of Object.entries(stamp.sources)) {
      const now = statSync(new URL(file, ROOT), { throwIfNoEntry: false });
      if (!now || now.mtimeMs !== mtime) return undefined;
    }
  }
  return new URL(stamp.entry, BUILD);
}

const mode = process.env.KEYHOLE_FROM_SOURCE;
const built = mode === '1' ? undefined : currentBuild(mode !== '0');
if (mode === '0' && !built) {
  process.stderr.write(`keyhole: KEYHOLE_FROM_SOURCE=0 but ${fileURLToPath(BUILD)} holds no build\n  hint: run npm run build:cli\n`);
  process.exit(2);
}
let main;
if (built?.pathname.endsWith('.cjs')) {
  const { requireBuilt } = await import('./code-cache.js');
  ({ main } = requireBuilt(fileURLToPath(BUILD), fileURLToPath(built)));
} else if (built) {
  // A build made before the chunks were CommonJS (its stamp names an ES module entry).
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
