import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { FileAccess } from '../../../shared/model/file-access';
import { writeFileAtomic } from './atomic-write';
import { nodeFs, readIfExists, type FsLayer } from './fs-layer';
import { slugify } from './slug';

/**
 * State that belongs to a user, not to the collection's git repository: cookie jars (credentials).
 * Everything here takes the state folder as a parameter; the app's request history is
 * electron/engine/history.
 */

/** `${XDG_STATE_HOME:-~/.local/state}/keyhole/<first 16 hex of sha256(absolute collection path)>`. */
export function defaultStateDir(collectionDir: string, env: Record<string, string | undefined> = process.env, home: string = homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state');
  const id = createHash('sha256').update(resolve(collectionDir)).digest('hex').slice(0, 16);
  return join(base, 'keyhole', id);
}

/** One jar per environment; the hash keeps "Staging" and "staging" apart on case-insensitive disks. */
function jarFile(stateDir: string, environment: string | undefined): string {
  if (environment === undefined) return join(stateDir, 'cookies', 'no-environment.json');
  const h = createHash('sha256').update(environment).digest('hex').slice(0, 8);
  return join(stateDir, 'cookies', `${slugify(environment)}-${h}.json`);
}

/** The serialized jar saved for an environment (the HTTP layer's serialize/deserialize format), if any. */
export async function loadCookieJar(stateDir: string, environment: string | undefined, opts: { fs?: FsLayer | undefined } = {}): Promise<string | undefined> {
  return readIfExists(opts.fs ?? nodeFs, jarFile(stateDir, environment));
}

/** Cookies are credentials: the file is readable by its owner only. */
export async function saveCookieJar(stateDir: string, environment: string | undefined, serialized: string, opts: { fs?: FsLayer | undefined } = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  await fs.mkdir(join(stateDir, 'cookies'), 0o700);
  await writeFileAtomic(jarFile(stateDir, environment), serialized, { fs, mode: 0o600 });
}

const FILE_ACCESS_FILE = 'file-access.json';

/** What the user allowed this collection (see FileAccess); a missing or damaged file allows nothing more. */
export async function loadFileAccess(stateDir: string, opts: { fs?: FsLayer | undefined } = {}): Promise<FileAccess> {
  const text = await readIfExists(opts.fs ?? nodeFs, join(stateDir, FILE_ACCESS_FILE));
  try {
    const parsed = FileAccess.safeParse(text === undefined ? {} : JSON.parse(text));
    return parsed.success ? parsed.data : FileAccess.parse({});
  } catch {
    return FileAccess.parse({});
  }
}

export async function saveFileAccess(stateDir: string, access: FileAccess, opts: { fs?: FsLayer | undefined } = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  await fs.mkdir(stateDir, 0o700);
  await writeFileAtomic(join(stateDir, FILE_ACCESS_FILE), `${JSON.stringify(access)}\n`, { fs, mode: 0o600 });
}
