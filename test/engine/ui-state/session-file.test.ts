import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge/memory-secrets';
import { DRAFT_SECRET_SCOPE, loadSession, saveSession, sessionFile } from '../../../electron/engine/ui-state';
import type { SecretStore } from '../../../electron/engine/secrets/types';
import { UiSession } from '../../../shared/ipc';
import { Request } from '../../../shared/model';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'keyhole-session-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const draft = Request.parse({
  name: 'Login', url: 'http://127.0.0.1:1/login?api_key=key-in-query-123&page=2',
  query: [{ key: 'api_key', value: 'key-in-query-123' }, { key: 'page', value: '2' }],
  headers: [{ key: 'X-Api-Key', value: 'header-key-456' }, { key: 'Accept', value: 'application/json' }, { key: 'Authorization', value: '{{token}}' }],
  auth: { type: 'basic', username: 'ada', password: 'hunter2-draft-secret' },
});
const session = (): UiSession => UiSession.parse({
  tabs: [{ id: 't1', dirty: true, draft }, { id: 't2', collectionId: 'demo', requestId: 'r1', dirty: false }],
  activeTabId: 't1', environments: { demo: 'Staging', other: null }, expanded: { demo: ['f1'] }, layout: { main: { sidebar: 25, work: 50, inspector: 25 } },
});
const opts = (secrets: SecretStore) => ({ stateDir: join(dir, 'state'), workspaceRoot: join(dir, 'ws'), secrets });

describe('the session file', () => {
  it('keeps drafts and layout, with every literal secret in the store and none in the file (mode 0600)', async () => {
    const secrets = new MemorySecretStore();
    await saveSession(session(), opts(secrets));
    const file = sessionFile(opts(secrets));
    const text = await readFile(file, 'utf8');
    for (const secret of ['hunter2-draft-secret', 'header-key-456', 'key-in-query-123']) expect(text).not.toContain(secret);
    expect(text).toContain('{{token}}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await secrets.get(DRAFT_SECRET_SCOPE, 't1/auth.password')).toBe('hunter2-draft-secret');
    expect((await readdir(join(dir, 'state'))).filter((n) => n.includes('tmp'))).toEqual([]);

    const loaded = await loadSession(opts(secrets));
    expect(loaded.notes).toEqual({});
    expect(loaded.session?.tabs[0]?.draft).toEqual(draft);
    expect(loaded.session?.environments).toEqual({ demo: 'Staging', other: null });
    expect(loaded.session?.layout.main?.sidebar).toBe(25);
    expect(loaded.session?.tabs[1]).toMatchObject({ id: 't2', requestId: 'r1', dirty: false });
  });

  it('brings a draft back without the secrets a new store no longer has, and says which', async () => {
    await saveSession(session(), opts(new MemorySecretStore()));
    const loaded = await loadSession(opts(new MemorySecretStore()));
    const back = loaded.session?.tabs[0]?.draft;
    expect(back?.auth).toMatchObject({ type: 'basic', username: 'ada', password: '' });
    expect(back?.headers[0]?.value).toBe('');
    expect(loaded.notes.t1?.[0]).toMatch(/not kept.*auth\.password.*header\.0/);
  });

  it('drops a secret the store refuses, never writing it, and notes it on load', async () => {
    const refusing: SecretStore = {
      get: async () => undefined,
      set: async () => { throw new Error('weak backend'); },
      delete: async () => undefined,
      describe: () => '',
    };
    await saveSession(session(), opts(refusing));
    expect(await readFile(sessionFile(opts(refusing)), 'utf8')).not.toContain('hunter2-draft-secret');
    const loaded = await loadSession(opts(refusing));
    expect(loaded.notes.t1?.[0]).toContain('not kept');
  });

  it('forgets the secrets of tabs that are closed', async () => {
    const secrets = new MemorySecretStore();
    await saveSession(session(), opts(secrets));
    await saveSession({ ...session(), tabs: [] }, opts(secrets));
    expect(await secrets.get(DRAFT_SECRET_SCOPE, 't1/auth.password')).toBeUndefined();
  });

  it('reads a damaged file as no session, and keeps one session per workspace folder', async () => {
    const secrets = new MemorySecretStore();
    await saveSession(session(), opts(secrets));
    expect((await loadSession({ ...opts(secrets), workspaceRoot: join(dir, 'other-ws') })).session).toBeNull();
    await writeFile(sessionFile(opts(secrets)), '{"tabs": [');
    expect(await loadSession(opts(secrets))).toEqual({ session: null, notes: {} });
  });
});
