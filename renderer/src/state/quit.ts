import { isBrowserMode } from '../lib/api';
import { askChoice } from '../ui/ask';
import { flushSession } from './session';
import { isDirty, save, tabs } from './tabs';

let leaving = false;

const unsaved = () => tabs.get().tabs.filter(isDirty);

/**
 * Leaving with unsaved tabs asks first. A browser shows its own "Leave site?" prompt for a
 * beforeunload that is cancelled; Electron shows nothing and keeps the window open, so there the
 * app asks in its own dialog (Save all / Don't save / Cancel) and closes the window itself after.
 * Either way the session is written first, so drafts come back even after "Don't save".
 */
export function guardUnload(): void {
  window.addEventListener('beforeunload', (e) => {
    void flushSession();
    if (leaving || unsaved().length === 0) return;
    e.preventDefault();
    // Chromium before 119 and Electron read returnValue; a non-empty value is what cancels.
    e.returnValue = 'unsaved';
    if (!isBrowserMode) void askBeforeQuit();
  });
}

async function askBeforeQuit(): Promise<void> {
  const list = unsaved();
  const choice = await askChoice({
    title: 'Quit with unsaved changes?',
    message: `${list.length === 1 ? `"${list[0]?.draft.name ?? ''}" has` : `${list.length} tabs have`} changes that are not saved to their files. They come back when you reopen Keyhole, but nobody else (git, the CLI) sees them.`,
    choices: [{ id: 'save', label: 'Save all', tone: 'primary' }, { id: 'discard', label: "Don't save", tone: 'danger' }, { id: 'cancel', label: 'Cancel' }],
    cancel: 'cancel', primary: 'save',
  });
  if (choice === 'cancel') return;
  if (choice === 'save') {
    for (const t of list) if (!(await save(t.id))) return;
  }
  await flushSession();
  leaving = true;
  window.close();
}
