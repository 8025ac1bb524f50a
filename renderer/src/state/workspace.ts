import type { AppInfo, VariableInfo, WorkspaceCollection } from '../../../shared/ipc';
import type { Collection, Environment, Item } from '../../../shared/model';
import { api } from '../lib/api';
import { createStore } from '../lib/store';
import { askOnConflict } from './conflict';
import { duplicateAt, itemAt, moveItem, removeAt, replaceAt, type Path } from '../lib/tree';

export interface WorkspaceState {
  loaded: boolean;
  error?: string | undefined;
  info?: AppInfo | undefined;
  root: string;
  collections: WorkspaceCollection[];
  activeId?: string | undefined;
  environment?: string | undefined;
  variables: VariableInfo[];
  /** The last destructive tree edit, undoable once. */
  undo?: { label: string; id: string; collection: Collection } | undefined;
}

export const workspace = createStore<WorkspaceState>({ loaded: false, root: '', collections: [], variables: [] });

const ENV_KEY = 'keyhole.environment';

export function activeCollection(s: WorkspaceState = workspace.get()): WorkspaceCollection | undefined {
  return s.collections.find((c) => c.id === s.activeId) ?? s.collections[0];
}

export function activeEnvironment(s: WorkspaceState = workspace.get()): Environment | undefined {
  return activeCollection(s)?.environments.find((e) => e.name === s.environment);
}

export async function loadWorkspace(prefer?: string): Promise<void> {
  try {
    const [info, ws] = await Promise.all([workspace.get().info ? Promise.resolve(workspace.get().info as AppInfo) : api['app.info']({}), api['workspace.get']({})]);
    workspace.set((s) => {
      const activeId = ws.collections.find((c) => c.id === (prefer ?? s.activeId))?.id ?? ws.collections[0]?.id;
      const envs = ws.collections.find((c) => c.id === activeId)?.environments ?? [];
      const wanted = s.environment ?? localStorage.getItem(ENV_KEY) ?? undefined;
      const environment = envs.some((e) => e.name === wanted) ? wanted : envs[0]?.name;
      return { ...s, loaded: true, error: undefined, info, root: ws.root, collections: ws.collections, activeId, environment };
    });
    await refreshVariables();
  } catch (e) {
    workspace.set((s) => ({ ...s, loaded: true, error: e instanceof Error ? e.message : String(e) }));
  }
}

export async function refreshVariables(): Promise<void> {
  const s = workspace.get();
  const id = activeCollection(s)?.id;
  try {
    const variables = await api['variables.list']({ ...(id ? { collectionId: id } : {}), ...(s.environment ? { environment: s.environment } : {}) });
    workspace.set((x) => ({ ...x, variables }));
  } catch {
    workspace.set((x) => ({ ...x, variables: [] }));
  }
}

export function selectCollection(id: string): void {
  workspace.set((s) => {
    const envs = s.collections.find((c) => c.id === id)?.environments ?? [];
    return { ...s, activeId: id, environment: envs.some((e) => e.name === s.environment) ? s.environment : envs[0]?.name };
  });
  void refreshVariables();
}

export function selectEnvironment(name: string | undefined): void {
  workspace.set((s) => ({ ...s, environment: name }));
  if (name) localStorage.setItem(ENV_KEY, name);
  void refreshVariables();
}

export async function createCollection(name: string): Promise<void> {
  const c = await api['collection.create']({ name });
  await loadWorkspace(c.id);
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
export async function saveCollection(id: string, collection: Collection, undoLabel?: string, o: { force?: boolean; rethrow?: boolean } = {}): Promise<void> {
  const before = workspace.get().collections.find((c) => c.id === id);
  workspace.set((s) => ({
    ...s,
    collections: s.collections.map((c) => (c.id === id ? { ...c, collection } : c)),
    undo: undoLabel && before ? { label: undoLabel, id, collection: before.collection } : s.undo,
  }));
  try {
    const { versions } = await api['collection.save']({ id, collection, ...(before ? { expected: before.versions } : {}), force: o.force ?? false });
    if (versions) setCollection(id, (c) => ({ ...c, versions }));
  } catch (e) {
    if (o.rethrow) throw e;
    if (askOnConflict(e, { overwrite: () => saveCollection(id, collection, undefined, { force: true }), reload: () => loadWorkspace(id) })) return;
    throw e;
  }
  void refreshVariables();
}

export async function undoLast(): Promise<void> {
  const u = workspace.get().undo;
  if (!u) return;
  workspace.set((s) => ({ ...s, undo: undefined }));
  await saveCollection(u.id, u.collection);
}

function editItems(id: string, fn: (items: Item[]) => Item[], undoLabel?: string): Promise<void> {
  const wc = workspace.get().collections.find((c) => c.id === id);
  if (!wc) return Promise.resolve();
  return saveCollection(id, { ...wc.collection, items: fn(wc.collection.items) }, undoLabel);
}

export const treeOps = {
  rename: (id: string, path: Path, name: string) => editItems(id, (items) => {
    const it = itemAt(items, path);
    return it ? replaceAt(items, path, { ...it, name } as Item) : items;
  }),
  duplicate: (id: string, path: Path) => editItems(id, (items) => duplicateAt(items, path)),
  remove: (id: string, path: Path) => {
    const it = itemAt(activeCollection()?.collection.items ?? [], path);
    return editItems(id, (items) => removeAt(items, path), `Deleted "${it?.name ?? 'item'}"`);
  },
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
  await loadWorkspace(id);
}

export async function deleteEnvironment(name: string): Promise<void> {
  const id = activeCollection()?.id;
  if (!id) return;
  await api['environment.delete']({ collectionId: id, name });
  if (workspace.get().environment === name) workspace.set((s) => ({ ...s, environment: undefined }));
  await loadWorkspace(id);
}
