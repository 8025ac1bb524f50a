import type { Collection } from '../../../shared/model';
import { sampleCollection } from './sample-collection';

/** Two versions of a collection whose request files are large (so a kill often lands mid-write). */
export function versionOf(v: 'a' | 'b'): Collection {
  const c = sampleCollection(64_000);
  c.description = `version ${v}`;
  const visit = (items: Collection['items']): void => {
    for (const item of items) {
      if (item.kind === 'folder') visit(item.items);
      else item.url = `${item.url}?v=${v}${'-'.repeat(v === 'a' ? 8_000 : 24_000)}`;
    }
  };
  visit(c.items);
  return c;
}
