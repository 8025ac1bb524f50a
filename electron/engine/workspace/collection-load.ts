import { basename, join } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { Collection, Folder, GrpcRequest, Request, WebSocketRequest, isGrpcRequest, isWebSocketRequest, type Item } from '../../../shared/model';
import { versionOf, type FileVersions } from './file-versions';
import { nodeFs, readIfExists, settledFs, type FsLayer, type SettleClock } from './fs-layer';
import { assignIds } from './identity';
import { COLLECTION_FILE, FOLDER_FILE, scanFolder } from './layout';
import { parseYamlFile, type ParsedFile } from './yaml-io';

export interface LoadedCollection {
  collection: Collection;
  /** Files that could not be loaded ('file-malformed'); everything else was. */
  problems: KeyholeError[];
  /** Entries of an `order:` list with no file behind them; they were skipped. */
  warnings: KeyholeError[];
  /**
   * The content hash of every Keyhole file as loaded. Keep it with unsaved edits and pass it as
   * `expected` to saveCollection/saveRequest: they refuse with 'conflict' if the disk changed since.
   */
  versions: FileVersions;
  /** Each item's file relative to the collection folder, by item id (folders: their folder.yaml). */
  files: Record<string, string>;
}

export interface WorkspaceOptions {
  fs?: FsLayer | undefined;
  /** Files modified less than this long ago are re-read until stable (default 150 ms; 0 = off). */
  settleMs?: number | undefined;
  /** What dates modifications and times the waits between re-reads (default: the real clock). */
  clock?: SettleClock | undefined;
}

export const DEFAULT_SETTLE_MS = 150;

interface Sink {
  problems: KeyholeError[];
  warnings: KeyholeError[];
  /** The texts actually parsed, by file, so a save compares against what the user saw (hashed when asked: a run never asks). */
  texts: Map<string, string>;
  /** The file each loaded item came from, for ids (identity.ts). */
  fileOf: Map<Item, string>;
}

/** A request file that says `kind: websocket` (or `kind: grpc`) is a WebSocket (gRPC) request; any other is an HTTP request. */
const requestSchemaOf = (raw: unknown): typeof Request | typeof WebSocketRequest | typeof GrpcRequest =>
  (isWebSocketRequest(raw) ? WebSocketRequest : isGrpcRequest(raw) ? GrpcRequest : Request);

/** Removes the keys that describe the layout, not the model, before validation. */
const withoutLayout = (raw: unknown): unknown => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { order: _order, items: _items, ...rest } = raw as Record<string, unknown>;
  return rest;
};

/**
 * Loads a collection folder. Only a missing collection.yaml is fatal ('file-not-found': the folder
 * is not a collection); a malformed file is a problem naming file, line and field, and the rest of
 * the collection still loads (a malformed folder.yaml keeps its requests under the folder's name).
 */
export async function loadCollection(dir: string, opts: WorkspaceOptions = {}): Promise<LoadedCollection> {
  const fs = settledFs(opts.fs ?? nodeFs, { settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS, clock: opts.clock });
  const file = join(dir, COLLECTION_FILE);
  const text = await readIfExists(fs, file);
  if (text === undefined) {
    throw new KeyholeError('file-not-found', `${dir} is not a Keyhole collection: ${COLLECTION_FILE} is missing`, {
      hint: 'Point at the folder that holds collection.yaml, or create a collection there.',
      details: { file },
    });
  }
  const sink: Sink = { problems: [], warnings: [], texts: new Map([[COLLECTION_FILE, text]]), fileOf: new Map() };
  const parsed = parseYamlFile(text, file, Collection, withoutLayout);
  if (parsed.problem) sink.problems.push(parsed.problem);
  warnUnknown(parsed, file, sink);
  const base = parsed.value ?? Collection.parse({ name: basename(dir) || 'Collection' });
  const loaded = await loadItems(fs, dir, '', orderOf(parsed.raw, file, sink), sink, true);
  const files: Record<string, string> = {};
  const items = assignIds(loaded, (it) => sink.fileOf.get(it), files);
  let versions: FileVersions | undefined;
  return {
    collection: { ...base, items }, problems: sink.problems, warnings: sink.warnings, files,
    get versions() {
      if (!versions) {
        versions = Object.fromEntries([...sink.texts].map(([file, t]) => [file, versionOf(t)]));
        // Hashed once: the texts need not outlive the load.
        sink.texts.clear();
      }
      return versions;
    },
  };
}

