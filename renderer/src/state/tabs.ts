import { isKeyholeError } from '../../../shared/errors';
import { ScriptReport, type SendResult } from '../../../shared/ipc';
import { Request, type Item, type KeyValue } from '../../../shared/model';
import { api } from '../lib/api';
import { createStore } from '../lib/store';
import { itemAt, replaceAt, type Path } from '../lib/tree';
import { normaliseRequestQuery } from '../lib/url-params';
import { askOnConflict } from './conflict';
import { activeCollection, loadWorkspace, refreshVariables, saveCollection, setCollection, workspace } from './workspace';

export interface TabError {
  code: string;
  message: string;
  hint?: string | undefined;
  /** What the scripts asserted and printed before the failure (a pre-request script that threw). */
  tests?: ScriptReport | undefined;
}

/** A failed send as the tab shows it, with the scripts' report when the engine sent one along. */
export function tabError(e: unknown): TabError {
  if (!isKeyholeError(e)) return { code: 'internal', message: String(e) };
  const tests = ScriptReport.safeParse(e.details?.tests);
  return { code: e.code, message: e.message, hint: e.hint, ...(tests.success ? { tests: tests.data } : {}) };
}

export interface Tab {
  id: string;
  collectionId?: string | undefined;
  folders: string[];
  /** Where the request is stored (index path) when it was opened; undefined for a new request. */
  path?: number[] | undefined;
  draft: Request;
  /** JSON of the request as last saved, for the unsaved marker. */
  saved?: string | undefined;
  response?: SendResult | undefined;
  sendId?: string | undefined;
  error?: TabError | undefined;
  /** The params table as last edited, so a disabled row keeps its place (see paramRows). */
  paramLayout?: KeyValue[] | undefined;
}

export interface TabsState { tabs: Tab[]; activeId?: string | undefined }

export const tabs = createStore<TabsState>({ tabs: [] });

let counter = 0;
const newId = (): string => `t${Date.now().toString(36)}${(counter++).toString(36)}`;

// Drafts are immutable: each one is serialised once, however often the tab strip asks.
const serialised = new WeakMap<Request, string>();
export const isDirty = (t: Tab): boolean => {
  let json = serialised.get(t.draft);
  if (json === undefined) serialised.set(t.draft, (json = JSON.stringify(t.draft)));
  return t.saved !== json;
};

export function activeTab(s: TabsState = tabs.get()): Tab | undefined {
  return s.tabs.find((t) => t.id === s.activeId);
}

function clean(request: Request): Request {
  const { kind: _k, ...rest } = request as Request & { kind?: string };
  const q = normaliseRequestQuery(rest.url, rest.query);
  return { ...rest, ...q };
}

export function newTab(init: Partial<Request> = {}): string {
  const draft = Request.parse({ name: 'New request', url: '', ...init });
  const tab: Tab = { id: newId(), collectionId: activeCollection()?.id, folders: [], draft };
  tabs.set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
  return tab.id;
}

export function openRequest(collectionId: string, path: number[], folders: string[], request: Request): void {
  const existing = tabs.get().tabs.find((t) => t.collectionId === collectionId && t.path?.join('.') === path.join('.'));
  if (existing) return tabs.set((s) => ({ ...s, activeId: existing.id }));
  const draft = clean(request);
  const tab: Tab = { id: newId(), collectionId, folders, path, draft, saved: JSON.stringify(draft) };
  tabs.set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
}

export function closeTab(id: string): void {
  tabs.set((s) => {
    const i = s.tabs.findIndex((t) => t.id === id);
    const rest = s.tabs.filter((t) => t.id !== id);
    const activeId = s.activeId === id ? (rest[Math.min(i, rest.length - 1)]?.id) : s.activeId;
    return { tabs: rest, activeId };
  });
}

export function updateTab(id: string, fn: (t: Tab) => Tab): void {
  tabs.set((s) => ({ ...s, tabs: s.tabs.map((t) => (t.id === id ? fn(t) : t)) }));
}

export function editDraft(id: string, fn: (r: Request) => Request): void {
  updateTab(id, (t) => ({ ...t, draft: fn(t.draft) }));
}

export async function send(id: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  if (!t || t.sendId) return;
  const sendId = newId();
  updateTab(id, (x) => ({ ...x, sendId, error: undefined }));
  const env = workspace.get().environment;
  try {
    const result = await api['request.send']({
      sendId, request: t.draft, folders: t.folders,
      ...(t.collectionId ? { collectionId: t.collectionId } : {}), ...(env ? { environment: env } : {}),
    });
    updateTab(id, (x) => ({ ...x, response: result, sendId: undefined }));
    window.dispatchEvent(new CustomEvent('keyhole:sent'));
  } catch (e) {
    const error = tabError(e);
    updateTab(id, (x) => ({ ...x, sendId: undefined, error }));
  }
}

export async function cancel(id: string): Promise<void> {
  const sendId = tabs.get().tabs.find((x) => x.id === id)?.sendId;
  if (sendId) await api['request.cancel']({ sendId });
}

/**
 * Writes the draft back into its collection: an opened request as its own file (request.save),
 * a new one appended to the top level (collection.save). Either passes the versions the collection
 * was loaded with, so a file changed on disk since opens the conflict dialog instead of being
 * overwritten; `force` is the dialog's Overwrite.
 */
export async function save(id: string, force = false): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  const wc = workspace.get().collections.find((c) => c.id === t?.collectionId) ?? activeCollection();
  if (!t || !wc) return;
  const item = { kind: 'request', ...t.draft } as Item;
  const items = wc.collection.items;
  const stored = t.path ? itemAt(items, t.path) : undefined;
  const draft = t.draft;
  try {
    let path: Path;
    if (t.path && stored?.kind === 'request') {
      path = t.path;
      const { versions } = await api['request.save']({ collectionId: wc.id, path: [...t.folders, stored.name], request: draft, expected: wc.versions, force });
      setCollection(wc.id, (c) => ({ ...c, collection: { ...c.collection, items: replaceAt(c.collection.items, path, item) }, versions: versions ?? c.versions }));
    } else {
      path = [items.length];
      await saveCollection(wc.id, { ...wc.collection, items: [...items, item] }, undefined, { force, rethrow: true });
    }
    updateTab(id, (x) => ({ ...x, collectionId: wc.id, path: [...path], saved: JSON.stringify(draft) }));
    void refreshVariables();
  } catch (e) {
    // A new request shown optimistically in the tree is taken out again: it was not saved.
    if (stored?.kind !== 'request') setCollection(wc.id, (c) => ({ ...c, collection: wc.collection }));
    if (askOnConflict(e, { overwrite: () => save(id, true), reload: () => reloadTab(id) })) return;
    updateTab(id, (x) => ({ ...x, error: tabError(e) }));
  }
}

/** The dialog's Reload: the workspace as it is on disk, and this tab's request from it, edits dropped. */
async function reloadTab(id: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  if (!t) return;
  await loadWorkspace(t.collectionId);
  const wc = workspace.get().collections.find((c) => c.id === t.collectionId);
  const fresh = t.path && wc ? itemAt(wc.collection.items, t.path) : undefined;
  if (fresh?.kind !== 'request') return;
  const draft = clean(fresh);
  updateTab(id, (x) => ({ ...x, draft, saved: JSON.stringify(draft), paramLayout: undefined }));
}
