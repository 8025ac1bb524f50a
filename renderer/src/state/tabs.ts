import { isKeyholeError } from '../../../shared/errors';
import { ScriptReport, type SendResult } from '../../../shared/ipc';
import { Request, type Item, type KeyValue } from '../../../shared/model';
import { api } from '../lib/api';
import { createStore } from '../lib/store';
import { itemAt, replaceAt, type Path } from '../lib/tree';
import { normaliseRequestQuery } from '../lib/url-params';
import { activeCollection, saveCollection, workspace } from './workspace';

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

export const isDirty = (t: Tab): boolean => t.saved !== JSON.stringify(t.draft);

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

/** Writes the draft back into its collection (a new request goes to the top level). */
export async function save(id: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  const wc = workspace.get().collections.find((c) => c.id === t?.collectionId) ?? activeCollection();
  if (!t || !wc) return;
  const item = { kind: 'request', ...t.draft } as Item;
  const items = wc.collection.items;
  let path: Path | undefined = t.path;
  let next: Item[];
  if (path && itemAt(items, path)?.kind === 'request') next = replaceAt(items, path, item);
  else {
    next = [...items, item];
    path = [next.length - 1];
  }
  await saveCollection(wc.id, { ...wc.collection, items: next });
  updateTab(id, (x) => ({ ...x, collectionId: wc.id, path: [...(path ?? [])], saved: JSON.stringify(x.draft) }));
}
