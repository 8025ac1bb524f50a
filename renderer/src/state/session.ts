import type { SessionTab, UiSession } from '../../../shared/ipc';
import { api } from '../lib/api';
import { locate } from '../lib/tree';
import { conflict } from './conflict';
import { asDraft, fileVersion, isDirty, json, reloadTab, save, tabs, type Tab } from './tabs';
import { layout } from './ui';
import { collectionById, refreshVariables, workspace } from './workspace';

/**
 * The session comes back: after a restart (or a reload in browser mode) the tabs in their order
 * with their unsaved drafts, the active tab, the active collection, each collection's environment,
 * expanded folders and pane sizes. The engine keeps it (session.save), secret values in the
 * secret store; this module turns the app's stores into it and back.
 */

/** The app's state as the session to keep. A clean tab keeps no draft: it reopens from its file. */
export function snapshot(): UiSession {
  const t = tabs.get();
  const w = workspace.get();
  const l = layout.get();
  return {
    version: 1,
    tabs: t.tabs.map((tab): SessionTab => {
      const dirty = isDirty(tab);
      const bound = tab.requestId !== undefined;
      return {
        id: tab.id, dirty, secrets: [], dropped: false,
        ...(tab.collectionId ? { collectionId: tab.collectionId } : {}),
        ...(bound ? { requestId: tab.requestId } : {}),
        ...(dirty || !bound ? { draft: tab.draft } : {}),
        ...(tab.version ? { version: tab.version } : {}),
      };
    }),
    ...(t.activeId ? { activeTabId: t.activeId } : {}),
    ...(w.activeId ? { activeCollectionId: w.activeId } : {}),
    environments: w.environments,
    expanded: l.expanded,
    layout: l.panes,
  };
}

/** A restored tab whose file changed on disk since its draft was made: the conflict dialog asks. */
interface Stale { tabId: string; file: string }

function restoreTab(s: SessionTab, notes: string[]): { tab: Tab; stale?: Stale } | undefined {
  const wc = collectionById(s.collectionId);
  const at = wc && s.requestId !== undefined ? locate(wc.collection.items, s.requestId) : undefined;
  const base = { id: s.id, collectionId: wc?.id ?? s.collectionId, ...(notes.length ? { notes } : {}) };
  if (at && at.item.kind !== 'folder' && wc) {
    const stored = asDraft(at.item);
    const version = fileVersion(wc.id, s.requestId);
    if (!s.dirty || !s.draft) return { tab: { ...base, requestId: s.requestId, draft: stored, saved: json(stored), version } };
    const tab: Tab = { ...base, requestId: s.requestId, draft: s.draft, saved: json(stored), version: s.version ?? version };
    const file = wc.files[s.requestId ?? ''];
    return s.version !== undefined && s.version !== version && file ? { tab, stale: { tabId: s.id, file } } : { tab };
  }
  if (!s.draft) return undefined;
  if (s.requestId !== undefined) notes.push(`"${s.draft.name}" is no longer in its collection: Save puts this tab's request back as a new one.`);
  return { tab: { ...base, draft: s.draft, ...(s.dirty ? {} : { saved: json(s.draft) }), ...(notes.length ? { notes } : {}) } };
}

/** Loads the last session into the stores; resolves once the tabs are back (conflicts ask after). */
export async function restoreSession(): Promise<void> {
  let loaded;
  try {
    loaded = await api['session.load']({});
  } catch {
    return;
  }
  const s = loaded.session;
  if (!s) return;
  workspace.set((w) => {
    const activeId = collectionById(s.activeCollectionId, w)?.id ?? w.activeId;
    const environments = { ...s.environments, ...w.environments };
    const chosen = activeId === undefined ? undefined : environments[activeId];
    const wc = collectionById(activeId, w);
    const environment = chosen === null ? undefined : wc?.environments.some((e) => e.name === chosen) ? (chosen ?? undefined) : wc?.environments[0]?.name;
    return { ...w, activeId, environments, environment };
  });
  layout.set({ expanded: s.expanded, panes: s.layout });
  const restored = s.tabs.flatMap((t) => restoreTab(t, [...(loaded.notes[t.id] ?? [])]) ?? []);
  if (restored.length > 0) {
    const list = restored.map((r) => r.tab);
    tabs.set({ tabs: list, activeId: list.some((t) => t.id === s.activeTabId) ? s.activeTabId : list[0]?.id });
  }
  void refreshVariables();
  void askAboutStale(restored.flatMap((r) => (r.stale ? [r.stale] : [])));
}

async function askAboutStale(stale: Stale[]): Promise<void> {
  for (const { tabId, file } of stale) {
    tabs.set((x) => ({ ...x, activeId: tabId }));
    await new Promise<void>((resolve) => {
      conflict.set({
        files: [file],
        overwrite: async () => { await save(tabId, true); },
        reload: () => reloadTab(tabId),
      });
      const stop = conflict.subscribe(() => { if (!conflict.get()) { stop(); resolve(); } });
    });
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
let last = '';

/** Writes the session now if it changed since the last write. */
export async function flushSession(): Promise<void> {
  if (timer) { clearTimeout(timer); timer = undefined; }
  const session = snapshot();
  const text = JSON.stringify(session);
  if (text === last) return;
  last = text;
  await api['session.save']({ session }).catch(() => { last = ''; });
}

/** Keeps the session written a moment after each change; returns the unsubscribe function. */
export function persistSession(delayMs = 300): () => void {
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flushSession(), delayMs);
  };
  const stops = [tabs.subscribe(schedule), workspace.subscribe(schedule), layout.subscribe(schedule)];
  return () => { for (const s of stops) s(); };
}

