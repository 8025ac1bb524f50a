import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { saveCollection } from '../../electron/engine/workspace';
import { desktopHost } from '../../electron/main/desktop-host';
import { Collection } from '../../shared/model';
import { apiOver, inProcessInvoke, type Api } from '../../shared/ipc';

/**
 * The tree's "Reveal file" in the desktop app: the main process's host module gets the test's
 * function where electron/main passes shell.showItemInFolder, and the engine hands it the file of
 * the item the page named by id (never a path the page chose).
 */
let dir: string;
let api: Api;
let close: () => Promise<void>;
const shown: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-reveal-'));
  await saveCollection(join(dir, 'ws', 'shop'), Collection.parse({
    name: 'Shop', items: [{ kind: 'folder', name: 'Orders', id: 'forders001', items: [{ kind: 'request', name: 'List orders', url: 'http://127.0.0.1:1/orders', id: 'rlist00001' }] }],
  }));
  const h = createHandlers(desktopHost({
    version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
    openExternal: async () => undefined,
    revealFile: (path) => { shown.push(path); },
  }));
  api = apiOver(inProcessInvoke(h.handlers));
  close = h.close;
});

afterAll(async () => {
  await close?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('file.reveal in the desktop host', () => {
  it("shows a request's file and a folder's file in the file manager, and says so", async () => {
    const request = await api['file.reveal']({ collectionId: 'shop', itemId: 'rlist00001' });
    expect(request.revealed).toBe(true);
    expect(request.path.startsWith(join(dir, 'ws', 'shop', 'orders'))).toBe(true);
    expect((await stat(request.path)).isFile()).toBe(true);
    const folder = await api['file.reveal']({ collectionId: 'shop', itemId: 'forders001' });
    expect(folder.path).toBe(join(dir, 'ws', 'shop', 'orders', 'folder.yaml'));
    expect(shown).toEqual([request.path, folder.path]);
  });

  it('refuses an id that is no item of the collection, and a collection id that is a path, revealing nothing', async () => {
    shown.length = 0;
    await expect(api['file.reveal']({ collectionId: 'shop', itemId: 'rmissing01' })).rejects.toMatchObject({ code: 'file-not-found' });
    await expect(api['file.reveal']({ collectionId: '../shop', itemId: 'rlist00001' })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(shown).toEqual([]);
  });
});
