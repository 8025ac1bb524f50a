import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import type { Collection, Environment, Globals } from '../../shared/model';
import type { ImportResult } from '../engine/importers';
import { loadCollection } from '../engine/workspace';

/** What `keyhole run` runs: a collection folder, or a file imported in memory (nothing is written). */
export interface RunSource {
  collection: Collection;
  /** Set for a Keyhole folder: its environments, cookie state and relative file paths live there. */
  collectionDir?: string | undefined;
  /** A file's format; Postman files run with newman's rules (no implicit status check). */
  format: 'folder' | 'postman' | 'insomnia' | 'keyhole-archive';
  /** Environments a file brought with it (Insomnia, archive; a Postman collection's auth bindings). */
  environments: Environment[];
  warnings: string[];
}

const RUNNABLE = ['postman', 'insomnia', 'keyhole-archive'] as const;

const kindOf = (path: string): 'dir' | 'file' | undefined => {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
};

export async function loadRunSource(cwd: string, target: string): Promise<RunSource> {
  const path = resolve(cwd, target);
  const kind = kindOf(path);
  if (kind === undefined) {
    throw new KeyholeError('file-not-found', `${path} does not exist`, { hint: 'Give a collection folder, or a Postman collection, Insomnia export or Keyhole archive file.' });
  }
  if (kind === 'dir') {
    const { collection, problems } = await loadCollection(path);
    return { collection, collectionDir: path, format: 'folder', environments: [], warnings: problems.map((p) => p.message) };
  }
  // Loaded for files only: a folder run never pays for the importers (OpenAPI's parser among them).
  const { importFile } = await import('../engine/importers');
  const imported = await importFile(path);
  const format = imported.report.format;
  if (!imported.collection || !(RUNNABLE as readonly string[]).includes(format)) {
    throw new KeyholeError('usage', `${path} is a ${format} file, not a collection keyhole run can run`, {
      hint: format === 'postman-environment' ? 'Give it with -e (an environment) or -g (globals), and the collection as the first argument.'
        : 'keyhole run takes a Postman collection, an Insomnia export or a Keyhole archive; `keyhole import` turns other formats into a collection folder.',
    });
  }
  // What the run will miss (an auth scheme, a body, a setting). Script notes only guess at what the
  // sandbox may not run, and saved examples are never sent: the run itself shows both.
  const warnings = imported.report.notCarried.filter((n) => n.kind !== 'script' && n.kind !== 'other')
    .map((n) => `not carried: ${n.item ? `${n.item}: ` : ''}${n.message} (${n.place})`);
  return { collection: imported.collection, format: format as RunSource['format'], environments: imported.environments, warnings };
}

/**
 * `-e`: an existing file is a Postman environment (its variables, with a Postman collection's
 * collection- and folder-level auth bound as the import binds it); otherwise it names an
 * environment of the folder (passed on by name) or of the file (case-insensitively). With no `-e`,
 * a Postman collection still gets the bindings of its own auth.
 */
export async function chooseEnvironment(cwd: string, source: RunSource, wanted: string | undefined): Promise<string | Environment | undefined> {
  const bindings = source.format === 'postman' ? source.environments.find((e) => e.name === 'Default') : undefined;
  if (wanted === undefined) return bindings;
  const path = resolve(cwd, wanted);
  if (kindOf(path) === 'file') {
    const env = (await importVariables(path, '-e')).environment;
    return { ...env, profiles: { ...bindings?.profiles, ...env.profiles } };
  }
  if (source.collectionDir) return wanted;
  const hit = source.environments.find((e) => e.name === wanted) ?? source.environments.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
  if (hit) return hit;
  const known = source.environments.map((e) => e.name);
  throw new KeyholeError(/[/\\]|\.json$/i.test(wanted) ? 'file-not-found' : 'environment-unknown', `No environment file or environment named "${wanted}"`, {
    hint: known.length > 0 ? `The collection file holds: ${known.join(', ')}.` : 'Give a Postman environment file with -e.',
  });
}

/** `-g FILE`: a Postman globals export (or an environment file, whose variables become globals). */
export async function loadGlobals(cwd: string, file: string): Promise<Globals> {
  const { globals, environment } = await importVariables(resolve(cwd, file), '-g');
  return globals ?? { variables: environment.variables };
}

async function importVariables(path: string, flag: string): Promise<{ environment: Environment; globals?: Globals | undefined }> {
  let imported: ImportResult;
  try {
    const { importFile } = await import('../engine/importers');
    imported = await importFile(path, { format: 'postman' });
  } catch (e) {
    const ke = e instanceof KeyholeError ? e : undefined;
    throw new KeyholeError(ke?.code === 'file-not-found' ? 'file-not-found' : 'file-malformed', `${flag} ${path}: ${ke?.message ?? (e as Error).message}`, { hint: 'Give a Postman environment or globals export (JSON).' });
  }
  const environment = imported.environments[0];
  if (imported.globals) return { environment: { name: 'globals', variables: imported.globals.variables, profiles: {} }, globals: imported.globals };
  if (!environment || imported.collection) {
    throw new KeyholeError('file-malformed', `${flag} ${path} is not a Postman environment or globals file`, { hint: 'Export it from Postman (Environments, then Export).' });
  }
  return { environment };
}

