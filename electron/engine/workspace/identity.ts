import { createHash } from 'node:crypto';
import type { Item } from '../../../shared/model';
import { ItemId } from '../../../shared/model';

/**
 * The id of an item whose file has none (hand-written, imported, older): derived from the file's
 * path inside the collection, so every load of the same tree gives the same id until the file's
 * next write records it (collection-save, request-save).
 */
export function derivedId(relPath: string): string {
  return `p${createHash('sha256').update(relPath).digest('hex').slice(0, 16)}`;
}

/** The `id` a file's parsed mapping declares, when it is a well-formed one. */
export function declaredId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return undefined;
  const id = ItemId.safeParse(raw.id);
  return id.success ? id.data : undefined;
}

/**
 * Gives every item an id that is unique in the collection: its own when it has one no earlier item
 * took (a file copied by hand keeps its twin's id in the text), otherwise the one derived from its
 * path. `fileOf` names each item's file (relative to the collection folder); `files` receives
 * each id's file.
 */
export function assignIds(items: readonly Item[], fileOf: (item: Item) => string | undefined, files: Record<string, string> = {}, seen = new Set<string>()): Item[] {
  return items.map((item) => {
    const file = fileOf(item);
    let id = item.id !== undefined && !seen.has(item.id) ? item.id : file !== undefined ? derivedId(file) : undefined;
    for (let n = 2; id !== undefined && seen.has(id); n++) id = derivedId(`${file ?? item.name}#${n}`);
    if (id !== undefined) {
      seen.add(id);
      if (file !== undefined) files[id] = file;
    }
    // Object.assign, not `{ ...item, id }`: V8 gives an object made by spread a map of its own once
    // a key is added to it, so every request of a loaded folder had a different hidden class and
    // each property read on a run's path (prepare, the script context...) went megamorphic.
    const withId = id === undefined ? item : Object.assign({}, item, { id });
    return withId.kind === 'folder' ? Object.assign({}, withId, { items: assignIds(withId.items, fileOf, files, seen) }) : withId;
  });
}

/**
 * The text to write for an item whose file currently reads `known`: the full rendering, except
 * when the only difference is the `id:` line the file does not have yet. Recording an id is not
 * worth a diff of its own; it goes in with the file's next real change.
 */
export function textToWrite(render: (withId: boolean) => string, known: string | undefined, hasId: boolean): string {
  const full = render(true);
  if (known === undefined || known === full || !hasId) return full;
  return known === render(false) ? known : full;
}
