import { isKeyholeError } from '../../../shared/errors';
import { createStore } from '../lib/store';

/**
 * A save the engine refused because its file changed on disk since the app loaded it (an editor,
 * `git pull`). The app never overwrites silently: the dialog offers Reload (drop my edits, load
 * theirs), Overwrite (save again with force) and Cancel (keep my edits unsaved).
 */
export interface Conflict {
  /** The changed files, relative to the collection folder. */
  files: string[];
  overwrite: () => Promise<void>;
  reload: () => Promise<void>;
}

export const conflict = createStore<Conflict | undefined>(undefined);

/** True (and the dialog opens) when `e` is the engine's 'conflict'; other errors are the caller's. */
export function askOnConflict(e: unknown, choices: Omit<Conflict, 'files'>): boolean {
  if (!isKeyholeError(e) || e.code !== 'conflict') return false;
  const raw = e.details?.files;
  const files = Array.isArray(raw) ? raw.filter((f): f is string => typeof f === 'string') : [];
  conflict.set({ files, ...choices });
  return true;
}

/** What the dialog's buttons do: each closes it first, so a second conflict can open it again. */
export async function resolveConflict(choice: 'reload' | 'overwrite' | 'cancel'): Promise<void> {
  const c = conflict.get();
  conflict.set(undefined);
  if (!c || choice === 'cancel') return;
  await (choice === 'reload' ? c.reload() : c.overwrite());
}
