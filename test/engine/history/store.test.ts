import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_FILE, HistoryStore } from '../../../electron/engine/history';
import { HistoryEntry } from '../../../shared/model';
import { diskFullFs, removeDir, tempDir } from '../workspace/helpers';

let dir: string;
beforeEach(async () => { dir = await tempDir('keyhole-history-'); });
afterEach(async () => { await removeDir(dir); });

/** An entry as a send would make it; `pad` grows it by that many bytes of body text. */
function entry(i: number, o: { name?: string; method?: string; url?: string; status?: number; pad?: number } = {}): HistoryEntry {
  const url = o.url ?? `http://127.0.0.1:9/items/${i}`;
  return HistoryEntry.parse({
    id: `e${i}`, startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), totalMs: 12,
    name: o.name ?? `Request ${i}`, folders: [],
    sent: { method: o.method ?? 'GET', url, headers: [['Accept', '*/*']], ...(o.pad ? { body: { size: o.pad, text: 'x'.repeat(o.pad) } } : {}) },
    auth: { scheme: 'none' }, status: o.status ?? 200, statusText: 'OK',
    composed: { name: o.name ?? `Request ${i}`, method: o.method ?? 'GET', url },
  });
}

const onDisk = async (): Promise<{ version: number; entries: HistoryEntry[] }> => JSON.parse(await readFile(join(dir, HISTORY_FILE), 'utf8')) as { version: number; entries: HistoryEntry[] };

describe('the history store', () => {
  it('keeps the newest entries up to the count, dropping the oldest first, on disk too', async () => {
    const store = new HistoryStore({ stateDir: dir, maxEntries: 3 });
    for (let i = 1; i <= 5; i++) await store.add(entry(i));
    expect((await store.list()).map((s) => s.id)).toEqual(['e5', 'e4', 'e3']);
    expect((await onDisk()).entries.map((e) => e.id)).toEqual(['e5', 'e4', 'e3']);
    await expect(store.get('e1')).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('keeps the file within the byte budget, dropping the oldest first, and the newest even when it alone is larger', async () => {
    const store = new HistoryStore({ stateDir: dir, maxBytes: 8_000 });
    for (let i = 1; i <= 6; i++) await store.add(entry(i, { pad: 2_000 }));
    const ids = (await store.list()).map((s) => s.id);
    // Each entry is a little over 2 KB: three fit in 8 KB, a fourth would not.
    expect(ids).toEqual(['e6', 'e5', 'e4']);
    expect((await stat(join(dir, HISTORY_FILE))).size).toBeLessThanOrEqual(8_000);
    await store.add(entry(7, { pad: 20_000 }));
    expect((await store.list()).map((s) => s.id)).toEqual(['e7']);
  });

  it('comes back whole from the file in a new store over the same folder, limits applied again', async () => {
    const first = new HistoryStore({ stateDir: dir });
    for (let i = 1; i <= 4; i++) await first.add(entry(i));
    const again = new HistoryStore({ stateDir: dir });
    expect((await again.list()).map((s) => s.id)).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await again.get('e2')).toEqual(entry(2));
    const smaller = new HistoryStore({ stateDir: dir, maxEntries: 2 });
    expect((await smaller.list()).map((s) => s.id)).toEqual(['e4', 'e3']);
  });

  it('writes a file and folder only its owner can read', async () => {
    const store = new HistoryStore({ stateDir: join(dir, 'state') });
    await store.add(entry(1));
    if (process.platform === 'win32') return;
    expect((await stat(join(dir, 'state', HISTORY_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state'))).mode & 0o077).toBe(0);
  });

  it('a failed write leaves the previous file whole and no temp file; the entry stays and goes out with the next write', async () => {
    await new HistoryStore({ stateDir: dir }).add(entry(1));
    const before = await readFile(join(dir, HISTORY_FILE), 'utf8');
    const full = new HistoryStore({ stateDir: dir, fs: diskFullFs(30) });
    await expect(full.add(entry(2))).rejects.toMatchObject({ code: 'write-failed' });
    expect(await readFile(join(dir, HISTORY_FILE), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([HISTORY_FILE]);
    expect((await full.list()).map((s) => s.id)).toEqual(['e2', 'e1']);

    // Same folder, a disk with room again: nothing typed was lost.
    const roomy = new HistoryStore({ stateDir: dir });
    await roomy.add(entry(2));
    await roomy.add(entry(3));
    expect((await onDisk()).entries.map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
  });

  it('writes that pile up become writes of the latest state, in order', async () => {
    const store = new HistoryStore({ stateDir: dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.add(entry(i + 1))));
    await store.flush();
    expect((await onDisk()).entries.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => `e${20 - i}`));
  });

  it('searches method, URL, status and request name; every word must match', async () => {
    const store = new HistoryStore({ stateDir: dir });
    await store.add(entry(1, { method: 'GET', url: 'http://127.0.0.1:9/users', status: 200, name: 'List users' }));
    await store.add(entry(2, { method: 'POST', url: 'http://127.0.0.1:9/orders', status: 201, name: 'Create order' }));
    await store.add(entry(3, { method: 'DELETE', url: 'http://127.0.0.1:9/orders/7', status: 404, name: 'Remove order' }));
    const ids = async (q: string) => (await store.list(q)).map((s) => s.id);
    expect(await ids('orders')).toEqual(['e3', 'e2']);
    expect(await ids('post')).toEqual(['e2']);
    expect(await ids('404')).toEqual(['e3']);
    expect(await ids('list USERS')).toEqual(['e1']);
    expect(await ids('orders 201')).toEqual(['e2']);
    expect(await ids('orders 200')).toEqual([]);
    expect(await ids('  ')).toEqual(['e3', 'e2', 'e1']);
  });

  it('clears memory and file, and a new store finds nothing', async () => {
    const store = new HistoryStore({ stateDir: dir });
    for (let i = 1; i <= 3; i++) await store.add(entry(i));
    await store.clear();
    expect(await store.list()).toEqual([]);
    expect((await onDisk()).entries).toEqual([]);
    expect(await new HistoryStore({ stateDir: dir }).list()).toEqual([]);
  });

  it('sets a damaged file aside instead of overwriting it, and says so', async () => {
    const good = JSON.stringify(entry(1));
    await writeFile(join(dir, HISTORY_FILE), `{"version":1,"entries":[${good},{"id":"half"}]}`);
    const store = new HistoryStore({ stateDir: dir, now: () => new Date('2026-02-03T04:05:06Z') });
    expect((await store.list()).map((s) => s.id)).toEqual(['e1']);
    expect(store.problem).toMatch(/set aside as .*history\.json\.damaged-2026-02-03T04-05-06-000Z: 1 of its 2 entries could not be read/);
    expect(await readFile(join(dir, `${HISTORY_FILE}.damaged-2026-02-03T04-05-06-000Z`), 'utf8')).toContain('"half"');
    await store.add(entry(2));
    expect((await onDisk()).entries.map((e) => e.id)).toEqual(['e2', 'e1']);

    await writeFile(join(dir, HISTORY_FILE), 'not json');
    const other = new HistoryStore({ stateDir: dir, now: () => new Date('2026-02-03T05:00:00Z') });
    expect(await other.list()).toEqual([]);
    expect(other.problem).toContain('it is not a history file Keyhole can read');
  });

  it('without a state folder keeps the history in memory and writes nothing', async () => {
    const store = new HistoryStore();
    await store.add(entry(1));
    expect((await store.list()).map((s) => s.id)).toEqual(['e1']);
    expect(await readdir(dir)).toEqual([]);
  });
});
