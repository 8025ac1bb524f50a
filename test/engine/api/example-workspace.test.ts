import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../../electron/engine/api';
import { MemorySecretStore } from '../../../electron/bridge/memory-secrets';

const EXAMPLE = fileURLToPath(new URL('../../../examples/demo-workspace', import.meta.url));

let dir: string;
let secrets: MemorySecretStore;
let api: ReturnType<typeof createHandlers>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-example-'));
  secrets = new MemorySecretStore();
  api = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets,
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir, exampleWorkspace: EXAMPLE,
  });
});

afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

describe('workspace.addExample', () => {
  it('copies the example into a new folder, its demo credentials into the store but never over a value of the user\'s', async () => {
    await secrets.set('Staging', 'apiKey', 'the-users-own-key');
    const first = await api.handlers['workspace.addExample']();
    expect(first).toEqual({ collectionIds: ['demo-workspace'] });
    const copied = join(dir, 'ws', 'demo-workspace');
    expect((await readdir(copied)).sort()).toEqual((await readdir(EXAMPLE)).filter((f) => f !== 'demo-secrets.env').sort());
    expect(existsSync(join(copied, 'demo-secrets.env'))).toBe(false);
    expect(await readFile(join(copied, 'refusals', 'folder.yaml'), 'utf8')).toBe(await readFile(join(EXAMPLE, 'refusals', 'folder.yaml'), 'utf8'));
    expect(await secrets.get('Staging', 'Admin.password')).toBe('demo-password');
    expect(await secrets.get('Staging', 'apiKey')).toBe('the-users-own-key');
    expect(await secrets.get('Production', 'apiKey')).toBe('demo-api-key-0123456789');

    // The collection loads as any other, with its stored secrets present.
    const ws = await api.handlers['workspace.get']();
    const demo = ws.collections.find((c) => c.id === 'demo-workspace');
    expect(demo?.collection.name).toBe('Keyhole demo');
    expect(demo?.problems).toEqual([]);
    expect(demo?.storedSecrets.Production).toContain('Admin.clientSecret');

    // A second copy never touches the first.
    expect(await api.handlers['workspace.addExample']()).toEqual({ collectionIds: ['demo-workspace-2'] });
  });
});
