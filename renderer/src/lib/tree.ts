import { newItemId, type Item, type Request } from '../../../shared/model';

/**
 * Pure operations on a collection's item tree, addressed by index paths ([2, 0] = first item of
 * the third top-level folder). Every operation returns a new tree; the stores keep the old one
 * for undo.
 */
export type Path = readonly number[];

export function itemAt(items: readonly Item[], path: Path): Item | undefined {
  let level = items;
  let hit: Item | undefined;
  for (const i of path) {
    hit = level[i];
    if (!hit) return undefined;
    level = hit.kind === 'folder' ? hit.items : [];
  }
  return hit;
}

function edit(items: readonly Item[], parent: Path, fn: (level: Item[]) => Item[]): Item[] {
  if (parent.length === 0) return fn([...items]);
  const [head, ...rest] = parent;
  return items.map((it, i) => (i === head && it.kind === 'folder' ? { ...it, items: edit(it.items, rest, fn) } : it));
}

export function removeAt(items: readonly Item[], path: Path): Item[] {
  const idx = path[path.length - 1];
  return edit(items, path.slice(0, -1), (level) => level.filter((_, i) => i !== idx));
}

export function insertAt(items: readonly Item[], parent: Path, index: number, item: Item): Item[] {
  return edit(items, parent, (level) => { level.splice(Math.max(0, Math.min(index, level.length)), 0, item); return level; });
}

export function replaceAt(items: readonly Item[], path: Path, item: Item): Item[] {
  const idx = path[path.length - 1];
  return edit(items, path.slice(0, -1), (level) => level.map((it, i) => (i === idx ? item : it)));
}

/** A name not yet used among siblings: "Get user copy", "Get user copy 2"... */
export function freeName(siblings: readonly Item[], base: string): string {
  const names = new Set(siblings.map((s) => s.name));
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base} ${n}`)) return `${base} ${n}`;
}

export function siblingsOf(items: readonly Item[], path: Path): readonly Item[] {
  if (path.length <= 1) return items;
  const parent = itemAt(items, path.slice(0, -1));
  return parent?.kind === 'folder' ? parent.items : [];
}

/** A deep copy with new ids throughout: a duplicate is a new request, never a second view of one. */
export function withNewIds(item: Item): Item {
  const copy = { ...structuredClone(item), id: newItemId() } as Item;
  return copy.kind === 'folder' ? { ...copy, items: copy.items.map(withNewIds) } : copy;
}

export function duplicateAt(items: readonly Item[], path: Path): Item[] {
  const it = itemAt(items, path);
  if (!it) return [...items];
  const copy = { ...withNewIds(it), name: freeName(siblingsOf(items, path), `${it.name} copy`) } as Item;
  return insertAt(items, path.slice(0, -1), (path[path.length - 1] ?? 0) + 1, copy);
}

/** True when `inner` is `outer` or lies inside it (a folder cannot move into itself). */
export function isWithin(inner: Path, outer: Path): boolean {
  return outer.length <= inner.length && outer.every((v, i) => inner[i] === v);
}

/**
 * Moves an item to `index` inside `parent` (a folder path, [] = top level). Indices are those of
 * the tree before the move; moving within the same level accounts for the removed slot.
 */
export function moveItem(items: readonly Item[], from: Path, parent: Path, index: number): Item[] {
  const it = itemAt(items, from);
  if (!it || isWithin(parent, from)) return [...items];
  const removed = removeAt(items, from);
  const fromParent = from.slice(0, -1);
  const fromIdx = from[from.length - 1] ?? 0;
  let target = [...parent];
  // Removing an earlier sibling of an ancestor shifts that ancestor's index.
  if (fromParent.length < target.length && isWithin(target, fromParent) && (target[fromParent.length] ?? 0) > fromIdx) {
    target = target.map((v, i) => (i === fromParent.length ? v - 1 : v));
  }
  const sameLevel = fromParent.length === parent.length && isWithin(parent, fromParent);
  const at = sameLevel && fromIdx < index ? index - 1 : index;
  return insertAt(removed, target, at, it);
}

export interface Row {
  path: number[];
  item: Item;
  depth: number;
  /** Folder names from the top, for sending (inherited auth) and for the tab title. */
  folders: string[];
}

/**
 * The rows a tree shows: folders expanded per `expanded` (folder ids, so an expanded folder stays
 * open when it moves or is renamed); with a
 * filter, every request whose name, method or URL matches, under its folders, all expanded.
 */
export function visibleRows(items: readonly Item[], expanded: ReadonlySet<string>, filter = ''): Row[] {
  const f = filter.trim().toLowerCase();
  const out: Row[] = [];
  const matches = (r: Request): boolean => `${r.method} ${r.name} ${r.url}`.toLowerCase().includes(f);
  const hasMatch = (it: Item): boolean => (it.kind === 'folder' ? it.name.toLowerCase().includes(f) || it.items.some(hasMatch) : matches(it));
  const walk = (level: readonly Item[], prefix: number[], folders: string[]): void => {
    level.forEach((item, i) => {
      if (f && !hasMatch(item)) return;
      const path = [...prefix, i];
      out.push({ path, item, depth: prefix.length, folders });
      if (item.kind === 'folder' && (f || expanded.has(item.id ?? path.join('.')))) walk(item.items, path, [...folders, item.name]);
    });
  };
  walk(items, [], []);
  return out;
}

export function countRequests(items: readonly Item[]): number {
  return items.reduce((n, it) => n + (it.kind === 'folder' ? countRequests(it.items) : 1), 0);
}

export interface Located {
  item: Item;
  path: number[];
  /** Names of the folders holding it, outermost first. */
  folders: string[];
}

/** Where the item with this id is now (after any rename or move), or undefined when it is gone. */
export function locate(items: readonly Item[], id: string | undefined): Located | undefined {
  if (id === undefined) return undefined;
  const walk = (level: readonly Item[], prefix: number[], folders: string[]): Located | undefined => {
    for (const [i, item] of level.entries()) {
      if (item.id === id) return { item, path: [...prefix, i], folders };
      if (item.kind === 'folder') {
        const hit = walk(item.items, [...prefix, i], [...folders, item.name]);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return walk(items, [], []);
}

/** The ids of an item and everything inside it. */
export function idsUnder(item: Item): string[] {
  const out = item.id === undefined ? [] : [item.id];
  if (item.kind === 'folder') for (const child of item.items) out.push(...idsUnder(child));
  return out;
}

/** Every folder of the tree with its path of names, for pickers ("Users / Admin"). */
export function foldersOf(items: readonly Item[], prefix: string[] = []): { id: string; label: string; names: string[] }[] {
  const out: { id: string; label: string; names: string[] }[] = [];
  for (const item of items) {
    if (item.kind !== 'folder') continue;
    const names = [...prefix, item.name];
    if (item.id !== undefined) out.push({ id: item.id, label: names.join(' / '), names });
    out.push(...foldersOf(item.items, names));
  }
  return out;
}
