import { newItemId, type Item } from '../../../shared/model';
import { idsUnder, itemAt, locate, type Path } from '../lib/tree';
import { askChoice } from '../ui/ask';
import { dropTab, isDirty, json, tabs, updateTab, type Tab } from './tabs';
import { collectionById, treeEdits } from './workspace';

/**
 * Tree edits as the user makes them, with what they mean for open tabs. Rename, move and
 * duplicate need nothing here: tabs are bound by id (tab-sync.ts follows renames). Delete closes
 * the tabs of what it deleted, asks about those with unsaved edits, and its Undo reopens them.
 */
export const treeOps = {
  rename: treeEdits.rename,
  duplicate: treeEdits.duplicate,
  move: treeEdits.move,
  add: treeEdits.add,
  remove: removeItem,
};

async function removeItem(collectionId: string, path: Path): Promise<void> {
  const wc = collectionById(collectionId);
  const item = wc ? itemAt(wc.collection.items, path) : undefined;
  if (!wc || !item) return;
  const ids = new Set(idsUnder(item));
  const all = tabs.get();
  const affected = all.tabs.filter((t) => t.collectionId === collectionId && t.requestId !== undefined && ids.has(t.requestId));
  const closed: { tab: Tab; index: number }[] = affected.filter((t) => !isDirty(t)).map((tab) => ({ tab, index: all.tabs.indexOf(tab) }));
  const unsaved = affected.filter(isDirty);
  const wasActive = all.activeId;
  // Tabs with edits let go of the request first, so nothing reads them as bound to a deleted item.
  for (const t of unsaved) updateTab(t.id, (x) => ({ ...x, requestId: undefined, saved: undefined, version: undefined }));
  // Undo of the delete reopens these, not Ctrl+Shift+T: their requests are gone until then.
  for (const { tab } of closed) dropTab(tab.id, { reopenable: false });
  const parent = path.slice(0, -1);
  const parentId = parent.length === 0 ? undefined : itemAt(wc.collection.items, parent)?.id;
  await treeEdits.remove(collectionId, path, {
    label: `Deleted "${item.name}"`,
    restore: () => reopen(closed, wasActive),
  });
  for (const t of unsaved) await askAboutUnsaved(t, collectionId, parentId, closed);
}

/** Put back tabs a delete closed, at their old places in the strip, once Undo restored their requests. */
function reopen(closed: { tab: Tab; index: number }[], activeId: string | undefined): void {
  if (closed.length === 0) return;
  tabs.set((s) => {
    const list = [...s.tabs];
    for (const { tab, index } of [...closed].sort((a, b) => a.index - b.index)) {
      if (!list.some((t) => t.id === tab.id)) list.splice(Math.min(index, list.length), 0, tab);
    }
    return { tabs: list, activeId: closed.some((c) => c.tab.id === activeId) ? activeId : s.activeId };
  });
}

async function askAboutUnsaved(t: Tab, collectionId: string, parentId: string | undefined, closed: { tab: Tab; index: number }[]): Promise<void> {
  const current = tabs.get().tabs.find((x) => x.id === t.id);
  if (!current) return;
  tabs.set((s) => ({ ...s, activeId: t.id }));
  const choice = await askChoice({
    title: `"${current.draft.name}" was deleted`,
    message: 'Its tab has changes that were never saved. Save them as a new request where it was, or discard them.',
    choices: [{ id: 'save', label: 'Save as new', tone: 'primary' }, { id: 'discard', label: 'Discard', tone: 'danger' }],
    cancel: 'save', primary: 'save',
  });
  if (choice === 'discard') {
    // Undo brings the tab back as it was before the delete: bound, with its edits.
    closed.push({ tab: { ...current, requestId: t.requestId, saved: t.saved, version: t.version }, index: tabs.get().tabs.findIndex((x) => x.id === t.id) });
    dropTab(t.id, { reopenable: false });
    return;
  }
  const wc = collectionById(collectionId);
  const parent = parentId === undefined || !wc ? [] : locate(wc.collection.items, parentId)?.path ?? [];
  const draft = { ...current.draft, id: newItemId() };
  await treeEdits.add(collectionId, parent, { kind: 'request', ...draft } as Item);
  updateTab(t.id, (x) => ({ ...x, collectionId, requestId: draft.id, draft, saved: json(draft), version: undefined }));
}
