import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { ImportResult } from '../../../shared/importers';
import type { Environment } from '../../../shared/model';
import type { SecretStore } from '../secrets';
import { COLLECTION_SECRET_SCOPE, saveCollection, saveEnvironment, splitEnvironment } from '../workspace';
import { extractSecrets, storeSlot, type Extracted, type MovedSecret } from './extract-secrets';

export interface WriteImportResult {
  written: string[];
  warnings: string[];
  /** Every credential the import handed to the secret store instead of a file. */
  movedSecrets: MovedSecret[];
}

/**
 * Writes a finished import into a workspace folder through the workspace module (which keeps
 * secret values out of the files and hands them to `secrets`). Credentials the source kept in
 * plain fields are first turned into secret variables (extractSecrets), whatever the format.
 * A collection import needs a folder without a collection in it, so an import never overwrites or
 * prunes someone's requests; an environment-only import adds its environments to the collection
 * already there.
 */
export async function writeImport(result: ImportResult, outDir: string, secrets: SecretStore): Promise<WriteImportResult> {
  const hasCollection = existsSync(join(outDir, 'collection.yaml'));
  const out: WriteImportResult = { written: [], warnings: [], movedSecrets: [] };
  if (result.collection && hasCollection) {
    throw new KeyholeError('usage', `${outDir} already holds a collection; an import writes a new one`, {
      hint: 'Choose an empty or new folder with --out.', details: { file: join(outDir, 'collection.yaml') },
    });
  }
  if (!result.collection && !hasCollection) {
    throw new KeyholeError('usage', `${outDir} holds no collection to add the imported environments to`, {
      hint: 'Import the collection first, then import its environments with --out pointing at that collection folder.',
    });
  }
  const envs: Environment[] = [...result.environments];
  if (result.globals && result.globals.variables.length > 0) {
    envs.push({ name: 'Globals', variables: result.globals.variables, profiles: {} });
    out.warnings.push('Postman globals were written as an environment named "Globals".');
  }
  const extracted = await withoutClashes(result.collection, envs, secrets);
  out.movedSecrets = extracted.moved;
  if (extracted.collection) {
    const saved = await saveCollection(outDir, extracted.collection, { secrets });
    out.written.push(...saved.written);
    out.warnings.push(...saved.warnings);
    for (const f of result.files ?? []) out.written.push(await writeCollectionFile(outDir, f));
  }
  for (const env of extracted.environments) {
    const r = await saveEnvironment(outDir, env, secrets);
    if (r.written) out.written.push(r.file);
  }
  return out;
}

/** A file the import carries (a .proto file's text) at its place in the new collection folder, never outside it. */
async function writeCollectionFile(outDir: string, f: { path: string; text: string }): Promise<string> {
  const parts = f.path.split('/');
  if (f.path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) {
    throw new KeyholeError('import-failed', `The import names a file outside its collection folder: ${JSON.stringify(f.path)}`);
  }
  const path = join(outDir, ...parts);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, f.text, { flag: 'wx' });
  return path;
}

/**
 * Extracts the secrets, then asks the store about every key the writes would set: one that holds
 * a different value (another collection's) is marked occupied and the extraction runs again, until
 * the writes replace nothing. Each round marks at least one more key, so it ends.
 */
async function withoutClashes(collection: ImportResult['collection'], envs: Environment[], secrets: SecretStore): Promise<Extracted> {
  const occupied = new Set<string>();
  for (;;) {
    const x = extractSecrets(collection, envs, occupied);
    const writes: [string, string, string][] = (x.collection?.variables ?? []).filter((v) => v.secret && v.value !== '').map((v) => [COLLECTION_SECRET_SCOPE, v.key, v.value]);
    for (const env of x.environments) for (const [key, value] of splitEnvironment(env).secrets) writes.push([env.name, key, value]);
    const before = occupied.size;
    for (const [scope, key, value] of writes) {
      // A value that cannot be read (stored on another machine) is as taken as one that differs.
      const held = await secrets.get(scope, key).catch(() => '\u0000unreadable');
      if (held !== undefined && held !== value) occupied.add(storeSlot(scope, key));
    }
    if (occupied.size === before) return x;
  }
}
