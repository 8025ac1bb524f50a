import { useMemo, useState, type FormEvent } from 'react';
import { useStore } from '../../lib/store';
import { nameFromUrl } from '../../lib/names';
import { foldersOf, locate } from '../../lib/tree';
import { nameRule } from '../../ui/ask';
import { Button, Modal, Select } from '../../ui';
import { saveAsDialog, type SaveAsRequest } from '../../state/save-as';
import { activeCollection, workspace } from '../../state/workspace';

const NEW = '\u0000new';

/** "Save request": name, collection (or a new one) and folder, for a request that has no place yet. */
export function SaveRequestDialog() {
  const req = useStore(saveAsDialog, (s) => s);
  return req ? <SaveForm key={req.tab.id} req={req} /> : null;
}

function SaveForm({ req }: { req: SaveAsRequest }) {
  const collections = useStore(workspace, (s) => s.collections);
  const [name, setName] = useState(req.tab.draft.name === 'New request' && req.tab.draft.url ? nameFromUrl(req.tab.draft.url) : req.tab.draft.name);
  const [collectionId, setCollectionId] = useState<string>(() => (collections.some((c) => c.id === req.tab.collectionId) ? req.tab.collectionId : activeCollection()?.id) ?? NEW);
  const [newCollection, setNewCollection] = useState('');
  const [folderId, setFolderId] = useState('');
  const [tried, setTried] = useState(false);
  const wc = collections.find((c) => c.id === collectionId);
  const folders = useMemo(() => (wc ? foldersOf(wc.collection.items) : []), [wc]);
  const siblings = useMemo(() => {
    if (!wc) return [];
    const at = folderId ? locate(wc.collection.items, folderId) : undefined;
    return at?.item.kind === 'folder' ? at.item.items : wc.collection.items;
  }, [wc, folderId]);
  const nameProblem = nameRule(siblings.filter((s) => s.kind === 'request').map((s) => s.name), 'request here')(name);
  const collectionProblem = collectionId === NEW ? nameRule(collections.map((c) => c.collection.name), 'collection')(newCollection) : undefined;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setTried(true);
    if (nameProblem || collectionProblem) return;
    req.answer({
      collection: collectionId === NEW ? { create: newCollection.trim() } : { id: collectionId },
      folderId: folderId || undefined,
      name: name.trim(),
    });
  };
  const show = (problem: string | undefined, typed: boolean): string | undefined => (problem && (tried || typed) ? problem : undefined);
  const nameShown = show(nameProblem, name !== req.tab.draft.name);
  const collectionShown = show(collectionProblem, newCollection !== '');
  return (
    <Modal title="Save request" description="Choose its name and where it goes." onCancel={() => req.answer(undefined)}>
      <form onSubmit={submit} className="ask-form">
        <label>Request name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameShown ? true : undefined} aria-describedby="save-name-problem" />
        </label>
        <p id="save-name-problem" className="problem" role={nameShown ? 'alert' : undefined}>{nameShown ?? ''}</p>
        <label>Collection
          <Select label="Collection" value={collectionId} onChange={(id) => { setCollectionId(id); setFolderId(''); }}
            options={[...collections.map((c) => ({ value: c.id, label: c.collection.name })), { value: NEW, label: 'New collection…' }]} />
        </label>
        {collectionId === NEW && (
          <>
            <label>New collection name
              <input value={newCollection} onChange={(e) => setNewCollection(e.target.value)} aria-invalid={collectionShown ? true : undefined} aria-describedby="save-collection-problem" />
            </label>
            <p id="save-collection-problem" className="problem" role={collectionShown ? 'alert' : undefined}>{collectionShown ?? ''}</p>
          </>
        )}
        <label>Folder
          <Select label="Folder" value={folderId} onChange={setFolderId} disabled={collectionId === NEW} title={collectionId === NEW ? 'A new collection has no folders yet: the request goes at its top level.' : undefined}
            options={[{ value: '', label: 'Top level' }, ...folders.map((f) => ({ value: f.id, label: f.label }))]} />
        </label>
        <div className="row end">
          <Button onClick={() => req.answer(undefined)}>Cancel</Button>
          <Button type="submit" variant="primary">Save</Button>
        </div>
      </form>
    </Modal>
  );
}
