import { useState } from 'react';
import { Request } from '../../../shared/model';
import { useStore } from '../lib/store';
import { countRequests } from '../lib/tree';
import { newTab, openRequest } from '../state/tabs';
import { activeCollection, createCollection, selectCollection, treeOps, undoLast, workspace } from '../state/workspace';
import { HistoryPanel } from '../features/history/HistoryPanel';
import { CollectionTree } from './CollectionTree';

export function Sidebar() {
  const collections = useStore(workspace, (s) => s.collections);
  const active = useStore(workspace, (s) => activeCollection(s));
  const undo = useStore(workspace, (s) => s.undo);
  const [filter, setFilter] = useState('');
  const [view, setView] = useState<'collections' | 'history'>('collections');
  const addRequest = (): void => {
    if (!active) return void newTab();
    const request = Request.parse({ name: 'New request', url: '' });
    const index = active.collection.items.length;
    void treeOps.add(active.id, [], { kind: 'request', ...request }).then(() => openRequest(active.id, [index], [], request));
  };
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <div className="row">
        <label className="grow">Collection{' '}
          <select aria-label="Collection" value={active?.id ?? ''} onChange={(e) => selectCollection(e.target.value)}>
            {collections.map((c) => <option key={c.id} value={c.id}>{c.collection.name}</option>)}
          </select>
        </label>
        <button type="button" aria-label="New collection" onClick={() => { const n = prompt('Collection name'); if (n) void createCollection(n); }}>+</button>
      </div>
      <div role="tablist" aria-label="Sidebar views" className="tabs small">
        <button role="tab" type="button" aria-selected={view === 'collections'} onClick={() => setView('collections')}>Requests{active ? ` (${countRequests(active.collection.items)})` : ''}</button>
        <button role="tab" type="button" aria-selected={view === 'history'} onClick={() => setView('history')}>History</button>
      </div>
      {view === 'collections' ? (
        <>
          <div className="row">
            <input type="search" aria-label="Filter requests" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} className="grow" />
            <button type="button" onClick={addRequest}>New request</button>
            <button type="button" onClick={() => active && void treeOps.add(active.id, [], { kind: 'folder', name: 'New folder', auth: { type: 'inherit' }, settings: {}, items: [] })}>New folder</button>
          </div>
          {undo && <div role="status" className="undo">{undo.label} <button type="button" onClick={() => void undoLast()}>Undo</button></div>}
          <CollectionTree filter={filter} />
        </>
      ) : <HistoryPanel />}
    </nav>
  );
}
