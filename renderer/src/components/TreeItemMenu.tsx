import * as ContextMenu from '@radix-ui/react-context-menu';
import type { ReactNode } from 'react';
import { newItemId, Request, type Item } from '../../../shared/model';
import { siblingsOf, type Row } from '../lib/tree';
import { askText, nameRule } from '../ui/ask';
import { startRun } from '../state/runner';
import { openRequest } from '../state/tabs';
import { treeOps } from '../state/tree-ops';
import { newGrpc } from '../features/grpc/new-grpc';
import { notify, showView, toggleExpanded } from '../state/ui';
import { collectionById } from '../state/workspace';
import { copyAsCurl } from '../features/response/code-source';
import { revealItem } from '../features/tree/reveal';

/** Copies a saved request as cURL (resolved in its environment, secrets as placeholders) and says so in a toast. */
function copyItemAsCurl(collectionId: string, requestId: string): void {
  void copyAsCurl({ kind: 'item', collectionId, requestId }).then(notify);
}

/**
 * A tree row's menu (right click, Shift+F10): what can be done to that item, where it is. New items
 * go inside a folder, or beside a request.
 */
export function TreeItemMenu({ collectionId, row, onRename, children }: { collectionId: string; row: Row; onRename: () => void; children: ReactNode }) {
  const { item, path } = row;
  const parent = item.kind === 'folder' ? path : path.slice(0, -1);
  const newRequest = async (): Promise<void> => {
    const created: Item = { kind: 'request', ...Request.parse({ name: 'New request', url: '', id: newItemId() }) };
    await treeOps.add(collectionId, parent, created);
    if (item.kind === 'folder' && item.id) toggleExpanded(collectionId, item.id, true);
    openRequest(collectionId, created);
    showView('requests');
  };
  const newFolder = async (): Promise<void> => {
    const wc = collectionById(collectionId);
    const siblings = item.kind === 'folder' ? item.items : siblingsOf(wc?.collection.items ?? [], path);
    const name = await askText({ title: 'New folder', label: 'Folder name', confirm: 'Create', validate: nameRule(siblings.filter((s) => s.kind === 'folder').map((s) => s.name), 'folder here') });
    if (!name) return;
    await treeOps.add(collectionId, parent, { kind: 'folder', name, id: newItemId(), auth: { type: 'inherit' }, settings: {}, items: [] });
    if (item.kind === 'folder' && item.id) toggleExpanded(collectionId, item.id, true);
  };
  const runFolder = (): void => {
    showView('runner');
    void startRun({ collectionId, folder: [...row.folders, item.name].join('/') });
  };
  return (
    <ContextMenu.Root>
      <ContextMenu.Trigger asChild>{children}</ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content className="menu" aria-label={`${item.name} actions`}>
          {item.kind === 'request' && <ContextMenu.Item className="menu-item" onSelect={() => { openRequest(collectionId, item); showView('requests'); }}>Open</ContextMenu.Item>}
          <ContextMenu.Item className="menu-item" onSelect={() => void newRequest()}>New request{item.kind === 'folder' ? ' in this folder' : ''}</ContextMenu.Item>
          <ContextMenu.Item className="menu-item" onSelect={() => void newGrpc({ collectionId, parent, folderId: item.kind === 'folder' ? item.id : undefined })}>New gRPC request{item.kind === 'folder' ? ' in this folder' : ''}</ContextMenu.Item>
          <ContextMenu.Item className="menu-item" onSelect={() => void newFolder()}>New folder{item.kind === 'folder' ? ' in this folder' : ''}</ContextMenu.Item>
          <ContextMenu.Separator className="menu-separator" />
          <ContextMenu.Item className="menu-item" onSelect={onRename}>Rename<span className="menu-key">F2</span></ContextMenu.Item>
          <ContextMenu.Item className="menu-item" onSelect={() => void treeOps.duplicate(collectionId, path)}>Duplicate</ContextMenu.Item>
          {item.kind === 'folder' && <ContextMenu.Item className="menu-item" onSelect={runFolder}>Run folder</ContextMenu.Item>}
          {item.kind === 'request' && item.id && <ContextMenu.Item className="menu-item" onSelect={() => copyItemAsCurl(collectionId, item.id ?? '')}>Copy as cURL</ContextMenu.Item>}
          {item.id && <ContextMenu.Item className="menu-item" onSelect={() => void revealItem(collectionId, item.id ?? '', item.name)}>Reveal file</ContextMenu.Item>}
          <ContextMenu.Separator className="menu-separator" />
          <ContextMenu.Item className="menu-item danger" onSelect={() => void treeOps.remove(collectionId, path)}>Delete<span className="menu-key">Del</span></ContextMenu.Item>
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}
