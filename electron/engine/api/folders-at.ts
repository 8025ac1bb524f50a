import type { Folder } from '../../../shared/model';

/** The folders of a request by their names; a path that no longer matches sends with none. */
export function foldersAt(items: readonly (Folder['items'][number])[], path: readonly string[]): Folder[] {
  const out: Folder[] = [];
  let level = items;
  for (const name of path) {
    const f = level.find((i) => i.kind === 'folder' && i.name === name);
    if (!f || f.kind !== 'folder') return out;
    out.push(f);
    level = f.items;
  }
  return out;
}
