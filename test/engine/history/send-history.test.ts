import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge';
import { createHandlers } from '../../../electron/engine/api';
import { HISTORY_FILE } from '../../../electron/engine/history';
import { apiOver, inProcessInvoke, type Api } from '../../../shared/ipc';
import type { RequestInput } from '../../../shared/model';
import { startDigestServer, type DigestServer } from '../../servers/digest-server';
import { readRequestBody, sendJson, startHttpServer, type HttpTestServer } from '../../servers/http';

const PASSWORD = 'pw-basic-secret-7f3a9c';
const VAR_SECRET = 'var-secret-value-51c0de';
const TOKEN = 'literal-token-0a1b2c3d4e';
const API_KEY = 'apikey-literal-9z8y7x6w';
const PROFILE_TOKEN = 'profile-bearer-token-4242';
const DIGEST_PASSWORD = 'digest-pass-3e5d7c9b';
const SECRETS = [PASSWORD, Buffer.from(`alice:${PASSWORD}`).toString('base64'), VAR_SECRET, TOKEN, API_KEY, PROFILE_TOKEN, DIGEST_PASSWORD];

let dir: string;
let server: HttpTestServer;
let digest: DigestServer;
const bodies: string[] = [];

/** The app's engine API over a workspace and state folder in `dir` (state absent: memory only). */
function app(state: string | undefined) {
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets,
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: join(dir, 'tmp'), stateDir: state,
  });
  return { api: apiOver(inProcessInvoke(h.handlers)), close: h.close };
}
const secrets = new MemorySecretStore();
let main: { api: Api; close: () => Promise<void> };
let collectionId: string;
const stateDir = () => join(dir, 'state');

