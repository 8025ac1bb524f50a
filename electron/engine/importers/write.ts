import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { ImportResult } from '../../../shared/importers';
import type { SecretStore } from '../secrets';
import { saveCollection, saveEnvironment } from '../workspace';

export interface WriteImportResult {
  written: string[];
  warnings: string[];
}

/**
 * Writes a finished import into a workspace folder through the workspace module (which keeps
 * secret values out of the files and hands them to `secrets`). A collection import needs a folder
 * without a collection in it, so an import never overwrites or prunes someone's requests; an
 * environment-only import adds its environments to the collection already there.
 */
export async function writeImport(result: ImportResult, outDir: string, secrets: SecretStore): Promise<WriteImportResult> {
  const hasCollection = existsSync(join(outDir, 'collection.yaml'));
  const out: WriteImportResult = { written: [], warnings: [] };
  if (result.collection) {
    if (hasCollection) {
      throw new KeyholeError('usage', `${outDir} already holds a collection; an import writes a new one`, {
        hint: 'Choose an empty or new folder with --out.', details: { file: join(outDir, 'collection.yaml') },
      });
    }
    const saved = await saveCollection(outDir, result.collection, { secrets });
    out.written.push(...saved.written);
    out.warnings.push(...saved.warnings);
  } else if (!hasCollection) {
    throw new KeyholeError('usage', `${outDir} holds no collection to add the imported environments to`, {
      hint: 'Import the collection first, then import its environments with --out pointing at that collection folder.',
    });
  }
  const envs = [...result.environments];
  if (result.globals && result.globals.variables.length > 0) {
    envs.push({ name: 'Globals', variables: result.globals.variables, profiles: {} });
    out.warnings.push('Postman globals were written as an environment named "Globals".');
  }
  for (const env of envs) {
    const r = await saveEnvironment(outDir, env, secrets);
    if (r.written) out.written.push(r.file);
  }
  return out;
}
