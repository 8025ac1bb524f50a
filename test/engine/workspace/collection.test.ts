import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Request, type Collection, type Item } from '../../../shared/model';
import { loadCollection, saveCollection, saveRequest } from '../../../electron/engine/workspace';
import { changedLines, readTree, removeDir, tempDir, withoutIds } from './helpers';
import { sampleCollection } from './sample-collection';

let dir: string;
beforeEach(async () => { dir = await tempDir(); });
afterEach(async () => { await removeDir(dir); });

function folder(c: { items: Item[] }, name: string): Extract<Item, { kind: 'folder' }> {
  const f = c.items.find((i) => i.kind === 'folder' && i.name === name);
  if (!f || f.kind !== 'folder') throw new Error(`no folder ${name}`);
  return f;
}

describe('collection round trip', () => {
  it('loads back exactly what was saved (nested folders, every body kind, several auth types, settings)', async () => {
    const c = sampleCollection();
    await saveCollection(dir, c);
    const loaded = await loadCollection(dir);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(withoutIds(loaded.collection)).toEqual(c);
    // Every item was given an id, and they are unique.
    const ids: string[] = [];
    const walk = (items: Collection['items']): void => { for (const it of items) { ids.push(it.id ?? ''); if (it.kind === 'folder') walk(it.items); } };
    walk(loaded.collection.items);
    expect(ids.every((id) => /^p[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lays out one file per request, a folder per folder, in the documented format', async () => {
    await saveCollection(dir, sampleCollection());
    const tree = await readTree(dir);
    expect([...tree.keys()].sort()).toEqual([
      'collection.yaml', 'graphql.request.yaml', 'health-2.request.yaml', 'health.request.yaml', 'jwt.request.yaml',
      'no-auth.request.yaml', 'oauth.request.yaml', 'signed.request.yaml',
      'users/admin-danger-zone/binary.request.yaml', 'users/admin-danger-zone/folder.yaml', 'users/admin-danger-zone/form.request.yaml',
      'users/admin-danger-zone/upload.request.yaml', 'users/create-user.request.yaml', 'users/folder.yaml', 'users/get-user.request.yaml',
      'users/note.request.yaml', 'users/xml.request.yaml',
    ].map((p) => join(...p.split('/'))));
    // Defaults are left out and keys come in the fixed order; multi-line text is a block scalar.
    expect(tree.get('health.request.yaml')).toBe('name: Health\nmethod: GET\nurl: "{{baseUrl}}/health"\n');
    expect(tree.get(join('users', 'create-user.request.yaml'))).toBe(
      'name: Create user\nmethod: POST\nurl: "{{baseUrl}}/users"\nbody:\n  mode: json\n  text: |-\n    {\n      "name": "Ada",\n      "pad": ""\n    }\n');
    const col = tree.get('collection.yaml') ?? '';
    expect(col.startsWith('keyhole: 1\nname: Demo API\n')).toBe(true);
    expect(col).toMatch(/order:\n {2}- health\.request\.yaml\n {2}- users\n {2}- graphql\.request\.yaml/);
    expect(col).toContain('  - key: apiToken\n    secret: true\n');
  });

  it('saving twice gives byte-identical files, and the second save writes nothing', async () => {
    const first = await saveCollection(dir, sampleCollection());
    expect(first.written.length).toBe(17);
    const before = await readTree(dir);
    const second = await saveCollection(dir, sampleCollection());
    expect(second.written).toEqual([]);
    expect(await readTree(dir)).toEqual(before);
    const other = await tempDir();
    try {
      await saveCollection(other, (await loadCollection(dir)).collection);
      // New files record the ids the items were loaded with; otherwise they are the same bytes.
      const copied = await readTree(other);
      expect([...copied.values()].filter((t) => /^id: p[0-9a-f]{16}$/m.test(t)).length).toBe(16);
      expect(new Map([...copied].map(([k, t]) => [k, t.replace(/^id: .*\n/m, '')]))).toEqual(before);
    } finally {
      await removeDir(other);
    }
  });

  it('a one-header change changes exactly one line of one file', async () => {
    const c = sampleCollection();
    await saveCollection(dir, c);
    const before = await readTree(dir);
    const users = folder(c, 'Users');
    const get = users.items.find((i) => i.name === 'Get user');
    if (!get || get.kind !== 'request') throw new Error('fixture');
    get.headers[0] = { key: 'Accept', value: 'application/xml', enabled: true };
    const report = await saveCollection(dir, c);
    expect(report.written).toEqual([join(dir, 'users', 'get-user.request.yaml')]);
    const after = await readTree(dir);
    const differing = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
    expect(differing).toEqual([join('users', 'get-user.request.yaml')]);
    const file = differing[0] as string;
    expect(changedLines(before.get(file) ?? '', after.get(file) ?? '')).toEqual([
      { line: expect.any(Number) as number, before: '    value: application/json', after: '    value: application/xml' },
    ]);
  });

  it('removes the files of deleted items and keeps files it does not own', async () => {
    const c = sampleCollection();
    await saveCollection(dir, c);
    await writeFile(join(dir, 'users', 'admin-danger-zone', 'notes.md'), 'mine');
    const users = folder(c, 'Users');
    users.items = users.items.filter((i) => i.name !== 'Admin / Danger zone' && i.name !== 'Xml');
    const report = await saveCollection(dir, c);
    expect(report.removed).toContain(join(dir, 'users', 'xml.request.yaml'));
    expect((await readdir(join(dir, 'users'))).sort()).toEqual(['admin-danger-zone', 'create-user.request.yaml', 'folder.yaml', 'get-user.request.yaml', 'note.request.yaml']);
    expect(await readdir(join(dir, 'users', 'admin-danger-zone'))).toEqual(['notes.md']);
    expect(report.warnings.join('\n')).toMatch(/notes\.md/);
    expect(withoutIds((await loadCollection(dir)).collection)).toEqual(c);
  });

  it('keeps the name of a hand-named file when its item is saved again', async () => {
    const c = sampleCollection();
    await saveCollection(dir, c);
    await writeFile(join(dir, 'my-probe.request.yaml'), 'name: Probe\nurl: http://127.0.0.1/probe\n');
    const loaded = await loadCollection(dir);
    // Unlisted files are appended after the listed ones, sorted by name.
    expect(loaded.collection.items.at(-1)?.name).toBe('Probe');
    await saveCollection(dir, loaded.collection);
    // Rewritten for its missing `method:`, so it also records the id it was loaded with.
    expect(await readFile(join(dir, 'my-probe.request.yaml'), 'utf8')).toBe(`name: Probe\nmethod: GET\nurl: http://127.0.0.1/probe\nid: ${loaded.collection.items.at(-1)?.id ?? ''}\n`);
    expect(await readFile(join(dir, 'collection.yaml'), 'utf8')).toMatch(/ {2}- my-probe\.request\.yaml\n$/);
  });

  it('warns about a literal secret in a request auth (it is saved as given)', async () => {
    const c: Collection = { ...sampleCollection(), items: [{ kind: 'request', ...Request.parse({ name: 'Login', url: 'http://h', auth: { type: 'basic', username: 'u', password: 'hunter2hunter2' } }) }] };
    const report = await saveCollection(dir, c);
    expect(report.warnings.join('\n')).toMatch(/request Login has a literal password/);
    expect(report.warnings.join('\n')).not.toContain('hunter2');
  });
});

describe('saveRequest', () => {
  it('rewrites only the request file, keeping its file name when the request is renamed', async () => {
    const c = sampleCollection();
    await saveCollection(dir, c);
    const before = await readTree(dir);
    const updated = Request.parse({ name: 'Fetch user', url: '{{baseUrl}}/users/{{id}}', method: 'GET' });
    const r = await saveRequest(dir, ['Users', 'Get user'], updated);
    expect(r).toEqual({ file: join(dir, 'users', 'get-user.request.yaml'), written: true });
    const after = await readTree(dir);
    expect([...after.keys()].filter((k) => after.get(k) !== before.get(k))).toEqual([join('users', 'get-user.request.yaml')]);
    const loaded = await loadCollection(dir);
    expect(withoutIds(folder(loaded.collection, 'Users').items[0])).toEqual({ kind: 'request', ...updated });
  });

  it('creates a new request file and appends it to the folder order', async () => {
    await saveCollection(dir, sampleCollection());
    const r = await saveRequest(dir, ['Users', 'Admin / Danger zone', 'Zebra'], Request.parse({ name: 'Zebra', url: 'http://z' }));
    expect(r.file).toBe(join(dir, 'users', 'admin-danger-zone', 'zebra.request.yaml'));
    const loaded = await loadCollection(dir);
    expect(folder(folder(loaded.collection, 'Users'), 'Admin / Danger zone').items.map((i) => i.name)).toEqual(['Form', 'Upload', 'Binary', 'Zebra']);
  });

  it('names the folder that does not exist', async () => {
    await saveCollection(dir, sampleCollection());
    await expect(saveRequest(dir, ['Nope', 'X'], Request.parse({ name: 'X', url: 'http://x' }))).rejects.toMatchObject({ code: 'file-not-found', message: expect.stringContaining('"Nope"') as string });
  });
});

describe('loading a folder that is not a collection', () => {
  it('is a file-not-found error naming collection.yaml', async () => {
    await mkdir(join(dir, 'x'));
    await expect(loadCollection(join(dir, 'x'))).rejects.toMatchObject({ code: 'file-not-found', message: expect.stringContaining('collection.yaml') as string });
  });
});
