import { newItemId } from '../../../shared/model';
import { createStore } from '../lib/store';
import { locate } from '../lib/tree';
import { notify } from './ui';
import { fileVersion, json, tabError, tabs, updateTab, type Tab } from './tabs';
import { collectionById, createCollection, treeEdits } from './workspace';

/** Where the "Save request" dialog puts a request that has no place yet. */
export interface SaveTarget {
  /** An existing collection, or a new one made with this name when the user saves. */
  collection: { id: string } | { create: string };
  /** A folder of that collection by id; undefined for its top level. */
  folderId?: string | undefined;
  name: string;
}

export interface SaveAsRequest {
  tab: Tab;
  answer: (target: SaveTarget | undefined) => void;
}

/** The open "Save request" dialog (SaveRequestDialog renders it), if any. */
export const saveAsDialog = createStore<SaveAsRequest | undefined>(undefined);

/** Opens the "Save request" dialog for a tab whose request has no place; undefined when cancelled. */
export function askWhereToSave(tab: Tab): Promise<SaveTarget | undefined> {
  return new Promise((resolve) => saveAsDialog.set({ tab, answer: (target) => { saveAsDialog.set(undefined); resolve(target); } }));
}

/**
 * Saves a tab's draft as a new request (a new id) where the user chose, and binds the tab to it.
 * Resolves to whether it saved; a failure stays on the tab as its error.
 */
export async function saveAsNew(tabId: string, target: SaveTarget): Promise<boolean> {
  try {
    const collectionId = 'id' in target.collection ? target.collection.id : (await createCollection(target.collection.create)).id;
    const wc = collectionById(collectionId);
    if (!wc) throw new Error(`The collection "${collectionId}" is no longer in the workspace`);
    const parent = target.folderId === undefined ? [] : locate(wc.collection.items, target.folderId)?.path;
    if (parent === undefined) throw new Error('The folder chosen to save in no longer exists');
    const tab = currentTab(tabId);
    if (!tab) return false;
    const draft = { ...tab.draft, name: target.name, id: newItemId() };
    await treeEdits.add(collectionId, parent, { kind: 'request', ...draft });
    updateTab(tabId, (t) => ({ ...t, collectionId, requestId: draft.id, draft, saved: json(draft), version: fileVersion(collectionId, draft.id), notes: undefined, error: undefined }));
    notify(`Saved "${draft.name}" in ${collectionById(collectionId)?.collection.name ?? collectionId}`);
    return true;
  } catch (e) {
    updateTab(tabId, (t) => ({ ...t, error: tabError(e) }));
    return false;
  }
}

function currentTab(id: string): Tab | undefined {
  return tabs.get().tabs.find((t) => t.id === id);
}
