import { useStore } from '../lib/store';
import { conflict, resolveConflict } from '../state/conflict';
import { Modal } from '../ui/Modal';

/** Asks what to do when a save finds its file changed on disk since it was opened. */
export function ConflictDialog() {
  const c = useStore(conflict, (s) => s);
  if (!c) return null;
  const what = c.files.length === 0 ? 'The file' : c.files.length === 1 ? c.files[0] : `${c.files.slice(0, -1).join(', ')} and ${c.files.at(-1) ?? ''}`;
  return (
    <Modal title="Changed on disk" role="alertdialog" hideClose onCancel={() => void resolveConflict('cancel')}
      description={`${what ?? ''} changed on disk since you opened it.`}>
      <p className="muted">Reload drops your edits and loads the file as it is now. Overwrite saves your version over it. Cancel keeps your edits, unsaved.</p>
      <div className="row end">
        <button type="button" onClick={() => void resolveConflict('reload')}>Reload</button>
        <button type="button" className="danger" onClick={() => void resolveConflict('overwrite')}>Overwrite</button>
        <button type="button" autoFocus onClick={() => void resolveConflict('cancel')}>Cancel</button>
      </div>
    </Modal>
  );
}
