import { ConflictDialog } from '../../renderer/src/components/ConflictDialog';
import { RequestEditor } from '../../renderer/src/components/RequestEditor';
import { useStore } from '../../renderer/src/lib/store';
import { activeTab, openRequest, tabs } from '../../renderer/src/state/tabs';
import { loadWorkspace, workspace } from '../../renderer/src/state/workspace';

/**
 * The slice of the app the conflict test drives, imported only after the test has put the engine
 * behind window.keyholeApi (the renderer's api module binds its transport when first loaded).
 */
export async function openNote(): Promise<void> {
  tabs.set({ tabs: [] });
  await loadWorkspace();
  const wc = workspace.get().collections[0];
  const item = wc?.collection.items[0];
  if (!wc || item?.kind !== 'request') throw new Error('the test collection did not load');
  openRequest(wc.id, item);
}

export function Harness() {
  const tab = useStore(tabs, (s) => activeTab(s));
  return <>{tab && <RequestEditor tab={tab} />}<ConflictDialog /></>;
}
