import { join } from 'node:path';
import { parse } from 'yaml';
import { TEMP_SUFFIX } from './atomic-write';
import { declaredId } from './identity';
import { readdirIfExists, readIfExists, type FsLayer } from './fs-layer';

/** The on-disk layout of a collection folder (see README.md beside this file). */
export const COLLECTION_FILE = 'collection.yaml';
export const FOLDER_FILE = 'folder.yaml';
export const REQUEST_SUFFIX = '.request.yaml';
export const ENVIRONMENTS_DIR = 'environments';
export const ENVIRONMENT_SUFFIX = '.yaml';

export interface ExistingEntry {
  /** File name (requests) or folder name (folders), as listed in `order`. */
  entry: string;
  /** The display name inside the file, when it could be read. */
  name?: string | undefined;
  /** The file's text (requests, folder.yaml), so saves can skip unchanged files. */
  text?: string | undefined;
  /** The `id:` the file declares, when it does (read from its text on first use, like name). */
  readonly id?: string | undefined;
}

export interface FolderScan {
  requests: ExistingEntry[];
  folders: ExistingEntry[];
  /** Sub-folders that are not Keyhole folders (no folder.yaml): never touched, never reused. */
  foreignDirs: string[];
}

const isHidden = (name: string): boolean => name.startsWith('.') || name.endsWith(TEMP_SUFFIX);

/** Lists a folder's requests and sub-folders with their display names (best effort: bad YAML gives no name). */
export async function scanFolder(fs: FsLayer, dir: string, isRoot: boolean): Promise<FolderScan> {
  const scan: FolderScan = { requests: [], folders: [], foreignDirs: [] };
  const entries = (await readdirIfExists(fs, dir)).sort((a, b) => byCodePoint(a.name, b.name));
  await eachLimited(entries, READ_CONCURRENCY, async (e) => {
    if (isHidden(e.name)) return;
    if (e.isFile() && e.name.endsWith(REQUEST_SUFFIX)) {
      const text = await readIfExists(fs, join(dir, e.name));
      scan.requests.push(entryOf(e.name, text));
    } else if (e.isDirectory() && !(isRoot && e.name === ENVIRONMENTS_DIR)) {
      const text = await readIfExists(fs, join(dir, e.name, FOLDER_FILE));
      if (text === undefined) scan.foreignDirs.push(e.name);
      else scan.folders.push(entryOf(e.name, text));
    }
  });
  const byEntry = (a: ExistingEntry, b: ExistingEntry): number => byCodePoint(a.entry, b.entry);
  scan.requests.sort(byEntry);
  scan.folders.sort(byEntry);
  return scan;
}

/**
 * Files read at once while scanning a folder. All of a 5,000-request folder in flight together held
 * every pending read's buffers and promises at the same moment: the peak memory of `keyhole run` on
 * such a collection was reached while loading it, not while running it.
 */
const READ_CONCURRENCY = 32;

async function eachLimited<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await f(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * An entry whose name is read from its text on first use: saves need it, but loading parses every
 * file in full anyway and never asks, and a second YAML parse per request would be ~0.4 s of the
 * ~3.4 s `keyhole run` spends before its first request on a 5,000-request collection.
 */
function entryOf(entry: string, text: string | undefined): ExistingEntry {
  let fields: Record<string, unknown> | undefined;
  let read = false;
  const mapping = (): Record<string, unknown> | undefined => {
    if (!read) { fields = mappingIn(text); read = true; }
    return fields;
  };
  return {
    entry, text,
    get name() {
      const v = mapping()?.name;
      return typeof v === 'string' ? v : undefined;
    },
    get id() {
      return declaredId(mapping());
    },
  };
}

/** The `name:` of a YAML mapping, or undefined when the text is not one. */
export function nameIn(text: string | undefined): string | undefined {
  const v = mappingIn(text);
  return typeof v?.name === 'string' ? v.name : undefined;
}

/** The `order:` list of a collection.yaml or folder.yaml, or [] (best effort, like nameIn). */
export function orderIn(text: string | undefined): string[] {
  const order = mappingIn(text)?.order;
  return Array.isArray(order) ? order.filter((e): e is string => typeof e === 'string') : [];
}

function mappingIn(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // A malformed file has no readable fields; the loader reports it.
  }
  return undefined;
}

/**
 * File names in code-point order: any fixed order does for a scan (display order comes from
 * `order:` and collection-load's sort), and localeCompare would load ICU's collation data into a
 * run (~2 MB of the process's resident memory) for no visible difference.
 */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
