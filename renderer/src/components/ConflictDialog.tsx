import { useStore } from '../lib/store';
import { conflict, resolveConflict } from '../state/conflict';

/** Asks what to do when a save finds its file changed on disk since it was opened. */
export function ConflictDialog() {
  const c = useStore(conflict, (s) => s);
  if (!c) return null;
  const what = c.files.length === 0 ? 'The file' : c.files.length === 1 ? c.files[0] : `${c.files.slice(0, -1).join(', ')} and ${c.files.at(-1) ?? ''}`;
  return (
    <div role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" aria-describedby="conflict-text" className="dialog">
      <h2 id="conflict-title">Changed on disk</h2>
      <p id="conflict-text">{what} changed on disk since you opened it.</p>
      <p className="muted">Reload drops your edits and loads the file as it is now. Overwrite saves your version over it. Cancel keeps your edits, unsaved.</p>
      <div className="row">
        <button type="button" onClick={() => void resolveConflict('reload')}>Reload</button>
        <button type="button" className="danger" onClick={() => void resolveConflict('overwrite')}>Overwrite</button>
        <button type="button" autoFocus onClick={() => void resolveConflict('cancel')}>Cancel</button>
      </div>
    </div>
  );
}
