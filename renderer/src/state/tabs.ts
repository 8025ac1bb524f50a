import { isKeyholeError } from '../../../shared/errors';
import { ScriptReport, type ShownResult } from '../../../shared/ipc';
import { GrpcRequest, isGrpcRequest, isWebSocketRequest, Request, WebSocketRequest, type Item, type KeyValue } from '../../../shared/model';
import { connectTab } from '../features/websocket/connections';
import { calls, cancelCall, invokeTab, isLive } from '../features/grpc/calls';
import { api } from '../lib/api';
import { createStore } from '../lib/store';
import { locate, replaceAt } from '../lib/tree';
import { normaliseRequestQuery } from '../lib/url-params';
import { askChoice } from '../ui/ask';
import { askOnConflict } from './conflict';
import { askWhereToSave, saveAsNew } from './save-as';
import { activeCollection, collectionById, environmentOf, loadWorkspace, refreshVariables, serialWrite, setCollection, workspace } from './workspace';

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

/**
 * An open tab. A tab that edits a saved request is bound to the request's id (`requestId`), never
 * to its name or place: a rename, a move or a reload finds it again (tab-sync.ts). Its folders
 * are looked up when it sends or saves.
 */
export interface Tab {
  id: string;
  collectionId?: string | undefined;
  requestId?: string | undefined;
  draft: Request;
  /** JSON of the request as last saved (or as the new tab began), for the unsaved marker. */
  saved?: string | undefined;
  /** The request file's version when `saved` was taken: a save refuses if the disk changed since. */
  version?: string | undefined;
  response?: ShownResult | undefined;
  sendId?: string | undefined;
  error?: TabError | undefined;
  /** The params table as last edited, so a disabled row keeps its place (see paramRows). */
  paramLayout?: KeyValue[] | undefined;
  /** Things the user must know about this tab (a secret not kept, its request deleted). */
  notes?: string[] | undefined;
  /**
   * Opened by a single click in the tree: the next single click replaces it (its title is
   * italic). A double click, Enter or any edit keeps it, as in VS Code.
   */
  preview?: boolean | undefined;
}

export interface TabsState { tabs: Tab[]; activeId?: string | undefined }

export const tabs = createStore<TabsState>({ tabs: [] });

let counter = 0;
export const newTabId = (): string => `t${Date.now().toString(36)}${(counter++).toString(36)}`;

// Drafts are immutable: each one is serialised once, however often the tab strip asks.
const serialised = new WeakMap<Request, string>();
export const json = (r: Request): string => {
  let s = serialised.get(r);
  if (s === undefined) serialised.set(r, (s = JSON.stringify(r)));
  return s;
};
export const isDirty = (t: Tab): boolean => t.saved !== json(t.draft);

export function activeTab(s: TabsState = tabs.get()): Tab | undefined {
  return s.tabs.find((t) => t.id === s.activeId);
}

/** A stored request as a tab's draft: no `kind` (a WebSocket or gRPC request keeps its own), query rows in the URL's order. */
export function asDraft(request: Request): Request {
  if (isGrpcRequest(request)) return request;
  if (isWebSocketRequest(request)) return { ...request, ...normaliseRequestQuery(request.url, request.query) };
  const { kind: _k, ...rest } = request as Request & { kind?: string };
  const q = normaliseRequestQuery(rest.url, rest.query);
  return { ...rest, ...q };
}

/** The version of a request's file as the workspace last loaded or saved it. */
export function fileVersion(collectionId: string | undefined, requestId: string | undefined): string | undefined {
  const wc = collectionById(collectionId);
  const file = requestId === undefined ? undefined : wc?.files[requestId];
  return file === undefined ? undefined : wc?.versions[file];
}

export function newTab(init: Partial<Request> = {}, o: { collectionId?: string | undefined; notes?: string[] } = {}): string {
  // A WebSocket or gRPC request (re-opened from the history) stays one: Request's schema would drop its kind.
  const draft: Request = isWebSocketRequest(init)
    ? WebSocketRequest.parse({ ...init, id: undefined })
    : isGrpcRequest(init) ? GrpcRequest.parse({ ...init, id: undefined })
    : Request.parse({ name: 'New request', url: '', ...init, id: undefined });
  // A blank tab has nothing to lose; one opened with content (from history) is unsaved work until saved.
  const blank = Object.keys(init).length === 0;
  const tab: Tab = { id: newTabId(), collectionId: o.collectionId ?? activeCollection()?.id, draft, ...(blank ? { saved: json(draft) } : {}), ...(o.notes ? { notes: o.notes } : {}) };
  tabs.set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
  return tab.id;
}

