import { newItemId, WebSocketRequest, type Item } from '../../../../shared/model';
import { json, newTabId, openRequest, tabs, type Tab } from '../../state/tabs';
import { treeOps } from '../../state/tree-ops';
import { activeCollection } from '../../state/workspace';

/**
 * A new WebSocket request: saved at the top of the active collection and opened, as "New request"
 * does for HTTP; without a collection, an unsaved tab.
 */
export async function newWebSocket(): Promise<void> {
  const draft = WebSocketRequest.parse({ kind: 'websocket', name: 'New WebSocket', url: '', id: newItemId() });
  const active = activeCollection();
  if (active) {
    const item: Item = draft;
    await treeOps.add(active.id, [], item);
    openRequest(active.id, item);
    return;
  }
  const tab: Tab = { id: newTabId(), draft: { ...draft, id: undefined }, saved: json({ ...draft, id: undefined }) };
  tabs.set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
}
