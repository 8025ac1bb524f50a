import { join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import { KeyholeError } from '../../../shared/errors';
import { AnyRequest } from '../../../shared/model';
import { renderRequest, writeIfChanged, type SaveReport } from './collection-save';
import { conflictError, versionOf, type FileVersions } from './file-versions';
import { nodeFs, readIfExists, type FsLayer } from './fs-layer';
import { derivedId, textToWrite } from './identity';
import { COLLECTION_FILE, ENVIRONMENTS_DIR, FOLDER_FILE, REQUEST_SUFFIX, scanFolder } from './layout';
import { slugify, uniqueName } from './slug';
import { toYaml } from './yaml-io';

export interface SaveRequestResult {
  /** The request's file (kept when the request is renamed, so git sees an edit, not a move). */
  file: string;
  written: boolean;
  /** `expected` with the files this save wrote updated; present when `expected` was given. */
  versions?: FileVersions | undefined;
}

export interface SaveRequestOptions {
  fs?: FsLayer | undefined;
  /**
   * The `versions` loadCollection returned: the save refuses with 'conflict' (unless `force`) when a
   * file it would write changed on disk since, so the app can ask before overwriting.
   */
  expected?: FileVersions | undefined;
  force?: boolean | undefined;
}

/**
 * Saves one request without touching the rest of the collection: the desktop's Ctrl+S.
 * `path` is the folder names from the collection root and, last, the request's current name. The
 * file is the one holding the request's id, else the one with that name; when there is neither, a
 * new file is created and appended to the folder's `order:`.
 */
export async function saveRequest(dir: string, path: readonly string[], request: AnyRequest, opts: SaveRequestOptions = {}): Promise<SaveRequestResult> {
  const fs = opts.fs ?? nodeFs;
  const rel = (file: string): string => relative(dir, file).split(sep).join('/');
  /** Refuses when the disk's text of `file` is not what was loaded. */
  const check = (file: string, onDisk: string | undefined): void => {
    if (!opts.expected || opts.force) return;
    const now = onDisk === undefined ? undefined : versionOf(onDisk);
    if (opts.expected[rel(file)] !== now) throw conflictError(dir, [rel(file)]);
  };
  const after = async (files: string[]): Promise<FileVersions | undefined> => {
    if (!opts.expected) return undefined;
    const out = { ...opts.expected };
    for (const f of files) {
      const text = await readIfExists(fs, f);
      if (text === undefined) delete out[rel(f)];
      else out[rel(f)] = versionOf(text);
    }
    return out;
  };
  const checked = AnyRequest.safeParse(request);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new KeyholeError('invalid-input', `Request "${request.name}" cannot be saved: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const name = path.at(-1);
  if (name === undefined) throw new KeyholeError('usage', 'saveRequest needs the request name as the last element of the path');
  let folderDir = dir;
  for (const [depth, folder] of path.slice(0, -1).entries()) {
    const scan = await scanFolder(fs, folderDir, depth === 0);
    const found = scan.folders.find((f) => f.name === folder);
    if (!found) {
      throw new KeyholeError('file-not-found', `Folder "${folder}" was not found in ${folderDir}`, {
        hint: `Known folders there: ${scan.folders.map((f) => f.name ?? f.entry).join(', ') || 'none'}.`,
        details: { folder, dir: folderDir },
      });
    }
    folderDir = join(folderDir, found.entry);
  }
  const isRoot = folderDir === dir;
  const scan = await scanFolder(fs, folderDir, isRoot);
  const report: Pick<SaveReport, 'written'> = { written: [] };
  const id = checked.data.id;
  const existing = (id === undefined ? undefined : scan.requests.find((r) => (r.id ?? derivedId(rel(join(folderDir, r.entry)))) === id))
    ?? scan.requests.find((r) => r.name === name);
  if (existing) {
    const file = join(folderDir, existing.entry);
    check(file, existing.text);
    const text = textToWrite((withId) => renderRequest(withId ? checked.data : { ...checked.data, id: undefined }), existing.text, id !== undefined);
    await writeIfChanged(fs, file, text, report, existing.text);
    return { file, written: report.written.length > 0, versions: await after([file]) };
  }
  const taken = new Set([COLLECTION_FILE, FOLDER_FILE, ...(isRoot ? [ENVIRONMENTS_DIR] : []), ...scan.foreignDirs,
    ...scan.requests.map((r) => r.entry), ...scan.folders.map((f) => f.entry)].map((n) => n.toLowerCase()));
  const entry = uniqueName(slugify(checked.data.name), REQUEST_SUFFIX, taken);
  const file = join(folderDir, entry);
  const orderFile = join(folderDir, isRoot ? COLLECTION_FILE : FOLDER_FILE);
  check(orderFile, await readIfExists(fs, orderFile));
  await writeIfChanged(fs, file, renderRequest(checked.data), report);
  await appendToOrder(fs, orderFile, entry);
  return { file, written: true, versions: await after([file, orderFile]) };
}

/** Adds an entry to a folder file's `order:` (if it has one; without it, files load sorted by name). */
async function appendToOrder(fs: FsLayer, file: string, entry: string): Promise<void> {
  const text = await readIfExists(fs, file);
  if (text === undefined) return;
  const doc = parseDocument(text);
  const raw: unknown = doc.toJS();
  if (doc.errors.length > 0 || typeof raw !== 'object' || raw === null || !('order' in raw) || !Array.isArray(raw.order)) return;
  await writeIfChanged(fs, file, toYaml({ ...raw, order: [...(raw.order as unknown[]), entry] }), { written: [] }, text);
}
