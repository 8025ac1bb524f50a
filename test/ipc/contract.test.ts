import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore, startBridge, type Bridge } from '../../electron/bridge';
import { startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { startGraphqlServer } from '../servers/graphql';
import { startWsServer } from '../servers/websocket';
import { grpcJwt, startGrpcServer } from '../servers/grpc';
import { createHandlers } from '../../electron/engine/api';
import { isKeyholeError, type KeyholeError } from '../../shared/errors';
import { MASK } from '../../shared/mask';
import { apiOver, envelopeOf, inProcessInvoke, type Api, type Channel, type RawInvoke } from '../../shared/ipc';

const POSTMAN = JSON.stringify({
  info: { name: 'Imported API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  item: [{ name: 'Health', request: { method: 'GET', url: '{{base}}/health' } }],
});

async function failsWith(p: Promise<unknown>, code: string): Promise<KeyholeError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(isKeyholeError(e), `expected a KeyholeError ${code}`).toBe(true);
  expect((e as KeyholeError).code).toBe(code);
  return e as KeyholeError;
}

let demo: DemoServer;
const cleanups: (() => Promise<void>)[] = [];

async function transport(kind: 'in-process' | 'bridge'): Promise<Api> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-ipc-'));
  const api = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: dir,
  });
  cleanups.push(async () => { await api.close(); await rm(dir, { recursive: true, force: true }); });
  if (kind === 'in-process') return apiOver(inProcessInvoke(api.handlers));
  const bridge: Bridge = await startBridge({ handlers: api.handlers, staticDir: dir });
  cleanups.push(() => bridge.close());
  const invoke: RawInvoke = async (channel, input) => {
    const res = await fetch(`${bridge.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyhole-token': bridge.token }, body: JSON.stringify(input) });
    return envelopeOf(res);
  };
  return apiOver(invoke);
}

beforeAll(async () => { demo = await startDemoServer({ port: 0 }); });
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await demo.close();
});

describe.each(['in-process', 'bridge'] as const)('every channel round-trips through the %s transport', (kind) => {
  // Keyed by channel so that adding a channel without a round trip here fails to compile.
  const seen: Record<Channel, boolean> = Object.fromEntries([]) as Record<Channel, boolean>;
  it('answers each channel as the contract says', async () => {
    const api = await transport(kind);
    const mark = (c: Channel): void => { seen[c] = true; };

    expect(await api['app.info']({})).toMatchObject({ host: 'browser', secretStorage: { backend: 'memory' } }); mark('app.info');
    const created = await api['collection.create']({ name: 'Demo API' }); mark('collection.create');
    expect(created.collection.name).toBe('Demo API');
    expect(await api['collection.fileAccess']({ id: created.id })).toEqual({ allowFilesOutside: false }); mark('collection.fileAccess');
    expect(await api['collection.setFileAccess']({ id: created.id, access: { allowFilesOutside: true } })).toEqual({ ok: true }); mark('collection.setFileAccess');
    expect(await api['collection.fileAccess']({ id: created.id })).toEqual({ allowFilesOutside: true });
    const ws = await api['workspace.get']({}); mark('workspace.get');
    expect(ws.collections.map((c) => c.id)).toEqual([created.id]);

    await api['collection.save']({ id: created.id, collection: { ...created.collection, items: [{ kind: 'request', name: 'Me', method: 'GET', url: '{{base}}/bearer/me', query: [], headers: [], body: { mode: 'none' }, auth: { type: 'inherit' }, settings: {} }] } }); mark('collection.save');
    // One request saved by itself with the versions it was loaded with; a stale snapshot then conflicts.
    const loaded = (await api['workspace.get']({})).collections[0];
    const me = loaded?.collection.items[0];
    expect(Object.keys(loaded?.versions ?? {}).sort()).toEqual(['collection.yaml', 'me.request.yaml']);
    const savedOne = await api['request.save']({ collectionId: created.id, path: ['Me'], request: { name: 'Me', url: '{{base}}/bearer/me', description: 'who am I' }, expected: loaded?.versions }); mark('request.save');
    expect(savedOne.versions?.['me.request.yaml']).not.toBe(loaded?.versions['me.request.yaml']);
    const stale = await failsWith(api['collection.save']({ id: created.id, collection: { ...created.collection, items: me ? [me] : [] }, expected: loaded?.versions }), 'conflict');
    expect(stale.details?.files).toEqual(['me.request.yaml']);
    await api['environment.save']({ collectionId: created.id, environment: { name: 'local', variables: [{ key: 'base', value: demo.url, secret: false, enabled: true }, { key: 'token', value: 'tok-secret-value-0123456789', secret: true, enabled: true }], profiles: {} } }); mark('environment.save');
    const after = (await api['workspace.get']({})).collections[0];
    expect(after?.environments[0]?.variables.find((v) => v.key === 'token')?.value).toBe('');
    expect(after?.storedSecrets.local).toEqual(['token']);
    expect(await api['secret.reveal']({ environment: 'local', key: 'token' })).toEqual({ value: 'tok-secret-value-0123456789' }); mark('secret.reveal');
    const vars = await api['variables.list']({ collectionId: created.id, environment: 'local' }); mark('variables.list');
    expect(vars.find((v) => v.name === 'base')).toMatchObject({ scope: 'environment', value: demo.url });
    // A secret variable's value is the fixed mask (shared/mask.ts): the stored value only shows on Reveal.
    expect(vars.find((v) => v.name === 'token')?.value).toBe(MASK);

    const sent = await api['request.send']({ sendId: 's1', collectionId: created.id, environment: 'local', request: { name: 'Me', url: '{{base}}/bearer/me', headers: [{ key: 'X-Trace', value: '{{token}}' }] } }); mark('request.send');
    expect(sent.exchange.response.status).toBe(401);
    expect(sent.explanation?.findings[0]?.id).toBe('no-credentials');
    expect(JSON.stringify(sent.exchange)).not.toContain('tok-secret-value-0123456789');
    expect(await api['exchange.get']({ id: sent.exchange.id })).toEqual(sent); mark('exchange.get');
    const chunk = await api['exchange.body']({ id: sent.exchange.id, offset: 0, length: 1024 }); mark('exchange.body');
    expect(JSON.parse(Buffer.from(chunk.base64, 'base64').toString('utf8'))).toEqual({ error: 'authentication required' });
    const window = await api['exchange.bodyBytes']({ id: sent.exchange.id, offset: 2, length: 5 }); mark('exchange.bodyBytes');
    expect([Buffer.from(window.bytes).toString('utf8'), window.offset, window.size]).toEqual([Buffer.from(chunk.base64, 'base64').toString('utf8').slice(2, 7), 2, chunk.size]);
    expect((await api['inspector.explain']({ id: sent.exchange.id }))?.status).toBe(401); mark('inspector.explain');
    expect((await api['history.list']({}))[0]).toMatchObject({ id: sent.exchange.id, status: 401 }); mark('history.list');
    expect(await api['history.list']({ query: 'no such request' })).toEqual([]);
    const kept = await api['history.get']({ id: sent.exchange.id }); mark('history.get');
    expect(kept).toMatchObject({ status: 401, composed: { name: 'Me', url: '{{base}}/bearer/me' }, auth: { scheme: 'none' } });
    expect(JSON.stringify(kept)).not.toContain('tok-secret-value-0123456789');
    expect(await api['request.cancel']({ sendId: 'nothing-running' })).toEqual({ cancelled: false }); mark('request.cancel');

    // Request as sent: the X-Trace header went out with the secret in it, masked until revealed.
    const trace = sent.exchange.request.headers.findIndex(([k]) => k === 'X-Trace');
    expect(sent.exchange.request.headers[trace]?.[1]).not.toContain('tok-secret');
    expect(await api['exchange.reveal']({ id: sent.exchange.id, header: trace })).toEqual({ name: 'X-Trace', value: 'tok-secret-value-0123456789' }); mark('exchange.reveal');
    await failsWith(api['exchange.reveal']({ id: sent.exchange.id, header: 99 }), 'invalid-input');
    const curl = await api['exchange.snippet']({ collectionId: created.id, environment: 'local', request: { name: 'Me', url: '{{base}}/bearer/me', headers: [{ key: 'X-Trace', value: '{{token}}' }] }, lang: 'curl' }); mark('exchange.snippet');
    expect(curl.output).toContain(`${demo.url}/bearer/me`);
    expect(curl.output).toContain('{{token}}');
    expect(curl.output).not.toContain('tok-secret');
    const py = await api['history.snippet']({ id: sent.exchange.id, lang: 'python' }); mark('history.snippet');
    expect(py.output).toContain('import requests');
    expect(py.output).toContain(`${demo.url}/bearer/me`);

    // The cookie manager edits the environment's live jar: values masked until revealed.
    const jar = { collectionId: created.id, environment: 'local' };
    expect(await api['cookies.set']({ ...jar, cookie: { name: 'sid', value: 'cookie-secret-123456', domain: '127.0.0.1', path: '/' } })).toEqual({ ok: true }); mark('cookies.set');
    const listed = await api['cookies.list'](jar); mark('cookies.list');
    expect(listed).toMatchObject([{ name: 'sid', domain: '127.0.0.1', path: '/' }]);
    expect(JSON.stringify(listed)).not.toContain('cookie-secret');
    expect(await api['cookies.reveal']({ ...jar, cookie: { name: 'sid', domain: '127.0.0.1', path: '/' } })).toEqual({ value: 'cookie-secret-123456' }); mark('cookies.reveal');
    expect(await api['cookies.delete']({ ...jar, cookie: { name: 'sid', domain: '127.0.0.1', path: '/' } })).toEqual({ deleted: true }); mark('cookies.delete');
    await api['cookies.set']({ ...jar, cookie: { name: 'a', value: 'b', domain: 'example.com', path: '/' } });
    expect(await api['cookies.clear'](jar)).toEqual({ ok: true }); mark('cookies.clear');
    expect(await api['cookies.list'](jar)).toEqual([]);

    const scripted = await api['request.send']({ sendId: 's2', collectionId: created.id, environment: 'local', request: {
      name: 'Me', url: '{{base}}/bearer/me', scripts: { test: "pm.test('refused', () => pm.response.to.have.status(401)); pm.test('ok', () => pm.expect(pm.response.code).to.equal(200)); console.log(pm.environment.get('token'))" },
    } });
    expect(scripted.tests?.assertions.map((a) => [a.name, a.passed])).toEqual([['refused', true], ['ok', false]]);
    expect(scripted.tests?.logs.join('\n')).not.toContain('tok-secret-value');

    const { runId } = await api['runner.start']({ collectionId: created.id, environment: 'local' }); mark('runner.start');
    let progress = await api['runner.poll']({ runId }); mark('runner.poll');
    // Poll as the view does, on a timer: in-process calls resolve in microtasks and would starve the run.
    while (!progress.done) {
      await new Promise((r) => setTimeout(r, 20));
      progress = await api['runner.poll']({ runId });
    }
    expect(progress.error).toBeUndefined();
    const rows = (await api['runner.poll']({ runId, after: 0 })).rows;
    expect(rows.map((r) => [r.path, r.status, r.passed, r.diagnosis?.id])).toEqual([['Me', 401, false, 'no-credentials']]);
    expect(progress.summary).toMatchObject({ requests: 1, failedRequests: 1, stopped: false });
    expect(await api['runner.stop']({ runId })).toEqual({ stopped: false }); mark('runner.stop');
    // A row opens its exchange: masked, with the inspector's explanation and the row's tests.
    const ran = await api['runner.exchange']({ runId, exchangeId: rows[0]?.exchangeId ?? 'none' }); mark('runner.exchange');
    expect(ran.exchange.id).toBe(rows[0]?.exchangeId);
    expect([ran.exchange.response.status, ran.explanation?.findings[0]?.id]).toEqual([401, 'no-credentials']);
    expect(JSON.stringify(ran)).not.toContain('tok-secret-value-0123456789');
    const ranBody = await api['exchange.body']({ id: ran.exchange.id, offset: 0, length: 1024 });
    expect(JSON.parse(Buffer.from(ranBody.base64, 'base64').toString('utf8'))).toEqual({ error: 'authentication required' });
    await failsWith(api['runner.exchange']({ runId: 'not-a-run', exchangeId: ran.exchange.id }), 'invalid-input');
    // The run as the CLI's reports: the refused request a JUnit failure naming its status, an HTML row.
    const junit = await api['runner.report']({ runId, format: 'junit' }); mark('runner.report');
    expect(junit.filename).toMatch(/^Demo-API-run-.*\.xml$/);
    expect(junit.text).toMatch(/<testsuite name="Demo API \(local\)" tests="1" failures="1"/);
    expect(junit.text).toContain('status is below 400: got 401 Unauthorized');
    expect((await api['runner.report']({ runId, format: 'html' })).text).toMatch(/<tr class="request fail" id="r1">[\s\S]*401 Unauthorized/);
    await failsWith(api['runner.report']({ runId, format: 'html', save: true }), 'usage');

    const jwt = await api['inspector.jwt']({ token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2ln' }); mark('inspector.jwt');
    expect(jwt.ok && jwt.report.payload).toEqual({ sub: 'demo' });
    expect(await api['auth.forgetToken']({ collectionId: created.id })).toEqual({ ok: true }); mark('auth.forgetToken');

    const imported = await api['import.run']({ text: POSTMAN, filename: 'api.postman_collection.json' }); mark('import.run');
    expect(imported).toMatchObject({ format: 'postman', collectionId: 'Imported-API' });
    expect((await api['export.formats']({})).map((f) => f.id)).toContain('postman'); mark('export.formats');
    const exported = await api['export.run']({ collectionId: 'Imported-API', format: 'postman' }); mark('export.run');
    expect(JSON.parse(exported.text)).toMatchObject({ info: { name: 'Imported API' }, item: [{ name: 'Health' }] });

    // file.reveal finds an item's file by id; a browser host shows nothing itself, it gets the path.
    const importedWc = (await api['workspace.get']({})).collections.find((c) => c.id === 'Imported-API');
    const healthId = importedWc?.collection.items[0]?.id ?? '';
    const revealed = await api['file.reveal']({ collectionId: 'Imported-API', itemId: healthId }); mark('file.reveal');
    expect(revealed.revealed).toBe(false);
    expect(revealed.path).toMatch(/[\\/]ws[\\/]Imported-API[\\/].+\.yaml$/);
    expect(await readFile(revealed.path, 'utf8')).toContain('/health');
    await failsWith(api['file.reveal']({ collectionId: 'Imported-API', itemId: 'no-such-item' }), 'file-not-found');

    const staged = await api['file.stage']({ name: '../../evil name.txt', base64: Buffer.from('hello').toString('base64') }); mark('file.stage');
    expect(staged.path).not.toContain('..');
    expect(await readFile(staged.path, 'utf8')).toBe('hello');

    // What only Electron can do answers 'usage' in a browser host, through either transport.
    await failsWith(api['file.pick']({}), 'usage'); mark('file.pick');
    await failsWith(api['app.openExternal']({ url: 'https://example.com/' }), 'usage'); mark('app.openExternal');
    await failsWith(api['workspace.choose']({ create: false }), 'usage'); mark('workspace.choose');
    await failsWith(api['workspace.addExample']({}), 'usage'); mark('workspace.addExample');
    await failsWith(api['exchange.saveBody']({ id: sent.exchange.id }), 'usage'); mark('exchange.saveBody');
    await failsWith(api['export.save']({ collectionId: 'Imported-API', format: 'postman' }), 'usage'); mark('export.save');

    expect(await api['environment.delete']({ collectionId: created.id, name: 'local' })).toEqual({ ok: true }); mark('environment.delete');
    expect(await api['collection.delete']({ id: created.id })).toEqual({ ok: true }); mark('collection.delete');
    expect((await api['workspace.get']({})).collections.map((c) => c.id)).toEqual(['Imported-API']);

    expect(await api['history.clear']({})).toEqual({ ok: true }); mark('history.clear');
    expect(await api['history.list']({})).toEqual([]);

    // The app's session: what it saves comes back, with a typed secret kept out of the saved copy.
    const session = { tabs: [{ id: 't1', dirty: true, draft: { name: 'Draft', url: 'http://127.0.0.1:1/', auth: { type: 'bearer' as const, token: 'draft-token-1234' } } }], activeTabId: 't1' };
    expect(await api['session.save']({ session })).toEqual({ ok: true }); mark('session.save');
    const back = await api['session.load']({}); mark('session.load');
    expect(back.session?.activeTabId).toBe('t1');
    expect(back.session?.tabs[0]?.draft?.auth).toMatchObject({ type: 'bearer', token: 'draft-token-1234' });
    // A WebSocket, against a real ws server; stream.poll carries its frames.
    const wss = await startWsServer();
    try {
      const socket = { kind: 'websocket' as const, name: 'Echo', url: `${wss.wsUrl}/echo`, settings: { proxy: { mode: 'none' as const } } };
      expect((await api['ws.connect']({ connectionId: 'contract-ws', request: socket })).state).toBe('open'); mark('ws.connect');
      expect(await api['ws.send']({ connectionId: 'contract-ws', message: { name: 'm', type: 'text', text: 'over the contract' } })).toEqual({ ok: true }); mark('ws.send');
      expect(await api['ws.ping']({ connectionId: 'contract-ws' })).toEqual({ ok: true }); mark('ws.ping');
      let frames: string[] = [];
      for (let i = 0; i < 200 && !frames.includes('in over the contract'); i++) {
        frames = (await api['stream.poll']({ id: 'contract-ws' })).messages.map((m) => `${m.direction} ${m.data}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      mark('stream.poll');
      expect(frames).toContain('in over the contract');
      expect((await api['ws.close']({ connectionId: 'contract-ws' })).close).toMatchObject({ code: 1000, by: 'client' }); mark('ws.close');
      expect(await api['stream.stop']({ id: 'no-such-stream' })).toEqual({ stopped: false }); mark('stream.stop');
    } finally {
      await wss.close();
    }
    // A gRPC call, against a real grpc-js server with reflection; stream.poll carries its log.
    const grpcServer = await startGrpcServer();
    try {
      const greeter = { kind: 'grpc' as const, name: 'Hello', url: grpcServer.url, rpc: 'keyhole.greeter.v1.Greeter/SayHello', proto: { type: 'reflection' as const }, settings: { proxy: { mode: 'none' as const } } };
      expect((await api['grpc.describe']({ request: greeter })).services.map((x) => x.name)).toEqual(['keyhole.greeter.v1.Greeter']); mark('grpc.describe');
      expect(JSON.parse((await api['grpc.template']({ request: greeter })).text)).toMatchObject({ name: '', mood: 'MOOD_UNSPECIFIED' }); mark('grpc.template');
      const chat = { ...greeter, rpc: 'keyhole.greeter.v1.Greeter/Chat' };
      expect(await api['grpc.start']({ callId: 'contract-grpc', request: chat })).toMatchObject({ callType: 'bidi', requestType: 'keyhole.greeter.v1.ChatMessage' }); mark('grpc.start');
      expect(await api['grpc.send']({ callId: 'contract-grpc', text: '{"text":"over the contract"}' })).toEqual({ ok: true }); mark('grpc.send');
      let log: string[] = [];
      for (let i = 0; i < 200 && !log.includes('in {"text":"echo: over the contract"}'); i++) {
        log = (await api['stream.poll']({ id: 'contract-grpc' })).messages.map((m) => `${m.direction} ${m.data}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(log).toContain('in {"text":"echo: over the contract"}');
      expect(await api['grpc.end']({ callId: 'contract-grpc' })).toEqual({ ok: true }); mark('grpc.end');
      const ended = await api['grpc.result']({ callId: 'contract-grpc' }); mark('grpc.result');
      expect(ended.exchange.grpc?.status).toMatchObject({ code: 0, name: 'OK' });
      expect((await api['stream.poll']({ id: 'contract-grpc' })).grpcStatus).toMatchObject({ code: 0 });
      await api['grpc.start']({ callId: 'contract-grpc-2', request: chat });
      expect(await api['grpc.cancel']({ callId: 'contract-grpc-2' })).toEqual({ cancelled: true }); mark('grpc.cancel');
      expect((await api['grpc.result']({ callId: 'contract-grpc-2' })).exchange.grpc?.status?.code).toBe(1);
      // A unary call sends its message at start; a refusal comes back explained, its token masked.
      const token = await grpcJwt({ scope: 'read' });
      const whoami = { ...greeter, rpc: 'keyhole.greeter.v1.Greeter/Whoami', auth: { type: 'bearer' as const, token } };
      await api['grpc.start']({ callId: 'contract-grpc-3', request: whoami, message: '{}' });
      const refused = await api['grpc.result']({ callId: 'contract-grpc-3' });
      expect(refused.exchange.grpc?.status?.code).toBe(7);
      expect(refused.explanation?.findings.map((f) => f.id)).toContain('insufficient-scope');
      expect(JSON.stringify(refused)).not.toContain(token);
    } finally {
      await grpcServer.close();
    }
    // A GraphQL request's schema, introspected from a real GraphQL server over the same contract.
    const gql = await startGraphqlServer();
    try {
      const request = { name: 'Q', method: 'POST', url: `${gql.url}/graphql`, settings: { proxy: { mode: 'none' as const } }, body: { mode: 'graphql' as const, query: '{ hello }' } };
      const schema = await api['graphql.schema']({ request }); mark('graphql.schema');
      expect(schema).toMatchObject({ ok: true, source: 'introspection', cached: false, sdl: expect.stringContaining('type Query') });
    } finally {
      await gql.close();
    }


    const { CHANNELS } = await import('../../shared/ipc');
    expect(CHANNELS.filter((c) => !seen[c])).toEqual([]);
  });

  it('refuses arguments that do not parse with invalid-input naming the field', async () => {
    const api = await transport(kind);
    const e = await failsWith(api['request.send']({ sendId: '', request: { name: 'x', url: 'http://127.0.0.1/' } }), 'invalid-input');
    expect(e.message).toContain('sendId');
    await failsWith(api['collection.save']({ id: '../etc', collection: { name: 'x' } } as never), 'invalid-input');
    await failsWith(api['app.openExternal']({ url: 'file:///etc/passwd' }), 'invalid-input');
  });
});
