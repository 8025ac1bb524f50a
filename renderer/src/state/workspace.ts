import type { AppInfo, VariableInfo, WorkspaceCollection } from '../../../shared/ipc';
import type { Collection, Environment, Item } from '../../../shared/model';
import { api } from '../lib/api';
import { createStore } from '../lib/store';
import { askOnConflict } from './conflict';
import { itemAt, moveItem, removeAt, replaceAt, duplicateAt, type Path } from '../lib/tree';

export interface WorkspaceState {
  loaded: boolean;
  error?: string | undefined;
  info?: AppInfo | undefined;
  root: string;
  collections: WorkspaceCollection[];
  activeId?: string | undefined;
  /** The active collection's environment (a copy of `environments[activeId]`, for readers of one). */
  environment?: string | undefined;
  /**
   * Each collection's chosen environment: a name, or null for "No environment" chosen on purpose.
   * Absent means never chosen (the first environment is then used). Tabs send with their own
   * collection's choice, whichever collection the sidebar shows.
   */
  environments: Record<string, string | null>;
  /** Variables in scope for the active collection and its environment (URL bar highlighting). */
  variables: VariableInfo[];
  /** The same per collection, for tabs of a collection other than the active one. */
  variablesBy: Record<string, VariableInfo[]>;
  /** The last destructive tree edit, undoable once. */
  undo?: { label: string; id: string; collection: Collection; restore?: (() => void) | undefined } | undefined;
}

export const workspace = createStore<WorkspaceState>({ loaded: false, root: '', collections: [], variables: [], variablesBy: {}, environments: {} });

export function activeCollection(s: WorkspaceState = workspace.get()): WorkspaceCollection | undefined {
  return s.collections.find((c) => c.id === s.activeId) ?? s.collections[0];
}

export function collectionById(id: string | undefined, s: WorkspaceState = workspace.get()): WorkspaceCollection | undefined {
  return id === undefined ? undefined : s.collections.find((c) => c.id === id);
}

/** The environment a collection's requests send with: the one chosen for it, else its first. */
export function environmentOf(collectionId: string | undefined, s: WorkspaceState = workspace.get()): string | undefined {
  const wc = collectionById(collectionId, s);
  if (!wc) return undefined;
  const chosen = s.environments[wc.id];
  if (chosen === null) return undefined;
  return wc.environments.some((e) => e.name === chosen) ? chosen : wc.environments[0]?.name;
}

export function activeEnvironment(s: WorkspaceState = workspace.get()): Environment | undefined {
  return activeCollection(s)?.environments.find((e) => e.name === s.environment);
}

/** Recomputes the active collection's copies after the collections or the choices changed. */
function withActive(s: WorkspaceState): WorkspaceState {
  const activeId = collectionById(s.activeId, s)?.id ?? s.collections[0]?.id;
  return { ...s, activeId, environment: environmentOf(activeId, s) };
}

export async function loadWorkspace(prefer?: string): Promise<void> {
  try {
    const [info, ws] = await Promise.all([workspace.get().info ? Promise.resolve(workspace.get().info as AppInfo) : api['app.info']({}), api['workspace.get']({})]);
    workspace.set((s) => withActive({ ...s, loaded: true, error: undefined, info, root: ws.root, collections: ws.collections, activeId: prefer ?? s.activeId }));
    await refreshVariables();
  } catch (e) {
    workspace.set((s) => ({ ...s, loaded: true, error: e instanceof Error ? e.message : String(e) }));
  }
}

/** Reloads the variables in scope of one collection (default: the active one) with its environment. */
export async function refreshVariables(collectionId: string | undefined = workspace.get().activeId): Promise<void> {
  const s = workspace.get();
  const id = collectionById(collectionId, s)?.id;
  const environment = environmentOf(id, s);
  let variables: VariableInfo[] = [];
  try {
    variables = await api['variables.list']({ ...(id ? { collectionId: id } : {}), ...(environment ? { environment } : {}) });
  } catch {
    // A collection that no longer loads has no variables to offer; the send reports why.
  }
  workspace.set((x) => ({
    ...x,
    ...(id === x.activeId ? { variables } : {}),
    variablesBy: id ? { ...x.variablesBy, [id]: variables } : x.variablesBy,
  }));
}

export function selectCollection(id: string): void {
  workspace.set((s) => withActive({ ...s, activeId: id }));
  void refreshVariables();
}

/** Chooses the active collection's environment (undefined: "No environment"); other collections keep theirs. */
export function selectEnvironment(name: string | undefined): void {
  const id = workspace.get().activeId;
  if (id === undefined) return;
  workspace.set((s) => withActive({ ...s, environments: { ...s.environments, [id]: name ?? null } }));
  void refreshVariables(id);
}

