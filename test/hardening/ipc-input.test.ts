import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge';
import { createHandlers } from '../../electron/engine/api';
import { CHANNELS, contract, dispatch } from '../../shared/ipc';

/**
 * Guarantee 7, the IPC side: every channel goes through dispatch() (Electron's main process and the
 * bridge alike), which validates the argument against the contract before any handler runs. Here
 * every channel is fed arguments of the wrong type, and the channels that name collections,
 * environments and files are fed path traversal; nothing outside the workspace may change.
 */
let root: string;
let workspace: string;
let outside: string;
let api: ReturnType<typeof createHandlers>;
const OUTSIDE_TEXT = 'name: Outside\n';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keyhole-ipc-hostile-'));
  workspace = join(root, 'ws');
  // A collection next to the workspace: traversal would reach it as ../outside.
  outside = join(root, 'outside');
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'collection.yaml'), OUTSIDE_TEXT);
  api = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: workspace, secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: join(root, 'tmp'),
  });
});
afterAll(async () => {
  await api.close();
  await rm(root, { recursive: true, force: true });
});

async function refused(channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await dispatch(api.handlers, channel, input);
  expect(r.ok, `${channel} accepted ${JSON.stringify(input)?.slice(0, 100)}`).toBe(false);
  return (r as { ok: false; error: { code: string; message: string } }).error;
}

/** Every file under `root` except the workspace and the host's temp folder, with its text. */
async function outsideFiles(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = relative(root, join(e.parentPath, e.name));
    if (rel.startsWith(`ws${sep}`) || rel.startsWith(`tmp${sep}`)) continue;
    out[rel] = await readFile(join(root, rel), 'utf8');
  }
  return out;
}

describe('wrong types on every channel', () => {
  // What JSON (the bridge) and structured clone (Electron's IPC) can carry: own properties only.
  const WRONG: unknown[] = [42, 'text', [1, 2], true, null, JSON.parse('{"__proto__":{"polluted":1}}'), JSON.parse('{"constructor":{"prototype":{"polluted":1}}}')];

  for (const channel of CHANNELS) {
    it(`${channel}: refuses each wrong-typed argument with invalid-input before the handler runs`, async () => {
      for (const bad of WRONG) {
        // An empty object is a valid argument for channels that take none; the others must refuse it.
        if (typeof bad === 'object' && bad !== null && !Array.isArray(bad) && contract[channel].input.safeParse({}).success) continue;
        const e = await refused(channel, bad);
        expect(e.code, `${channel} ${JSON.stringify(bad)}`).toBe('invalid-input');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});

describe('path traversal', () => {
  const IDS = ['..', '../outside', '.', './', '.keyhole-trash', '/etc', '..\\outside', 'a/../../outside', '%2e%2e', `..${sep}outside`, '\u0000', ''];

  it('no channel that names a collection accepts a path or a dot-folder as its id', async () => {
    const before = await outsideFiles();
    const calls: [string, (id: string) => unknown][] = [
      ['collection.save', (id) => ({ id, collection: { name: 'Hijacked' } })],
      ['collection.delete', (id) => ({ id })],
      ['environment.save', (id) => ({ collectionId: id, environment: { name: 'e' } })],
      ['environment.delete', (id) => ({ collectionId: id, name: 'e' })],
      ['variables.list', (id) => ({ collectionId: id })],
      ['export.run', (id) => ({ collectionId: id, format: 'postman' })],
      ['export.save', (id) => ({ collectionId: id, format: 'postman' })],
      ['runner.start', (id) => ({ collectionId: id })],
      ['request.send', (id) => ({ sendId: 's1', collectionId: id, request: { name: 'r', url: 'http://127.0.0.1:1/' } })],
    ];
    for (const [channel, arg] of calls) {
      for (const id of IDS) {
        const r = await dispatch(api.handlers, channel, arg(id));
        if (channel === 'runner.start' && r.ok) {
          // A run starts at once and fails on its own: its progress says why.
          const { runId } = (r as { ok: true; value: { runId: string } }).value;
          let p = await dispatch(api.handlers, 'runner.poll', { runId, after: 0 });
          for (let i = 0; i < 100 && p.ok && !(p.value as { done: boolean }).done; i++) {
            await new Promise((res) => setTimeout(res, 10));
            p = await dispatch(api.handlers, 'runner.poll', { runId, after: 0 });
          }
          expect((p as { ok: true; value: { error?: { code: string } } }).value.error?.code, `runner.start ${JSON.stringify(id)}`).toBe('invalid-input');
          continue;
        }
        const e = await refused(channel, arg(id));
        expect(e.code, `${channel} ${JSON.stringify(id)}`).toBe('invalid-input');
      }
    }
    expect(await outsideFiles()).toEqual(before);
    expect(await readFile(join(outside, 'collection.yaml'), 'utf8')).toBe(OUTSIDE_TEXT);
  });

  it('environment and file names stay inside their folders', async () => {
    const created = await dispatch(api.handlers, 'collection.create', { name: 'Mine' });
    expect(created.ok).toBe(true);
    const id = (created as { ok: true; value: { id: string } }).value.id;
    const dir = join(workspace, id);
    const before = await outsideFiles();

    for (const name of ['../../outside/collection', '../collection', '/etc/passwd', '..\\..\\outside\\collection']) {
      // Saving under a hostile name writes a slugged file inside environments/, nowhere else.
      await dispatch(api.handlers, 'environment.save', { collectionId: id, environment: { name } });
      // Deleting by a hostile name never removes a file outside environments/.
      await dispatch(api.handlers, 'environment.delete', { collectionId: id, name });
    }
    const envFiles = existsSync(join(dir, 'environments')) ? await readdir(join(dir, 'environments')) : [];
    for (const f of envFiles) expect(f, f).toMatch(/^[a-z0-9-]+\.yaml$/);
    expect(existsSync(join(dir, 'collection.yaml'))).toBe(true);
    expect(await outsideFiles()).toEqual(before);

    // file.stage keeps only the base name, inside the host's own staging folder.
    for (const name of ['../../../outside/collection.yaml', '/etc/passwd', '..\\..\\evil.txt', '....//....//x']) {
      const r = await dispatch(api.handlers, 'file.stage', { name, base64: Buffer.from('staged').toString('base64') });
      if (!r.ok) continue;
      const path = (r as { ok: true; value: { path: string } }).value.path;
      expect(relative(join(root, 'tmp', 'staged'), path).startsWith('..'), path).toBe(false);
      expect(dirname(dirname(path))).toBe(join(root, 'tmp', 'staged'));
    }
    expect(await outsideFiles()).toEqual(before);
    expect(await readFile(join(outside, 'collection.yaml'), 'utf8')).toBe(OUTSIDE_TEXT);
  });

  it('exchange and run ids that look like paths are unknown ids, not file look-ups', async () => {
    for (const id of ['../../etc/passwd', '/etc/passwd', '..']) {
      expect((await refused('exchange.get', { id })).code).not.toBe('internal');
      expect((await refused('exchange.body', { id, offset: 0, length: 10 })).code).not.toBe('internal');
      expect((await refused('runner.poll', { runId: id })).code).not.toBe('internal');
    }
  });
});
