import { GrpcRequest, newItemId, type Item } from '../../../../shared/model';
import type { Path } from '../../lib/tree';
import { json, newTabId, openRequest, tabs, type Tab } from '../../state/tabs';
import { treeOps } from '../../state/tree-ops';
import { showView, toggleExpanded } from '../../state/ui';
import { activeCollection } from '../../state/workspace';

/**
 * A new gRPC request: saved in the collection (at the top, or in the folder `parent` names) and
 * opened, as "New request" does for HTTP; without a collection, an unsaved tab that Save places.
 * It starts on server reflection with one empty message.
 */
export async function newGrpc(at?: { collectionId: string; parent: Path; folderId?: string | undefined }): Promise<void> {
  const draft = GrpcRequest.parse({ kind: 'grpc', name: 'New gRPC request', url: '', id: newItemId(), messages: [{ name: 'message', text: '{}' }] });
  showView('requests');
  const collectionId = at?.collectionId ?? activeCollection()?.id;
  if (collectionId) {
    const item: Item = draft;
    await treeOps.add(collectionId, at?.parent ?? [], item);
    if (at?.folderId) toggleExpanded(collectionId, at.folderId, true);
    openRequest(collectionId, item);
    return;
  }
  const tab: Tab = { id: newTabId(), draft: { ...draft, id: undefined }, saved: json({ ...draft, id: undefined }) };
  tabs.set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
}