export async function createCollection(name: string): Promise<WorkspaceCollection> {
  const c = await api['collection.create']({ name });
  await loadWorkspace(c.id);
  return c;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs a collection's writes one at a time, in the order asked. A save reads the versions the last
 * write left; without the queue a Ctrl+S right after a rename would send the versions from before
 * the rename while the engine already wrote it, and be refused as "changed on disk".
 */
export function serialWrite<T>(collectionId: string, write: () => Promise<T>): Promise<T> {
  const prev = queues.get(collectionId) ?? Promise.resolve();
  const next = prev.then(write, write);
  queues.set(collectionId, next.catch(() => undefined));
  return next;
}

type SavedListener = (before: WorkspaceCollection, after: WorkspaceCollection) => void;
const savedListeners = new Set<SavedListener>();

/**
 * Called after the app itself wrote a collection (a rename, a move, a new item): files it rewrote
 * have new versions that are not "changed on disk" for tabs based on the old ones (tab-sync.ts).
 */
export function onCollectionSaved(listener: SavedListener): () => void {
  savedListeners.add(listener);
  return () => savedListeners.delete(listener);
}

/** Replaces one collection of the workspace state (after a save the engine accepted). */
export function setCollection(id: string, fn: (c: WorkspaceCollection) => WorkspaceCollection): void {
  workspace.set((s) => ({ ...s, collections: s.collections.map((c) => (c.id === id ? fn(c) : c)) }));
}

/**
 * Saves a collection (optimistically shown), keeping the previous one for undo when asked. It
 * passes the versions it was loaded with: a file changed on disk since opens the conflict dialog
 * (Overwrite saves again with force; Reload loads the disk's state) unless `rethrow` hands the
 * error to the caller, which asks itself.
 */
export function saveCollection(id: string, collection: Collection, undo?: { label: string; restore?: () => void }, o: { force?: boolean; rethrow?: boolean } = {}): Promise<void> {
  return serialWrite(id, () => writeCollection(id, collection, undo, o));
}

async function writeCollection(id: string, collection: Collection, undo: { label: string; restore?: () => void } | undefined, o: { force?: boolean; rethrow?: boolean }): Promise<void> {
  const before = workspace.get().collections.find((c) => c.id === id);
  workspace.set((s) => ({
    ...s,
    collections: s.collections.map((c) => (c.id === id ? { ...c, collection } : c)),
    undo: undo && before ? { label: undo.label, id, collection: before.collection, restore: undo.restore } : s.undo,
  }));
  try {
    const { versions, files } = await api['collection.save']({ id, collection, ...(before ? { expected: before.versions } : {}), force: o.force ?? false });
    // Items moved or renamed: each one's file (and so each tab's version) is where the engine put it.
    setCollection(id, (c) => ({ ...c, versions: versions ?? c.versions, files: files ?? c.files }));
    const after = collectionById(id);
    if (before && after) for (const l of savedListeners) l(before, after);
  } catch (e) {
    if (o.rethrow) throw e;
    if (askOnConflict(e, { overwrite: () => saveCollection(id, collection, undefined, { force: true }), reload: () => loadWorkspace(id) })) return;
    throw e;
  }
  void refreshVariables(id);
}

export async function undoLast(): Promise<void> {
  const u = workspace.get().undo;
  if (!u) return;
  workspace.set((s) => ({ ...s, undo: undefined }));
  await saveCollection(u.id, u.collection);
  u.restore?.();
}

export function editItems(id: string, fn: (items: Item[]) => Item[], undo?: { label: string; restore?: () => void }): Promise<void> {
  const wc = workspace.get().collections.find((c) => c.id === id);
  if (!wc) return Promise.resolve();
  return saveCollection(id, { ...wc.collection, items: fn(wc.collection.items) }, undo);
}

/** Tree edits that need no tab bookkeeping (rename and delete are in tree-ops.ts, which has it). */
export const treeEdits = {
  rename: (id: string, path: Path, name: string) => editItems(id, (items) => {
    const it = itemAt(items, path);
    return it ? replaceAt(items, path, { ...it, name } as Item) : items;
  }),
  duplicate: (id: string, path: Path) => editItems(id, (items) => duplicateAt(items, path)),
  remove: (id: string, path: Path, undo: { label: string; restore?: () => void }) => editItems(id, (items) => removeAt(items, path), undo),
  move: (id: string, from: Path, parent: Path, index: number) => editItems(id, (items) => moveItem(items, from, parent, index)),
  add: (id: string, parent: Path, item: Item) => editItems(id, (items) => {
    if (parent.length === 0) return [...items, item];
    const folder = itemAt(items, parent);
    return folder?.kind === 'folder' ? replaceAt(items, parent, { ...folder, items: [...folder.items, item] }) : items;
  }),
};

export async function saveEnvironment(environment: Environment, previousName?: string): Promise<void> {
  const id = activeCollection()?.id;
  if (!id) return;
  await api['environment.save']({ collectionId: id, environment, ...(previousName ? { previousName } : {}) });
  // A renamed environment that was the collection's choice stays its choice under the new name.
  if (previousName !== undefined && workspace.get().environments[id] === previousName) {
    workspace.set((s) => ({ ...s, environments: { ...s.environments, [id]: environment.name } }));
  }
  await loadWorkspace(id);
}

export async function deleteEnvironment(name: string): Promise<void> {
  const id = activeCollection()?.id;
  if (!id) return;
  await api['environment.delete']({ collectionId: id, name });
  await loadWorkspace(id);
}
