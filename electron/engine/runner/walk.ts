import { KeyholeError } from '../../../shared/errors';
import type { Collection, Folder, Item, Request } from '../../../shared/model';

export interface RunItem {
  /** An HTTP request, or a WebSocket request (`kind: 'websocket'`, which Session.send runs as one). */
  request: Request;
  /** Folders from the outermost to the one holding the request. */
  folders: Folder[];
  /** "Folder/Sub/Request", as shown in reports and accepted by --folder. */
  path: string;
}

/**
 * The requests of a collection in run order (depth first, as listed). With `folder`, only the
 * requests under that folder (a name anywhere in the tree, or a slash path); an unknown folder is
 * an error that lists the folders there are.
 */
export function runItems(collection: Collection, folder?: string): RunItem[] {
  const all: RunItem[] = [];
  const folderPaths: string[] = [];
  const visit = (items: Item[], folders: Folder[], prefix: string): void => {
    for (const it of items) {
      const path = prefix ? `${prefix}/${it.name}` : it.name;
      if (it.kind !== 'folder') all.push({ request: it, folders, path });
      else {
        folderPaths.push(path);
        visit(it.items, [...folders, it], path);
      }
    }
  };
  visit(collection.items, [], '');
  if (folder === undefined) return all;
  const wanted = folder.replace(/^\/+|\/+$/g, '');
  const matches = folderPaths.filter((p) => p === wanted || p.endsWith(`/${wanted}`));
  if (matches.length === 0) {
    throw new KeyholeError('usage', `No folder "${folder}" in collection ${collection.name}`, {
      hint: folderPaths.length > 0 ? `Folders: ${folderPaths.join(', ')}` : 'This collection has no folders.',
    });
  }
  return all.filter((r) => matches.some((m) => r.path.startsWith(`${m}/`)));
}
