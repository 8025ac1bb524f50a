import { api, isBrowserMode } from '../../lib/api';
import { createStore } from '../../lib/store';
import { notify } from '../../state/ui';
import { errorText } from '../response/code-source';

/** The file the Reveal dialog shows (browser mode, where no file manager can be opened). */
export const revealed = createStore<{ name: string; path: string } | undefined>(undefined);

/**
 * "Reveal file" of a tree item: the desktop opens the system's file manager at the item's file; a
 * browser page cannot, so it shows the path with a copy button.
 */
export async function revealItem(collectionId: string, itemId: string, name: string): Promise<void> {
  try {
    const r = await api['file.reveal']({ collectionId, itemId });
    if (r.revealed && !isBrowserMode) notify(`Shown in the file manager: ${r.path}`);
    else revealed.set({ name, path: r.path });
  } catch (e) {
    notify(`Could not find the file of "${name}": ${errorText(e)}`);
  }
}
