import { join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { Collection, Folder, GrpcRequest, Request, WebSocketRequest, isGrpcRequest, isWebSocketRequest, type AnyRequest, type Auth, type Item } from '../../../shared/model';
import type { SecretStore } from '../secrets/types';
import { writeFileAtomic } from './atomic-write';
import { compact } from './compact';
import { changedFiles, conflictError, diskVersions, type FileVersions } from './file-versions';
import { errnoCode, nodeFs, readdirIfExists, readIfExists, type FsLayer } from './fs-layer';
import { COLLECTION_FILE, ENVIRONMENTS_DIR, FOLDER_FILE, orderIn, REQUEST_SUFFIX, scanFolder, type ExistingEntry } from './layout';
import { derivedId, textToWrite } from './identity';
import { literalSecretFields } from './secret-fields';
import { slugify, uniqueName } from './slug';
import { toYaml } from './yaml-io';

/** Secret collection variables are kept in the secret store under this environment name. */
export const COLLECTION_SECRET_SCOPE = '';

export interface SaveOptions {
  fs?: FsLayer | undefined;
  /** Where values of secret collection variables go; without it they are dropped with a warning. */
  secrets?: SecretStore | undefined;
  /**
   * The `versions` loadCollection returned. When given, the save first checks the disk still holds
   * exactly those files and refuses with 'conflict' otherwise (unless `force`), before writing
   * anything; the report then carries the new versions for the next save.
   */
  expected?: FileVersions | undefined;
  force?: boolean | undefined;
}

export interface SaveReport {
  /** Files written because their content changed. */
  written: string[];
  /** Files and folders removed because their item no longer exists. */
  removed: string[];
  /** Things saved as asked but worth telling the user (a literal password in a request's auth). */
  warnings: string[];
  /** The files' versions after this save; present when `expected` was given. */
  versions?: FileVersions | undefined;
  /** Each saved item's file relative to the collection folder, by item id (items that have one). */
  files: Record<string, string>;
}

const KEEP_REQUEST = new Set(['method']);
const KEEP_COLLECTION = new Set(['keyhole']);

/** The YAML of one request file; a WebSocket or gRPC request keeps its `kind` (first line) and nothing HTTP-only. */
export function renderRequest(request: AnyRequest): string {
  if (isWebSocketRequest(request)) return toYaml(compact(WebSocketRequest, request));
  if (isGrpcRequest(request)) return toYaml(compact(GrpcRequest, request));
  const { kind: _kind, ...fields } = request as Request & { kind?: string };
  return toYaml(compact(Request, fields, KEEP_REQUEST));
}

/**
 * Writes a collection as a folder tree. Existing files keep their names when an item with the same
 * name is still there (so hand-named files survive); only files whose content changed are written,
 * and request files and folders of deleted items are removed (files Keyhole does not own are left).
 */
export async function saveCollection(dir: string, collection: Collection, opts: SaveOptions = {}): Promise<SaveReport> {
  const fs = opts.fs ?? nodeFs;
  const checked = Collection.safeParse(collection);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new KeyholeError('invalid-input', `Collection "${collection.name}" cannot be saved: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(), {
      details: { field: issue?.path.join('.') },
    });
  }
  if (opts.expected && !opts.force) {
    const changed = changedFiles(opts.expected, await diskVersions(fs, dir));
    if (changed.length > 0) throw conflictError(dir, changed);
  }
  const report: SaveReport = { written: [], removed: [], warnings: [], files: {} };
  const variables = [];
  for (const v of checked.data.variables) {
    if (!v.secret || v.value === '') { variables.push(v); continue; }
    if (opts.secrets) await opts.secrets.set(COLLECTION_SECRET_SCOPE, v.key, v.value);
    else report.warnings.push(`Collection variable "${v.key}" is secret: its value was not written and no secret store was given to keep it.`);
    variables.push({ ...v, value: '' });
  }
  warnLiteral(report, checked.data.auth, 'collection');
  const { items, ...fields } = { ...checked.data, variables };
  const order = await saveItems(fs, dir, items, true, report, '', '');
  const head = compact(Collection, { ...fields, items: [] }, KEEP_COLLECTION) as Record<string, unknown>;
  await writeIfChanged(fs, join(dir, COLLECTION_FILE), toYaml({ ...head, order }), report);
  if (opts.expected) report.versions = await diskVersions(fs, dir);
  return report;
}

/** Saves the items of one folder; returns their entry names in order (the `order:` list). */
async function saveItems(fs: FsLayer, dir: string, items: Item[], isRoot: boolean, report: SaveReport, where: string, rel: string): Promise<string[]> {
  const scan = await scanFolder(fs, dir, isRoot);
  // Items with the same name claim their files in the order the folder listed them last time.
  const listed = orderIn(await readIfExists(fs, join(dir, isRoot ? COLLECTION_FILE : FOLDER_FILE)));
  const rank = (e: ExistingEntry): number => (listed.includes(e.entry) ? listed.indexOf(e.entry) : listed.length);
  const taken = new Set<string>([COLLECTION_FILE, FOLDER_FILE, ...(isRoot ? [ENVIRONMENTS_DIR] : []), ...scan.foreignDirs].map((n) => n.toLowerCase()));
  const pool = (list: ExistingEntry[]): Map<string, ExistingEntry[]> => {
    const m = new Map<string, ExistingEntry[]>();
    for (const e of [...list].sort((a, b) => rank(a) - rank(b))) if (e.name !== undefined) m.set(e.name, [...(m.get(e.name) ?? []), e]);
    return m;
  };
  const requests = pool(scan.requests);
  const folders = pool(scan.folders);
  const byId = (list: ExistingEntry[], fileOf: (e: ExistingEntry) => string): Map<string, ExistingEntry> =>
    new Map(list.map((e) => [e.id ?? derivedId(fileOf(e)), e]));
  const requestIds = byId(scan.requests, (e) => `${rel}${e.entry}`);
  const folderIds = byId(scan.folders, (e) => `${rel}${e.entry}/${FOLDER_FILE}`);
  const claimedEntries = new Set<ExistingEntry>();
  const claim = (e: ExistingEntry | undefined): ExistingEntry | undefined => {
    if (!e || claimedEntries.has(e)) return undefined;
    claimedEntries.add(e);
    taken.add(e.entry.toLowerCase());
    return e;
  };
  // An item keeps the file that holds its id (a rename stays an edit of one file in git); then
  // files are claimed by name, so a new item never takes the file of one that stays.
  const claimed: (ExistingEntry | undefined)[] = items.map((item) => (item.id === undefined ? undefined : claim((item.kind !== 'folder' ? requestIds : folderIds).get(item.id))));
  items.forEach((item, i) => {
    if (claimed[i]) return;
    const list = (item.kind !== 'folder' ? requests : folders).get(item.name) ?? [];
    while (list.length > 0 && !claimed[i]) claimed[i] = claim(list.shift());
  });
  const entries = items.map((item, i) => claimed[i]?.entry
    ?? uniqueName(slugify(item.name), item.kind !== 'folder' ? REQUEST_SUFFIX : '', taken));
  const existingText = new Map([...scan.requests, ...scan.folders].map((e) => [e.entry, e.text]));

  for (const [i, item] of items.entries()) {
    const entry = entries[i] as string;
    const label = `${where}${item.name}`;
    if (item.id !== undefined) report.files[item.id] = item.kind !== 'folder' ? `${rel}${entry}` : `${rel}${entry}/${FOLDER_FILE}`;
    if (item.kind !== 'folder') {
      warnLiteral(report, item.auth, `request ${label}`);
      const known = existingText.get(entry);
      const text = textToWrite((withId) => renderRequest(withId ? item : { ...item, id: undefined }), known, item.id !== undefined);
      await writeIfChanged(fs, join(dir, entry), text, report, known);
    } else {
      warnLiteral(report, item.auth, `folder ${label}`);
      const { items: children, kind: _kind, ...fields } = item;
      const order = await saveItems(fs, join(dir, entry), children, false, report, `${label}/`, `${rel}${entry}/`);
      const render = (withId: boolean): string => toYaml({ ...(compact(Folder, { ...fields, ...(withId ? {} : { id: undefined }), items: [] }) as Record<string, unknown>), order });
      const known = existingText.get(entry);
      await writeIfChanged(fs, join(dir, entry, FOLDER_FILE), textToWrite(render, known, fields.id !== undefined), report, known);
    }
  }
  const keep = new Set(entries);
  for (const r of scan.requests) {
    if (keep.has(r.entry)) continue;
    await fs.unlink(join(dir, r.entry));
    report.removed.push(join(dir, r.entry));
  }
  for (const f of scan.folders) if (!keep.has(f.entry)) await removeFolder(fs, join(dir, f.entry), report);
  return entries;
}

/** Removes a deleted folder's Keyhole files; the folder itself only if nothing else is left in it. */
async function removeFolder(fs: FsLayer, dir: string, report: SaveReport): Promise<void> {
  const scan = await scanFolder(fs, dir, false);
  for (const r of scan.requests) await fs.unlink(join(dir, r.entry));
  for (const f of scan.folders) await removeFolder(fs, join(dir, f.entry), report);
  await fs.unlink(join(dir, FOLDER_FILE));
  try {
    await fs.rmdir(dir);
    report.removed.push(dir);
  } catch (e) {
    if (errnoCode(e) !== 'ENOTEMPTY' && errnoCode(e) !== 'EEXIST') throw e;
    const left = (await readdirIfExists(fs, dir)).map((d) => d.name).join(', ');
    report.warnings.push(`Folder ${dir} was deleted from the collection but still holds other files (${left}); they were kept.`);
  }
}

export async function writeIfChanged(fs: FsLayer, file: string, text: string, report: Pick<SaveReport, 'written'>, known?: string): Promise<void> {
  const current = known ?? await readIfExists(fs, file);
  if (current === text) return;
  await writeFileAtomic(file, text, { fs });
  report.written.push(file);
}

function warnLiteral(report: SaveReport, auth: Auth, where: string): void {
  const fields = literalSecretFields(auth);
  if (fields.length === 0) return;
  report.warnings.push(`The ${where} has a literal ${fields.join(', ')} in its ${auth.type} auth, which is stored in the file: use a {{secret variable}} or an auth profile instead.`);
}
