import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { errnoCode, nodeFs, type FsLayer } from './fs-layer';

/** Temp files of interrupted saves end with this; loaders skip them. */
export const TEMP_SUFFIX = '.keyhole-tmp';

export interface AtomicWriteOptions {
  fs?: FsLayer | undefined;
  /** File mode for new files (0o600 for cookie jars and secret stores). */
  mode?: number | undefined;
}

/**
 * Replaces `path` with `content` so that a crash at any instant leaves the old file or the new
 * one, never a mix: write a temp file in the same folder (rename is only atomic within one file
 * system), fsync it so its bytes are on disk before the rename makes them visible, rename over the
 * target, then fsync the folder so the rename itself survives a power cut.
 * A failure leaves the target untouched and rejects with 'write-failed' naming the file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  let stage = 'create the folder for';
  try {
    await fs.mkdir(dir);
    stage = 'write';
    const handle = await fs.open(tmp, 'w', opts.mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    stage = 'replace';
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    const code = errnoCode(e);
    throw new KeyholeError('write-failed', `Could not ${stage} ${path}${code ? ` (${code})` : ''}; the previous version is unchanged`, {
      hint: code === 'ENOSPC' ? 'The disk is full: free some space and save again.'
        : code === 'EACCES' || code === 'EPERM' ? 'Keyhole may not write there: check the folder permissions.'
        : 'Save again; if it keeps failing, check the disk and the folder permissions.',
      details: { file: path, ...(code ? { errno: code } : {}) },
      cause: e,
    });
  }
  await syncDir(fs, dir);
}

/** Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there. */
async function syncDir(fs: FsLayer, dir: string): Promise<void> {
  try {
    const h = await fs.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Best effort by design: see the comment above.
  }
}