/**
 * Opens a saved request, or focuses the tab already editing it: one request, one tab. With
 * `preview` (a single click in the tree) it takes the place of the preview tab, if there is one.
 */
export function openRequest(collectionId: string, item: Item, o: { preview?: boolean } = {}): void {
  if (item.kind === 'folder') return;
  const existing = tabs.get().tabs.find((t) => t.collectionId === collectionId && t.requestId !== undefined && t.requestId === item.id);
  if (existing) return tabs.set((s) => ({ tabs: o.preview ? s.tabs : s.tabs.map((t) => (t === existing && t.preview ? { ...t, preview: false } : t)), activeId: existing.id }));
  const draft = asDraft(item);
  const tab: Tab = { id: newTabId(), collectionId, requestId: item.id, draft, saved: json(draft), version: fileVersion(collectionId, item.id), ...(o.preview ? { preview: true } : {}) };
  tabs.set((s) => {
    // The preview tab, or an untouched blank tab (the one the app starts with), gives way.
    const active = activeTab(s);
    const replaceable = (t: Tab | undefined): boolean => t !== undefined && !isDirty(t) && !t.sendId
      && ((o.preview === true && t.preview === true) || (t.requestId === undefined && t.draft.url === '' && !t.response));
    const target = replaceable(active) ? active : o.preview ? s.tabs.find((t) => t.preview && replaceable(t)) : undefined;
    if (target) return { tabs: s.tabs.map((t) => (t === target ? tab : t)), activeId: tab.id };
    return { tabs: [...s.tabs, tab], activeId: tab.id };
  });
}

/** Tabs closed by the user, newest last, for Ctrl+Shift+T (bounded: a draft's body can be large). */
const closedTabs: { tab: Tab; index: number }[] = [];
const CLOSED_KEPT = 20;

/** Reopens the most recently closed tab where it was, as it was (a bound one re-checks its request). */
export function reopenClosedTab(): void {
  const last = closedTabs.pop();
  if (!last) return;
  tabs.set((s) => {
    const list = [...s.tabs];
    list.splice(Math.min(last.index, list.length), 0, last.tab);
    return { tabs: list, activeId: last.tab.id };
  });
}

/** Removes a tab with no question asked; the neighbour to its right (else left) becomes active. */
export function dropTab(id: string, o: { reopenable?: boolean } = {}): void {
  const s0 = tabs.get();
  const gone = s0.tabs.findIndex((t) => t.id === id);
  const tab = s0.tabs[gone];
  if (tab && o.reopenable !== false) {
    closedTabs.push({ tab: { ...tab, sendId: undefined }, index: gone });
    if (closedTabs.length > CLOSED_KEPT) closedTabs.shift();
  }
  tabs.set((s) => {
    const i = s.tabs.findIndex((t) => t.id === id);
    const rest = s.tabs.filter((t) => t.id !== id);
    const activeId = s.activeId === id ? (rest[Math.min(i, rest.length - 1)]?.id) : s.activeId;
    return { tabs: rest, activeId };
  });
}

/**
 * Closes a tab; one with unsaved changes asks first (Save / Don't save / Cancel). Resolves to
 * whether it closed: Cancel, or a save that did not happen, keeps it open.
 */
export async function closeTab(id: string): Promise<boolean> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  if (!t) return true;
  if (isDirty(t)) {
    tabs.set((s) => ({ ...s, activeId: id }));
    const choice = await askChoice({
      title: 'Save changes?',
      message: `"${t.draft.name}" has changes that are not saved. Closing without saving loses them.`,
      choices: [{ id: 'save', label: 'Save', tone: 'primary' }, { id: 'discard', label: "Don't save", tone: 'danger' }, { id: 'cancel', label: 'Cancel' }],
      cancel: 'cancel', primary: 'save',
    });
    if (choice === 'cancel') return false;
    if (choice === 'save' && !(await save(id))) return false;
  }
  dropTab(id);
  return true;
}

export function updateTab(id: string, fn: (t: Tab) => Tab): void {
  tabs.set((s) => ({ ...s, tabs: s.tabs.map((t) => (t.id === id ? fn(t) : t)) }));
}

export function editDraft(id: string, fn: (r: Request) => Request): void {
  updateTab(id, (t) => ({ ...t, draft: fn(t.draft), preview: false }));
}

