import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EnvSecretStore, type SecretStore } from '../secrets';
import { COLLECTION_SECRET_SCOPE, listEnvironments, loadCollection, loadEnvironment } from '../workspace';
import { storeKey, type CollectionFolders } from './collections';

/** The example's public demo credentials, read into the app's store rather than copied as a file. */
const SECRETS_FILE = 'demo-secrets.env';

/**
 * Copies the example collection into the workspace (a new folder: nothing of the user's is
 * overwritten) and gives the app's secret store the demo credentials it needs, where the store
 * has no value of its own for them. Returns the new collection's id.
 */
export async function addExampleWorkspace(source: string, folders: CollectionFolders, secrets: SecretStore): Promise<string[]> {
  const id = await folders.freeId(basename(source));
  const dest = join(folders.root, id);
  await cp(source, dest, { recursive: true, errorOnExist: true, force: false, filter: (from) => basename(from) !== SECRETS_FILE });
  const file = join(source, SECRETS_FILE);
  if (existsSync(file)) await provideSecrets(dest, await EnvSecretStore.open({ env: {}, file }), secrets);
  return [id];
}

async function provideSecrets(dir: string, from: SecretStore, to: SecretStore): Promise<void> {
  const wanted: [string, string][] = [];
  for (const name of await listEnvironments(dir)) {
    const env = await loadEnvironment(dir, name);
    for (const s of env.stored) wanted.push([env.environment.name, storeKey(s)]);
  }
  for (const v of (await loadCollection(dir)).collection.variables) if (v.secret) wanted.push([COLLECTION_SECRET_SCOPE, v.key]);
  for (const [scope, key] of wanted) {
    const value = await from.get(scope, key);
    if (value === undefined || (await to.get(scope, key)) !== undefined) continue;
    // A store that refuses (read-only, no encryption) leaves the secret missing, which the send then names.
    await to.set(scope, key, value).catch(() => undefined);
  }
}
