import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCollection, saveCollection, saveRequest } from '../../../electron/engine/workspace';
import { Collection, type Item } from '../../../shared/model';
import { readTree, removeDir, tempDir } from './helpers';

let dir: string;
beforeEach(async () => { dir = await tempDir(); });
afterEach(async () => { await removeDir(dir); });

const find = (items: readonly Item[], name: string): Item | undefined => {
  for (const it of items) {
    if (it.name === name) return it;
    if (it.kind === 'folder') { const hit = find(it.items, name); if (hit) return hit; }
  }
  return undefined;
};

const sample = (): Collection => Collection.parse({
  name: 'Ids',
  items: [
    { kind: 'request', name: 'Get user', url: 'http://127.0.0.1:1/u' },
    { kind: 'folder', name: 'Admin', items: [{ kind: 'request', name: 'Drop', method: 'DELETE', url: 'http://127.0.0.1:1/d' }] },
  ],
});

describe('item identity', () => {
  it('is the same on every load of an unchanged tree, and unique', async () => {
    await saveCollection(dir, sample());
    const a = await loadCollection(dir);
    const b = await loadCollection(dir);
    expect(a.collection).toEqual(b.collection);
    const ids = [find(a.collection.items, 'Get user')?.id, find(a.collection.items, 'Admin')?.id, find(a.collection.items, 'Drop')?.id];
    expect(new Set(ids).size).toBe(3);
    expect(a.files[ids[2] ?? '']).toBe('admin/drop.request.yaml');
    expect(a.files[ids[1] ?? '']).toBe('admin/folder.yaml');
  });

  it('a save that changes nothing else does not write the id into untouched files', async () => {
    await saveCollection(dir, sample());
    const before = await readTree(dir);
    const loaded = await loadCollection(dir);
    const report = await saveCollection(dir, loaded.collection);
    expect(report.written).toEqual([]);
    expect(await readTree(dir)).toEqual(before);
  });

  it('survives a rename in the app: same file, id recorded, and the next load gives the same id', async () => {
    await saveCollection(dir, sample());
    const loaded = await loadCollection(dir);
    const id = find(loaded.collection.items, 'Get user')?.id;
    const items = loaded.collection.items.map((it) => (it.id === id ? { ...it, name: 'Fetch user' } : it));
    const report = await saveCollection(dir, { ...loaded.collection, items });
    expect(report.written).toContain(join(dir, 'get-user.request.yaml'));
    expect(await readFile(join(dir, 'get-user.request.yaml'), 'utf8')).toContain(`id: ${id ?? ''}`);
    expect(find((await loadCollection(dir)).collection.items, 'Fetch user')?.id).toBe(id);
  });

  it('survives a move made outside the app (git mv) once recorded, and a move in the app', async () => {
    await saveCollection(dir, sample());
    const loaded = await loadCollection(dir);
    const drop = find(loaded.collection.items, 'Drop');
    if (drop?.kind !== 'request') throw new Error('fixture');
    // A move in the app: Drop leaves the folder for the top level.
    const admin = find(loaded.collection.items, 'Admin');
    if (admin?.kind !== 'folder') throw new Error('fixture');
    const moved = [loaded.collection.items[0] as Item, { ...admin, items: [] }, drop];
    await saveCollection(dir, { ...loaded.collection, items: moved });
    const afterMove = await loadCollection(dir);
    expect(find(afterMove.collection.items, 'Drop')?.id).toBe(drop.id);
    // Then a move by hand, into a new folder made by hand.
    await mkdir(join(dir, 'admin', 'deep'));
    await writeFile(join(dir, 'admin', 'deep', 'folder.yaml'), 'name: Deep\n');
    await rename(join(dir, 'drop.request.yaml'), join(dir, 'admin', 'deep', 'drop.request.yaml'));
    const afterGitMv = await loadCollection(dir);
    expect(find(afterGitMv.collection.items, 'Drop')?.id).toBe(drop.id);
  });

  it('gives a file copied by hand (same id in its text) an id of its own', async () => {
    await saveCollection(dir, sample());
    const loaded = await loadCollection(dir);
    const id = find(loaded.collection.items, 'Get user')?.id ?? '';
    await writeFile(join(dir, 'get-user.request.yaml'), `name: Get user\nmethod: GET\nurl: http://127.0.0.1:1/u\nid: ${id}\n`);
    await writeFile(join(dir, 'get-user-copy.request.yaml'), `name: Get user copy\nmethod: GET\nurl: http://127.0.0.1:1/u\nid: ${id}\n`);
    const twice = await loadCollection(dir);
    const a = find(twice.collection.items, 'Get user')?.id;
    const b = find(twice.collection.items, 'Get user copy')?.id;
    expect(a).toBe(id);
    expect(b).toMatch(/^p[0-9a-f]{16}$/);
    expect(b).not.toBe(a);
  });

  it('saveRequest finds the request by id after a rename elsewhere, not by its old name', async () => {
    await saveCollection(dir, sample());
    const loaded = await loadCollection(dir);
    const get = find(loaded.collection.items, 'Get user');
    if (get?.kind !== 'request') throw new Error('fixture');
    const { kind: _k, ...request } = get;
    const r = await saveRequest(dir, ['Renamed'], { ...request, name: 'Renamed', url: 'http://127.0.0.1:1/v2' });
    expect(r.file).toBe(join(dir, 'get-user.request.yaml'));
    const names = (await loadCollection(dir)).collection.items.map((i) => i.name);
    expect(names).toEqual(['Renamed', 'Admin']);
  });
});
