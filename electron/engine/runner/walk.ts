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
 * requests under those folders (each a name anywhere in the tree, or a slash path) or, as newman's
 * --folder allows, requests of that name, still in collection order; an unknown name is an error
 * that lists the folders there are.
 */
export function runItems(collection: Collection, folder?: string | readonly string[]): RunItem[] {
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
  const names = (typeof folder === 'string' ? [folder] : folder).map((f) => f.replace(/^\/+|\/+$/g, ''));
  if (names.length === 0) return all;
  const under = (path: string, wanted: string): boolean => path === wanted || path.endsWith(`/${wanted}`);
  const folderHits: string[] = [];
  const requestHits = new Set<string>();
  for (const wanted of names) {
    const matches = folderPaths.filter((p) => under(p, wanted));
    folderHits.push(...matches);
    if (matches.length > 0) continue;
    const requests = all.filter((r) => under(r.path, wanted));
    for (const r of requests) requestHits.add(r.path);
    if (requests.length === 0) {
      throw new KeyholeError('usage', `No folder "${wanted}" in collection ${collection.name}`, {
        hint: folderPaths.length > 0 ? `Folders: ${folderPaths.join(', ')}` : 'This collection has no folders.',
      });
    }
  }
  return all.filter((r) => requestHits.has(r.path) || folderHits.some((m) => r.path.startsWith(`${m}/`)));
}
