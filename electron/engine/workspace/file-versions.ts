import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { FsLayer } from './fs-layer';
import { COLLECTION_FILE, FOLDER_FILE, scanFolder } from './layout';

/**
 * What a collection's files looked like when it was loaded: sha256 of each Keyhole file's text,
 * keyed by its path relative to the collection folder ('users/get-user.request.yaml'). The app
 * keeps it with its unsaved edits and passes it back to the save, which refuses with 'conflict'
 * when the disk no longer matches (an external editor or `git pull` wrote in between).
 */
export type FileVersions = Record<string, string>;

export function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Walks the collection's own files (the ones saves write or delete) and hashes them. */
export async function diskVersions(fs: FsLayer, dir: string): Promise<FileVersions> {
  const out: FileVersions = {};
  const visit = async (abs: string, rel: string, isRoot: boolean): Promise<void> => {
    const scan = await scanFolder(fs, abs, isRoot);
    for (const r of scan.requests) if (r.text !== undefined) out[`${rel}${r.entry}`] = versionOf(r.text);
    for (const f of scan.folders) {
      if (f.text !== undefined) out[`${rel}${f.entry}/${FOLDER_FILE}`] = versionOf(f.text);
      await visit(join(abs, f.entry), `${rel}${f.entry}/`, false);
    }
  };
  try {
    out[COLLECTION_FILE] = versionOf(await fs.readFile(join(dir, COLLECTION_FILE)));
  } catch {
    // No collection.yaml yet (a first save): nothing on disk to conflict with at the root.
  }
  await visit(dir, '', true);
  return out;
}

/** Files whose content differs between two snapshots, including files only one of them has. */
export function changedFiles(expected: FileVersions, actual: FileVersions, only?: readonly string[]): string[] {
  const names = only ?? [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return names.filter((n) => expected[n] !== actual[n]).sort();
}

export function conflictError(dir: string, files: readonly string[], loaded = 'the collection'): KeyholeError {
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  return new KeyholeError('conflict', `${dir}: ${shown} changed on disk since ${loaded} was loaded; nothing was saved`, {
    hint: 'Reload to see the other change, or save again with force to overwrite it.',
    details: { dir, files: [...files] },
  });
}