async function loadItems(fs: FsLayer, dir: string, rel: string, order: string[] | undefined, sink: Sink, isRoot: boolean): Promise<Item[]> {
  const scan = await scanFolder(fs, dir, isRoot);
  const loaded = new Map<string, Item>();
  for (const r of scan.requests) {
    const file = join(dir, r.entry);
    if (r.text !== undefined) sink.texts.set(`${rel}${r.entry}`, r.text);
    const p = parseYamlFile(r.text ?? '', file, requestSchemaOf, withoutLayout);
    if (p.problem || !p.value) sink.problems.push(p.problem ?? malformedEmpty(file));
    else {
      const item: Item = isWebSocketRequest(p.value) || isGrpcRequest(p.value) ? p.value : { kind: 'request', ...p.value };
      sink.fileOf.set(item, `${rel}${r.entry}`);
      loaded.set(r.entry, item);
    }
    warnUnknown(p, file, sink);
  }
  for (const f of scan.folders) {
    const file = join(dir, f.entry, FOLDER_FILE);
    if (f.text !== undefined) sink.texts.set(`${rel}${f.entry}/${FOLDER_FILE}`, f.text);
    const p = parseYamlFile(f.text ?? '', file, Folder, withoutLayout);
    if (p.problem) sink.problems.push(p.problem);
    warnUnknown(p, file, sink);
    const fields = p.value ?? Folder.parse({ name: f.entry });
    const items = await loadItems(fs, join(dir, f.entry), `${rel}${f.entry}/`, orderOf(p.raw, file, sink), sink, false);
    // Not spread-then-add (`{ ...fields, items }`): see assignIds (identity.ts).
    const folder: Item = Object.assign({ kind: 'folder' as const }, fields, { items });
    sink.fileOf.set(folder, `${rel}${f.entry}/${FOLDER_FILE}`);
    loaded.set(f.entry, folder);
  }
  // Entries whose file exists but failed to load are already problems; only absent ones warn.
  const present = new Set([...scan.requests, ...scan.folders].map((e) => e.entry));
  return arrange(loaded, present, order, join(dir, isRoot ? COLLECTION_FILE : FOLDER_FILE), sink);
}

/** Listed entries first, in their order; then the unlisted ones (added by hand) sorted by name. */
function arrange(loaded: Map<string, Item>, present: Set<string>, order: string[] | undefined, file: string, sink: Sink): Item[] {
  const out: Item[] = [];
  const used = new Set<string>();
  for (const entry of order ?? []) {
    const item = loaded.get(entry);
    if (item === undefined) {
      if (!present.has(entry)) {
        sink.warnings.push(new KeyholeError('file-not-found', `${file}: order lists "${entry}", which does not exist; skipped`, {
          hint: 'Remove the entry from order: (saving the collection does this).',
          details: { file, entry },
        }));
      }
      continue;
    }
    if (used.has(entry)) continue;
    used.add(entry);
    out.push(item);
  }
  const rest = [...loaded.entries()].filter(([e]) => !used.has(e))
    .sort(([ea, a], [eb, b]) => a.name.localeCompare(b.name) || ea.localeCompare(eb));
  return [...out, ...rest.map(([, item]) => item)];
}

function orderOf(raw: unknown, file: string, sink: Sink): string[] | undefined {
  if (typeof raw !== 'object' || raw === null || !('order' in raw) || raw.order === undefined || raw.order === null) return undefined;
  const order = raw.order;
  if (Array.isArray(order) && order.every((e): e is string => typeof e === 'string')) return order;
  sink.problems.push(new KeyholeError('file-malformed', `${file}: field "order" must be a list of file and folder names; ignored`, {
    hint: 'Each entry is a request file name (get-user.request.yaml) or a folder name (users).',
    details: { file, field: 'order' },
  }));
  return undefined;
}

function warnUnknown(p: ParsedFile<unknown>, file: string, sink: Sink): void {
  for (const { key, line } of p.unknownKeys ?? []) {
    sink.warnings.push(new KeyholeError('file-malformed', `${file}:${line}: unknown field "${key}" was ignored (and is dropped by the next save)`, {
      hint: 'Check its spelling against the other files (headers, query, body, auth, settings...).',
      details: { file, line, field: key },
    }));
  }
}

function malformedEmpty(file: string): KeyholeError {
  return new KeyholeError('file-malformed', `${file}:1: the file could not be read as a request`, { details: { file, line: 1 } });
}
