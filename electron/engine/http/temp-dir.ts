import { chmod, lstat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';

/**
 * Where the CLI (and anything else without a folder of its own) spills large response bodies:
 * one folder per user under the system's temporary folder, since /tmp is shared and a body may
 * hold anything the server sent (tokens, personal data).
 */
export function defaultBodiesDir(): string {
  return join(tmpdir(), process.getuid ? `keyhole-bodies-${process.getuid()}` : 'keyhole-bodies');
}

/**
 * Makes `dir` if it is missing (mode 0700), and refuses one that someone else prepared for us: a
 * symbolic link, something other than a folder, or a folder of another user. A folder of ours
 * that others may read is closed to them first.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw refused(dir, `it cannot be created (${(e as NodeJS.ErrnoException).code ?? String(e)})`, e);
  }
  const s = await lstat(dir);
  if (s.isSymbolicLink()) throw refused(dir, 'it is a symbolic link');
  if (!s.isDirectory()) throw refused(dir, 'it is not a folder');
  if (process.getuid && s.uid !== process.getuid()) throw refused(dir, `it belongs to another user (uid ${s.uid})`);
  if (process.platform !== 'win32' && (s.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

function refused(dir: string, why: string, cause?: unknown): KeyholeError {
  return new KeyholeError('write-failed', `Cannot keep response bodies in ${dir}: ${why}`, {
    hint: 'Bodies past the in-memory limit are written there; remove or fix that path, or point TMPDIR at a folder of your own.',
    details: { path: dir },
    cause,
  });
}
