import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../shared/errors';
import { Collection, type Item } from '../../../shared/model';
import { parseShard, runItems, shardItems } from '../../../electron/engine/runner';

const req = (name: string, test?: string): Item => ({ kind: 'request', name, method: 'GET', url: `http://127.0.0.1/${name}`, query: [], headers: [], body: { mode: 'none' }, auth: { type: 'inherit' }, settings: {}, ...(test ? { scripts: { test } } : {}) });
const folder = (name: string, items: Item[], test?: string): Item => ({ kind: 'folder', name, auth: { type: 'inherit' }, settings: {}, items, ...(test ? { scripts: { test } } : {}) });

/** Folders of 5, 4, 3, 2 and 1 requests and two loose requests (17), with a chain from D to B and one from a loose request to E. */
function suite(): Collection {
  const n = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => req(`${prefix}${i + 1}`));
  return Collection.parse({
    name: 'Suite',
    items: [
      folder('A', n('a', 5)),
      folder('B', n('b', 4)),
      folder('C', n('c', 3)),
      folder('D', [req('d1', 'pm.execution.setNextRequest("b2");'), req('d2')]),
      folder('E', [req('e1')]),
      req('loose1', "postman.setNextRequest('e1')"),
      req('loose2'),
    ],
  });
}

const paths = (c: Collection, i: number, n: number) => shardItems(c, runItems(c), { index: i, count: n }).items.map((r) => r.path);
const topOf = (path: string) => path.split('/')[0];

describe('--shard i/n', () => {
  it('gives every request to exactly one shard, in collection order, whatever n', () => {
    const c = suite();
    const all = runItems(c).map((r) => r.path);
    for (const n of [1, 2, 3, 4, 7, 20]) {
      const shards = Array.from({ length: n }, (_, i) => paths(c, i + 1, n));
      expect(shards.flat().sort()).toEqual([...all].sort());
      for (const s of shards) expect(s).toEqual(all.filter((p) => s.includes(p)));
    }
  });

  it('keeps each top-level folder whole and the folders a setNextRequest jumps between together', () => {
    const c = suite();
    for (const n of [2, 3, 4]) {
      const owner = new Map<string, number>();
      for (let i = 1; i <= n; i++) for (const p of paths(c, i, n)) owner.set(topOf(p) as string, i);
      for (let i = 1; i <= n; i++) for (const p of paths(c, i, n)) expect(owner.get(topOf(p) as string)).toBe(i);
      expect(owner.get('D')).toBe(owner.get('B'));
      expect(owner.get('loose1')).toBe(owner.get('E'));
    }
  });

  it('balances by request count, deals the same way every time, and says what it cannot follow', () => {
    const c = suite();
    const sizes = [1, 2, 3].map((i) => paths(c, i, 3).length);
    // 17 requests; B and D (6) travel together, as do loose1 and E (2): 6 | A 5 + loose2 1 | C 3 + 2.
    expect(sizes).toEqual([6, 6, 5]);
    expect(paths(c, 2, 3)).toEqual(paths(suite(), 2, 3));
    const computed = Collection.parse({ name: 'X', items: [folder('F', [req('f1', 'postman.setNextRequest(pm.environment.get("next"))')]), req('g')] });
    expect(shardItems(computed, runItems(computed), { index: 1, count: 2 }).warnings).toEqual([
      'request F/f1 calls setNextRequest with a computed name: the shard keeps its folder together but cannot follow a jump out of it',
    ]);
  });

  it('a collection-level jump ties every folder to its target: one shard runs it all', () => {
    const c = suite();
    c.scripts = { test: 'if (pm.response.code === 500) postman.setNextRequest("a1");' };
    expect(paths(c, 1, 3)).toHaveLength(17);
    expect(paths(c, 2, 3)).toEqual([]);
  });

  it('refuses a shard that is not i/n with 1 <= i <= n', () => {
    expect(parseShard(' 2/3 ')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1-3', 'a/b', '']) expect(() => parseShard(bad)).toThrow(KeyholeError);
  });
});
