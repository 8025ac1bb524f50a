import { useState } from 'react';
import { newItemId, Request, type Item } from '../../../shared/model';
import { useStore } from '../lib/store';
import { countRequests } from '../lib/tree';
import { askText, nameRule } from '../ui/ask';
import { dropTab, isDirty, newTab, openRequest, tabs, updateTab } from '../state/tabs';
import { api } from '../lib/api';
import { askChoice } from '../ui/ask';
import { FolderPlus, Pencil, Trash2 } from 'lucide-react';
import { treeOps } from '../state/tree-ops';
import { activeCollection, collectionById, createCollection, loadWorkspace, saveCollection, selectCollection, undoLast, workspace } from '../state/workspace';
import { HistoryPanel } from '../features/history/HistoryPanel';
import { CollectionTree } from './CollectionTree';
import { Button, IconButton, Select } from '../ui';
import { newWebSocket } from '../features/websocket/new-socket';
import { newGrpc } from '../features/grpc/new-grpc';

/** Asks for a new collection's name (validated as typed) and creates it. */
export async function newCollection(): Promise<void> {
  const taken = workspace.get().collections.map((c) => c.collection.name);
  const name = await askText({ title: 'New collection', label: 'Collection name', confirm: 'Create', validate: nameRule(taken, 'collection') });
  if (name) await createCollection(name);
}

async function renameCollection(id: string): Promise<void> {
  const wc = collectionById(id);
  if (!wc) return;
  const taken = workspace.get().collections.filter((c) => c.id !== id).map((c) => c.collection.name);
  const name = await askText({ title: 'Rename collection', label: 'Collection name', initial: wc.collection.name, confirm: 'Rename', validate: nameRule(taken, 'collection') });
  if (name && name !== wc.collection.name) await saveCollection(id, { ...wc.collection, name });
}

/** Deletes a collection after asking; its folder goes to the workspace's .keyhole-trash, not away. */
async function deleteCollection(id: string): Promise<void> {
  const wc = collectionById(id);
  if (!wc) return;
  const choice = await askChoice({
    title: `Delete "${wc.collection.name}"?`,
    message: 'Its folder moves to .keyhole-trash in the workspace folder, where you can get it back. Its open tabs close; tabs with unsaved changes stay open, unsaved.',
    choices: [{ id: 'cancel', label: 'Cancel' }, { id: 'delete', label: 'Delete collection', tone: 'danger' }],
    cancel: 'cancel', primary: 'cancel',
  });
  if (choice !== 'delete') return;
  await api['collection.delete']({ id });
  for (const t of tabs.get().tabs) {
    if (t.collectionId !== id) continue;
    if (isDirty(t)) updateTab(t.id, (x) => ({ ...x, requestId: undefined, saved: undefined, collectionId: undefined, notes: [...(x.notes ?? []), `Its collection "${wc.collection.name}" was deleted: Save asks where to put this request.`] }));
    else dropTab(t.id, { reopenable: false });
  }
  await loadWorkspace();
}

export function Sidebar() {
  const collections = useStore(workspace, (s) => s.collections);
  const active = useStore(workspace, (s) => activeCollection(s));
  const undo = useStore(workspace, (s) => s.undo);
  const [filter, setFilter] = useState('');
  const [view, setView] = useState<'collections' | 'history'>('collections');
  const addRequest = (): void => {
    if (!active) return void newTab();
    const item: Item = { kind: 'request', ...Request.parse({ name: 'New request', url: '', id: newItemId() }) };
    void treeOps.add(active.id, [], item).then(() => openRequest(active.id, item));
  };
  const addFolder = async (): Promise<void> => {
    if (!active) return;
    const taken = active.collection.items.filter((i) => i.kind === 'folder').map((i) => i.name);
    const name = await askText({ title: 'New folder', label: 'Folder name', confirm: 'Create', validate: nameRule(taken, 'folder at the top level') });
    if (name) await treeOps.add(active.id, [], { kind: 'folder', name, id: newItemId(), auth: { type: 'inherit' }, settings: {}, items: [] });
  };
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <div className="row">
        <label className="grow">Collection{' '}
          <Select label="Collection" value={active?.id ?? ''} onChange={(id) => selectCollection(id)} placeholder="No collection"
            options={collections.map((c) => ({ value: c.id, label: c.collection.name }))} />
        </label>
        <IconButton label="New collection" icon={<FolderPlus size={15} aria-hidden />} onClick={() => void newCollection()} />
        {active && <IconButton label="Rename collection" icon={<Pencil size={14} aria-hidden />} onClick={() => void renameCollection(active.id)} />}
        {active && <IconButton label="Delete collection" icon={<Trash2 size={14} aria-hidden />} onClick={() => void deleteCollection(active.id)} />}
      </div>
      <div role="tablist" aria-label="Sidebar views" className="tabs small">
        <button role="tab" type="button" aria-selected={view === 'collections'} onClick={() => setView('collections')}>Requests{active ? ` (${countRequests(active.collection.items)})` : ''}</button>
        <button role="tab" type="button" aria-selected={view === 'history'} onClick={() => setView('history')}>History</button>
      </div>
      {view === 'collections' ? (
        <>
          <div className="row">
            <input type="search" aria-label="Filter requests" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} className="grow" />
            <Button onClick={addRequest}>New request</Button>
            <Button onClick={() => void newWebSocket()}>New WebSocket</Button>
            <Button onClick={() => void newGrpc()}>New gRPC</Button>
            <Button onClick={() => void addFolder()} disabled={!active} aria-describedby={active ? undefined : 'no-collection'}
              title={active ? undefined : 'Folders live in a collection: create one first.'}>New folder</Button>
          </div>
          {!active && (
            <p id="no-collection" className="muted">
              No collection yet: requests you save and folders live in one. <button type="button" className="link" onClick={() => void newCollection()}>Create a collection</button>
            </p>
          )}
          {undo && <div role="status" className="undo">{undo.label} <Button onClick={() => void undoLast()}>Undo</Button></div>}
          <CollectionTree filter={filter} />
        </>
      ) : <HistoryPanel />}
    </nav>
  );
}