async function filesUnder(d: string): Promise<string[]> {
  const names = await readdir(d, { recursive: true, withFileTypes: true }).catch(() => []);
  return names.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const send = (request: RequestInput, extra: { requestId?: string; environment?: string } = {}) =>
  main.api['request.send']({ sendId: crypto.randomUUID(), request, collectionId, environment: 'local', ...extra });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-send-history-'));
  server = await startHttpServer((req, res) => {
    void readRequestBody(req).then((b) => {
      bodies.push(b.toString('utf8'));
      const ok = req.url?.startsWith('/me') ? req.headers.authorization === `Bearer ${PROFILE_TOKEN}` : req.headers.authorization === `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
      sendJson(res, ok ? (req.method === 'POST' ? 201 : 200) : 401, { ok });
    });
  });
  digest = await startDigestServer({ users: { dana: DIGEST_PASSWORD } });
  main = app(stateDir());
  collectionId = (await main.api['collection.create']({ name: 'Shop' })).id;
  const created = (await main.api['workspace.get']({})).collections[0];
  if (!created) throw new Error('no collection');
  await main.api['collection.save']({ id: collectionId, collection: { ...created.collection, profiles: [{ name: 'Main' }] } });
  await main.api['environment.save']({ collectionId, environment: {
    name: 'local',
    variables: [{ key: 'base', value: server.url, secret: false, enabled: true }, { key: 'orderToken', value: VAR_SECRET, secret: true, enabled: true }],
    profiles: { Main: { type: 'bearer', token: PROFILE_TOKEN, prefix: 'Bearer' } },
  } });
});

afterAll(async () => {
  await main?.close();
  await server?.close();
  await digest?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the history of sends from the app', () => {
  it('records what was sent (resolved, credentials masked) and the request as composed, its secrets taken out', async () => {
    const sent = await send({
      name: 'Create order', method: 'POST', url: `{{base}}/orders?api_key=${API_KEY}&page=1`,
      headers: [{ key: 'X-Trace', value: 'trace-1' }, { key: 'X-Auth-Token', value: TOKEN }],
      body: { mode: 'json', text: '{"item":"book","token":"{{orderToken}}"}' },
      auth: { type: 'basic', username: 'alice', password: PASSWORD },
    }, { requestId: 'req-create-order' });
    expect(sent.exchange.response.status).toBe(201);
    // The secrets really went out, or finding none on disk would prove nothing.
    const wire = server.requests.at(-1);
    expect(wire?.header('authorization')).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    expect(wire?.url).toContain(API_KEY);
    expect(bodies.at(-1)).toContain(VAR_SECRET);

    const [item] = await main.api['history.list']({});
    expect(item).toMatchObject({ id: sent.exchange.id, method: 'POST', status: 201, name: 'Create order', collectionId, requestId: 'req-create-order', environment: 'local', secretsOmitted: true });
    expect(item?.url).toMatch(new RegExp(`^${server.url}/orders\\?api_key=[^&]+&page=1$`));
    expect(item?.url).not.toContain(API_KEY);

    const entry = await main.api['history.get']({ id: sent.exchange.id });
    const header = (name: string) => entry.sent.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    expect(header('X-Trace')).toBe('trace-1');
    expect(header('Authorization')).toBe('Basic ****');
    expect(header('X-Auth-Token')).not.toBe(TOKEN);
    expect(entry.sent.body).toMatchObject({ size: Buffer.byteLength(bodies.at(-1) ?? ''), truncated: false });
    expect(entry.sent.body?.text).toBe('{"item":"book","token":"****"}');
    expect(entry.auth).toEqual({ scheme: 'basic', source: 'request Create order' });
    expect(entry.composed).toMatchObject({
      name: 'Create order', method: 'POST', url: '{{base}}/orders?api_key=&page=1',
      headers: [{ key: 'X-Trace', value: 'trace-1' }, { key: 'X-Auth-Token', value: '' }],
      body: { mode: 'json', text: '{"item":"book","token":"{{orderToken}}"}' },
      auth: { type: 'basic', username: 'alice', password: '' },
    });
    expect(entry.omitted).toEqual(expect.arrayContaining(['auth password', 'header X-Auth-Token', 'query api_key']));

    const files = await filesUnder(stateDir());
    expect(files).toContain(join(stateDir(), HISTORY_FILE));
    const text = (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
    expect(text).toContain('Create order');
    for (const s of SECRETS) expect(text, s).not.toContain(s);
  });

  it('names a profile and its environment, not its token, and the scheme it bound', async () => {
    const sent = await send({ name: 'Me', url: '{{base}}/me', auth: { type: 'profile', profile: 'Main' } });
    expect(sent.exchange.response.status).toBe(200);
    const entry = await main.api['history.get']({ id: sent.exchange.id });
    expect(entry.auth).toEqual({ scheme: 'bearer', profile: 'Main', environment: 'local', source: 'profile Main (local)' });
    expect(entry.sent.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toBe('Bearer ****4242');
    expect(entry.composed.auth).toEqual({ type: 'profile', profile: 'Main' });
    expect(entry.omitted).toEqual([]);
    expect(JSON.stringify(entry)).not.toContain(PROFILE_TOKEN);
  });

  it('keeps the header a challenge-answering scheme added on its retry (Digest)', async () => {
    const sent = await send({ name: 'Digest', url: `${digest.url}/private`, auth: { type: 'digest', username: 'dana', password: DIGEST_PASSWORD } });
    expect(sent.exchange.response.status).toBe(200);
    expect(sent.exchange.hops.length).toBe(1);
    const entry = await main.api['history.get']({ id: sent.exchange.id });
    expect(entry.sent.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toMatch(/^Digest /);
    expect(entry.auth.scheme).toBe('digest');
    expect(entry.composed.auth).toMatchObject({ type: 'digest', username: 'dana', password: '' });
    expect(JSON.stringify(entry)).not.toContain(DIGEST_PASSWORD);
  });

  it('records a send that failed, with its error code, and finds it by that code', async () => {
    const closed = await startHttpServer((_q, r) => r.end());
    await closed.close();
    const failed = await send({ name: 'Gone', url: `${closed.url}/x?token=${TOKEN}` }).then(() => undefined, (e: unknown) => e);
    expect(failed).toMatchObject({ code: 'network' });
    await expect(send({ name: 'Unknown var', url: '{{nowhere}}/y' })).rejects.toMatchObject({ code: 'variable-unresolved' });

    const [unresolved, gone] = await main.api['history.list']({});
    expect(unresolved).toMatchObject({ name: 'Unknown var', status: 0, errorCode: 'variable-unresolved', url: '{{nowhere}}/y' });
    expect(gone).toMatchObject({ name: 'Gone', status: 0, errorCode: 'network' });
    expect(gone?.url).toMatch(new RegExp(`^${closed.url}/x\\?token=`));
    expect(gone?.url).not.toContain(TOKEN);
    expect((await main.api['history.list']({ query: 'network' })).map((h) => h.name)).toEqual(['Gone']);
    const entry = await main.api['history.get']({ id: gone?.id ?? '' });
    expect(entry.error?.code).toBe('network');
    expect(entry.composed.url).toBe(`${closed.url}/x?token=`);
  });

  it('cuts a body past 64 KiB, says so, and masks a secret that straddles the cut', async () => {
    const lead = 'a'.repeat(64 * 1024 - 10);
    const sent = await send({ name: 'Big', method: 'POST', url: '{{base}}/orders', body: { mode: 'text', text: `${lead}{{orderToken}}${'b'.repeat(1000)}` }, auth: { type: 'basic', username: 'alice', password: PASSWORD } });
    expect(bodies.at(-1)?.slice(lead.length, lead.length + VAR_SECRET.length)).toBe(VAR_SECRET);
    const entry = await main.api['history.get']({ id: sent.exchange.id });
    const body = entry.sent.body;
    expect(body?.truncated).toBe(true);
    expect(body?.size).toBe(lead.length + VAR_SECRET.length + 1000);
    expect(Buffer.byteLength(body?.text ?? '')).toBeLessThanOrEqual(64 * 1024);
    expect(body?.text?.startsWith(lead)).toBe(true);
    expect(body?.text).not.toContain('var-secret');
    expect(entry.omitted).toContain('body after 64 KiB');
  });

  it('searches, survives a restart of the engine over the same state folder, and clears', async () => {
    expect((await main.api['history.list']({ query: 'post orders' })).map((h) => h.name)).toEqual(['Big', 'Create order']);
    expect((await main.api['history.list']({ query: '201 create' })).map((h) => h.name)).toEqual(['Create order']);
    const before = await main.api['history.list']({});
    await main.close();

    main = app(stateDir());
    expect(await main.api['history.list']({})).toEqual(before);
    const created = before.find((h) => h.name === 'Create order');
    expect((await main.api['history.get']({ id: created?.id ?? '' })).composed.url).toBe('{{base}}/orders?api_key=&page=1');

    expect(await main.api['history.clear']({})).toEqual({ ok: true });
    expect(await main.api['history.list']({})).toEqual([]);
    expect(JSON.parse(await readFile(join(stateDir(), HISTORY_FILE), 'utf8'))).toEqual({ version: 1, entries: [] });
    await expect(main.api['history.get']({ id: created?.id ?? '' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('without a state folder keeps the history in memory only', async () => {
    const memory = app(undefined);
    try {
      const sent = await memory.api['request.send']({ sendId: 'm1', request: { name: 'Ad hoc', url: `${server.url}/me` } });
      expect((await memory.api['history.list']({})).map((h) => h.id)).toEqual([sent.exchange.id]);
      expect((await filesUnder(dir)).filter((f) => f.endsWith(HISTORY_FILE))).toEqual([join(stateDir(), HISTORY_FILE)]);
    } finally {
      await memory.close();
    }
  });
});
