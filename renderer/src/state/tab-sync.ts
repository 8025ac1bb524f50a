import type { WorkspaceCollection } from '../../../shared/ipc';
import { locate } from '../lib/tree';
import { asDraft, fileVersion, isDirty, json, tabs, type Tab } from './tabs';
import { onCollectionSaved, workspace } from './workspace';

/**
 * Keeps tabs true to the requests they are bound to, whatever changed the tree: a rename (in the
 * tree, or in a file edited outside the app and reloaded) renames the tab; a tab without unsaved
 * edits follows its request's new content; a tab whose request is gone is unbound and says so,
 * keeping its draft (its Save then asks where to put it). Bound by id, a move changes nothing here.
 */
export function reconcile(t: Tab, collections: readonly WorkspaceCollection[]): Tab {
  if (t.requestId === undefined) return t;
  const wc = collections.find((c) => c.id === t.collectionId);
  if (!wc) return t;
  const at = locate(wc.collection.items, t.requestId);
  if (!at || at.item.kind === 'folder') {
    return {
      ...t, requestId: undefined, saved: undefined, version: undefined,
      notes: [...(t.notes ?? []), `"${t.draft.name}" is no longer in ${wc.collection.name}: Save puts this tab's request back as a new one.`],
    };
  }
  const stored = asDraft(at.item);
  if (!isDirty(t)) {
    if (json(stored) === t.saved) {
      const version = fileVersion(wc.id, t.requestId);
      return version === t.version ? t : { ...t, version };
    }
    return { ...t, draft: stored, saved: json(stored), version: fileVersion(wc.id, t.requestId), paramLayout: undefined };
  }
  // Unsaved edits stay; only the name follows a rename, in the draft and in the baseline alike.
  let baseline: { name?: string } = {};
  try { baseline = JSON.parse(t.saved ?? '{}') as { name?: string }; } catch { /* no baseline: nothing to follow */ }
  if (baseline.name === undefined || baseline.name === stored.name) return t;
  const draft = { ...t.draft, name: stored.name };
  return { ...t, draft, saved: JSON.stringify({ ...baseline, name: stored.name }) };
}

/**
 * After the app wrote a collection: a tab whose draft was based on its file as it was before this
 * save is now based on the file as the save left it (a rename or move rewrote it, nobody else did).
 */
function rebase(before: WorkspaceCollection, after: WorkspaceCollection): void {
  tabs.set((s) => {
    let changed = false;
    const next = s.tabs.map((t) => {
      if (t.collectionId !== after.id || t.requestId === undefined || t.version === undefined) return t;
      const was = before.files[t.requestId];
      const now = after.files[t.requestId];
      if (was === undefined || now === undefined || before.versions[was] !== t.version) return t;
      const version = after.versions[now];
      if (version === t.version) return t;
      changed = true;
      return { ...t, version };
    });
    return changed ? { ...s, tabs: next } : s;
  });
}

/** Starts following the workspace; returns the unsubscribe function. */
export function followWorkspace(): () => void {
  const stopRebase = onCollectionSaved(rebase);
  let last = workspace.get().collections;
  const stop = workspace.subscribe(() => {
    const now = workspace.get().collections;
    if (now === last) return;
    last = now;
    tabs.set((s) => {
      let changed = false;
      const next = s.tabs.map((t) => {
        const r = reconcile(t, now);
        if (r !== t) changed = true;
        return r;
      });
      return changed ? { ...s, tabs: next } : s;
    });
  });
  return () => { stop(); stopRebase(); };
}
