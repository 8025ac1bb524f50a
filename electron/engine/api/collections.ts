import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { WorkspaceCollection } from '../../../shared/ipc/workspace-payloads';
import { Collection, type Environment, type Request } from '../../../shared/model';
import type { SecretStore } from '../secrets/types';
import {
  COLLECTION_SECRET_SCOPE, listEnvironments, loadCollection, loadEnvironment, profileSecretKey, saveCollection, saveRequest, type FileVersions, type StoredSecret,
} from '../workspace';

const COLLECTION_FILE = 'collection.yaml';

export interface SaveGuard { expected?: FileVersions | undefined; force?: boolean | undefined }
const TRASH = '.keyhole-trash';

/**
 * The workspace as folders: each sub-folder of the root holding collection.yaml is a collection,
 * named by its folder; a root that is itself a collection is the only one. Ids are folder names,
 * never paths, so no channel can point the engine at an arbitrary folder.
 */
export class CollectionFolders {
  constructor(readonly root: string) {}

  private rootIsCollection(): boolean {
    return existsSync(join(this.root, COLLECTION_FILE));
  }

  async ids(): Promise<string[]> {
    if (this.rootIsCollection()) return [basename(this.root)];
    await mkdir(this.root, { recursive: true });
    const entries = await readdir(this.root, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(this.root, e.name, COLLECTION_FILE)))
      .map((e) => e.name).sort((a, b) => a.localeCompare(b));
  }

  /** The folder of a collection id; 'invalid-input' for an id that is not one of this workspace's. */
  dirOf(id: string): string {
    if (this.rootIsCollection() && id === basename(this.root)) return this.root;
    const dir = join(this.root, id);
    if (id.includes('/') || id.includes('\\') || id.startsWith('.') || !existsSync(join(dir, COLLECTION_FILE))) {
      throw new KeyholeError('invalid-input', `No collection "${id}" in workspace ${this.root}`, { hint: 'Reload the workspace: the collection may have been moved or deleted.' });
    }
    return dir;
  }

  async read(id: string, secrets: SecretStore): Promise<WorkspaceCollection> {
    const dir = this.dirOf(id);
    const loaded = await loadCollection(dir);
    const problems = [...loaded.problems, ...loaded.warnings].map((p) => p.message);
    const environments: Environment[] = [];
    const storedSecrets: Record<string, string[]> = {};
    for (const name of await listEnvironments(dir)) {
      try {
        const env = await loadEnvironment(dir, name);
        environments.push(env.environment);
        storedSecrets[env.environment.name] = await present(secrets, env.environment.name, env.stored.map(storeKey));
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
    const collectionSecrets = loaded.collection.variables.filter((v) => v.secret).map((v) => v.key);
    storedSecrets[COLLECTION_SECRET_SCOPE] = await present(secrets, COLLECTION_SECRET_SCOPE, collectionSecrets);
    return { id, collection: loaded.collection, environments, storedSecrets, problems, versions: loaded.versions, files: loaded.files };
  }

  async create(name: string, secrets: SecretStore): Promise<WorkspaceCollection> {
    const id = await this.freeId(name);
    await saveCollection(join(this.root, id), Collection.parse({ name }), { secrets });
    return this.read(id, secrets);
  }

  /** A folder name for a new collection called `name`, free in the root (name-2, name-3... when taken). */
  async freeId(name: string): Promise<string> {
    if (this.rootIsCollection()) {
      throw new KeyholeError('usage', `The workspace ${this.root} is a single collection; a new collection needs a workspace folder`, { hint: 'Open the parent folder as the workspace.' });
    }
    await mkdir(this.root, { recursive: true });
    const taken = new Set((await readdir(this.root).catch(() => [])).map((n) => n.toLowerCase()));
    const base = name.normalize('NFKD').replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'collection';
    let id = base;
    for (let i = 2; taken.has(id.toLowerCase()); i++) id = `${base}-${i}`;
    return id;
  }

  /** 'conflict' when `guard.expected` no longer matches the disk (unless `guard.force`). */
  async save(id: string, collection: Collection, secrets: SecretStore, guard: SaveGuard = {}): Promise<{ versions?: FileVersions | undefined; files: Record<string, string> }> {
    const report = await saveCollection(this.dirOf(id), collection, { secrets, expected: guard.expected, force: guard.force });
    return { versions: report.versions, files: report.files };
  }

  /** One request by its folder names and its name on disk; 'conflict' as for save. */
  async saveRequest(id: string, path: readonly string[], request: Request, guard: SaveGuard = {}): Promise<{ versions?: FileVersions | undefined; files: Record<string, string> }> {
    const dir = this.dirOf(id);
    const r = await saveRequest(dir, path, request, { expected: guard.expected, force: guard.force });
    return { versions: r.versions, files: request.id === undefined ? {} : { [request.id]: relative(dir, r.file).split(sep).join('/') } };
  }

  /** The absolute path of an item's file (a request's file, a folder's folder.yaml), by its id. */
  async fileOf(id: string, itemId: string): Promise<string> {
    const dir = this.dirOf(id);
    const file = (await loadCollection(dir)).files[itemId];
    if (file === undefined) {
      throw new KeyholeError('file-not-found', `No request or folder with id ${itemId} in collection "${id}"`, { hint: 'Reload the workspace: the item may have been moved or deleted on disk.' });
    }
    return join(dir, ...file.split('/'));
  }

  /** Moves the folder aside (never deletes a user's files): .keyhole-trash/<id>-<time>. */
  async remove(id: string, now: Date): Promise<void> {
    const dir = this.dirOf(id);
    if (dir === this.root) throw new KeyholeError('usage', 'The workspace root itself cannot be deleted from the app');
    await mkdir(join(this.root, TRASH), { recursive: true });
    await rename(dir, join(this.root, TRASH, `${id}-${now.getTime()}`));
  }
}

/** The secret store's key of an environment's stored secret. */
export const storeKey = (s: StoredSecret): string => (s.kind === 'variable' ? s.key : profileSecretKey(s.profile, s.field));

async function present(store: SecretStore, environment: string, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of keys) if ((await store.get(environment, k)) !== undefined) out.push(k);
  return out;
}
