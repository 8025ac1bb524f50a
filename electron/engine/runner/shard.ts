import { KeyholeError } from '../../../shared/errors';
import type { Collection } from '../../../shared/model';
import type { RunItem } from './walk';

/** One of `count` shares of a run, `index` counted from 1 (`--shard 2/3`). */
export interface Shard {
  index: number;
  count: number;
}

export interface ShardPlan {
  /** This shard's requests, in collection order. */
  items: RunItem[];
  /** Top-level folders (or top-level requests) this shard runs, each with its request count. */
  units: { name: string; requests: number }[];
  /** Jumps the split could not follow (a computed setNextRequest target). */
  warnings: string[];
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new KeyholeError('usage', `--shard takes i/n with 1 <= i <= n, not "${text}"`, { hint: 'For three CI jobs: --shard 1/3, --shard 2/3 and --shard 3/3.' });
  }
  return { index, count };
}

// setNextRequest('Name') with a literal name; the second form is any other argument.
const LITERAL_JUMP = /\.setNextRequest\s*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*\)/g;
const ANY_JUMP = /\.setNextRequest\s*\(\s*([^)\s]*)/g;

/**
 * Splits a run between `count` jobs so that each request runs in exactly one. The unit is a
 * top-level folder (a request at the top level is a unit of its own), so a folder's scripts and
 * order stay together; units that a literal setNextRequest jumps between are merged, wherever the
 * jump is written (a collection-level script's jump ties every unit to its target). Units are dealt
 * largest first to the least loaded job (ties to the earlier unit and job): the split depends only
 * on the collection, so every job computes the same one.
 */
export function shardItems(collection: Collection, items: readonly RunItem[], shard: Shard): ShardPlan {
  const unitOf = (item: RunItem): string => (item.folders[0] ? `folder:${item.folders[0].name}` : `request:${item.path}`);
  const keys = [...new Set(items.map(unitOf))];
  const parent = new Map(keys.map((k) => [k, k]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(k, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    // The earlier unit names the group, so the result does not depend on the order of jumps.
    if (ra === rb) return;
    if (keys.indexOf(ra) < keys.indexOf(rb)) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const target = (name: string): string | undefined => {
    const hit = items.find((i) => i.request.name === name || i.path === name);
    return hit ? unitOf(hit) : undefined;
  };
  const warnings: string[] = [];
  const jumps = (text: string | undefined, where: string, from: readonly string[]): void => {
    if (!text?.includes('setNextRequest')) return;
    for (const m of text.matchAll(LITERAL_JUMP)) {
      const to = target(m[2] as string);
      if (to) for (const f of from) union(f, to);
    }
    for (const m of text.matchAll(ANY_JUMP)) {
      const arg = m[1] ?? '';
      if (!/^['"`]/.test(arg) && arg !== 'null' && arg !== 'null;') {
        warnings.push(`${where} calls setNextRequest with a computed name: the shard keeps its folder together but cannot follow a jump out of it`);
        break;
      }
    }
  };
  const scriptsOf = (s: { preRequest?: string | undefined; test?: string | undefined } | undefined): string => `${s?.preRequest ?? ''}\n${s?.test ?? ''}`;
  jumps(scriptsOf(collection.scripts), 'the collection', keys);
  const seenFolders = new Set<object>();
  for (const item of items) {
    const unit = unitOf(item);
    for (const f of item.folders) {
      if (seenFolders.has(f)) continue;
      seenFolders.add(f);
      jumps(scriptsOf(f.scripts), `folder ${f.name}`, [unit]);
    }
    jumps(scriptsOf(item.request.scripts), `request ${item.path}`, [unit]);
  }

  const groups = new Map<string, { first: number; requests: number; units: string[] }>();
  items.forEach((item, i) => {
    const root = find(unitOf(item));
    const g = groups.get(root) ?? { first: i, requests: 0, units: [] };
    g.requests++;
    const u = unitOf(item);
    if (!g.units.includes(u)) g.units.push(u);
    groups.set(root, g);
  });
  const order = [...groups.entries()].sort(([, a], [, b]) => b.requests - a.requests || a.first - b.first);
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const [root, g] of order) {
    let job = 0;
    for (let j = 1; j < shard.count; j++) if ((load[j] as number) < (load[job] as number)) job = j;
    load[job] = (load[job] as number) + g.requests;
    if (job === shard.index - 1) mine.add(root);
  }
  const chosen = items.filter((i) => mine.has(find(unitOf(i))));
  const units: ShardPlan['units'] = [];
  for (const item of chosen) {
    const name = unitOf(item).replace(/^(folder|request):/, '');
    const u = units.find((x) => x.name === name);
    if (u) u.requests++;
    else units.push({ name, requests: 1 });
  }
  return { items: chosen, units, warnings: [...new Set(warnings)] };
}