/** Where a tab's request is now: its collection, path and folders (undefined when unbound or gone). */
export function placeOf(t: Tab) {
  const wc = collectionById(t.collectionId);
  const at = wc ? locate(wc.collection.items, t.requestId) : undefined;
  return wc && at ? { wc, ...at } : undefined;
}

export async function send(id: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  if (!t || t.sendId) return;
  if (isWebSocketRequest(t.draft)) return connectTab(id);
  if (isGrpcRequest(t.draft)) return invokeTab(id);
  const sendId = newTabId();
  updateTab(id, (x) => ({ ...x, sendId, error: undefined }));
  // The tab's own collection and that collection's environment, whichever the sidebar shows now.
  const env = environmentOf(t.collectionId);
  const collectionId = collectionById(t.collectionId)?.id;
  try {
    const result = await api['request.send']({
      sendId, request: t.draft, folders: placeOf(t)?.folders ?? [], ...(t.requestId ? { requestId: t.requestId } : {}),
      ...(collectionId ? { collectionId } : {}), ...(env ? { environment: env } : {}),
    });
    updateTab(id, (x) => ({ ...x, response: result, sendId: undefined }));
    window.dispatchEvent(new CustomEvent('keyhole:sent'));
  } catch (e) {
    const error = tabError(e);
    updateTab(id, (x) => ({ ...x, sendId: undefined, error }));
  }
}

/** Whether the tab has something Cancel (Esc) can stop: a send, or a gRPC call still open. */
export const hasRunning = (t: Tab | undefined): boolean => t !== undefined && (t.sendId !== undefined || isLive(calls.get()[t.id]));

export async function cancel(id: string): Promise<void> {
  if (isLive(calls.get()[id])) return cancelCall(id);
  const sendId = tabs.get().tabs.find((x) => x.id === id)?.sendId;
  if (sendId) await api['request.cancel']({ sendId });
}

/**
 * Writes the draft to its request's file (request.save), found by id wherever it now is. A tab
 * with no saved request (new, from history, its request deleted) asks where to save it. The
 * file's version from when the tab took its baseline goes along: a file changed on disk since
 * opens the conflict dialog; `force` is the dialog's Overwrite. Resolves to whether it saved.
 */
export async function save(id: string, force = false): Promise<boolean> {
  const t0 = tabs.get().tabs.find((x) => x.id === id);
  if (!t0) return false;
  if (!placeOf(t0)) {
    const where = await askWhereToSave(t0);
    return where ? saveAsNew(id, where) : false;
  }
  return serialWrite(t0.collectionId ?? '', () => writeTab(id, force));
}

/** The write itself, run after the collection's earlier writes (their versions are current here). */
async function writeTab(id: string, force: boolean): Promise<boolean> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  const place = t ? placeOf(t) : undefined;
  if (!t || !place) return false;
  const { wc, path, folders, item: stored } = place;
  const draft = { ...t.draft, id: t.requestId };
  const file = t.requestId === undefined ? undefined : wc.files[t.requestId];
  const expected = { ...wc.versions, ...(file !== undefined && t.version !== undefined ? { [file]: t.version } : {}) };
  try {
    const r = await api['request.save']({ collectionId: wc.id, path: [...folders, stored.name], request: draft, expected, force });
    const files = { ...wc.files, ...r.files };
    const versions = r.versions ?? wc.versions;
    setCollection(wc.id, (c) => ({ ...c, collection: { ...c.collection, items: replaceAt(c.collection.items, path, { kind: 'request', ...draft }) }, versions, files }));
    const newFile = t.requestId === undefined ? undefined : files[t.requestId];
    updateTab(id, (x) => ({ ...x, saved: json(t.draft), version: newFile === undefined ? undefined : versions[newFile] }));
    void refreshVariables(wc.id);
    return true;
  } catch (e) {
    if (askOnConflict(e, { overwrite: async () => { await save(id, true); }, reload: () => reloadTab(id) })) return false;
    updateTab(id, (x) => ({ ...x, error: tabError(e) }));
    return false;
  }
}

/** The dialog's Reload: the workspace as it is on disk, and this tab's request from it, edits dropped. */
export async function reloadTab(id: string): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === id);
  if (!t) return;
  await loadWorkspace(workspace.get().activeId);
  const fresh = placeOf(t)?.item;
  if (!fresh || fresh.kind === 'folder') return;
  const draft = asDraft(fresh);
  updateTab(id, (x) => ({ ...x, draft, saved: json(draft), version: fileVersion(x.collectionId, x.requestId), paramLayout: undefined }));
}
