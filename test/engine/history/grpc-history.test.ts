import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge';
import { createHandlers } from '../../../electron/engine/api';
import { HISTORY_FILE } from '../../../electron/engine/history';
import { apiOver, inProcessInvoke, type Api, type GrpcStartInput, type SendResult } from '../../../shared/ipc';
import { Collection, isGrpcRequest, type GrpcRequestInput } from '../../../shared/model';
import { grpcJwt, startGrpcServer, type GrpcTestServer } from '../../servers/grpc';

/** gRPC calls the app makes (grpc.start) go into the history, masked, and run their request's scripts. */

const TRACE_SECRET = 'grpc-trace-secret-5c1e9f';

let dir: string;
let server: GrpcTestServer;
let api: Api;
let close: () => Promise<void>;
let collectionId: string;
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-grpc-history-'));
  server = await startGrpcServer();
  token = await grpcJwt({ scope: 'read admin', sub: 'ada' });
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: join(dir, 'ws'), secrets: new MemorySecretStore(),
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: join(dir, 'tmp'), stateDir: join(dir, 'state'),
  });
  api = apiOver(inProcessInvoke(h.handlers));
  close = h.close;
  collectionId = (await api['collection.create']({ name: 'Calls' })).id;
  await api['environment.save']({ collectionId, environment: {
    name: 'local',
    variables: [{ key: 'grpc', value: server.url, secret: false, enabled: true }, { key: 'trace', value: TRACE_SECRET, secret: true, enabled: true }],
    profiles: {},
  } });
});

afterAll(async () => {
  await close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (over: Partial<GrpcRequestInput>): GrpcStartInput['request'] => ({
  kind: 'grpc', name: 'Call', url: '{{grpc}}', rpc: 'keyhole.greeter.v1.Greeter/SayHello', ...over,
} as GrpcStartInput['request']);

let n = 0;
/** Starts a call as the app does and waits for its result (the call's end, its scripts, its history entry). */
async function call(r: GrpcStartInput['request'], message?: string): Promise<SendResult> {
  const callId = `call-${++n}`;
  await api['grpc.start']({ callId, request: r, collectionId, environment: 'local', ...(message === undefined ? {} : { message }) });
  return api['grpc.result']({ callId });
}

describe('gRPC calls in the history', () => {
  it('records a unary call: method path, status name, the messages both ways, metadata masked, and the request as composed', async () => {
    await call(request({
      name: 'Hello', auth: { type: 'bearer', token, prefix: 'Bearer' },
      headers: [{ key: 'x-trace', value: '{{trace}}', enabled: true }, { key: 'x-plain', value: 'visible', enabled: true }],
      messages: [{ name: 'm', text: '{"name":"ada"}', enabled: true }],
    }));
    const [item] = await api['history.list']({});
    expect(item).toMatchObject({ method: 'POST', url: `${server.url}/keyhole.greeter.v1.Greeter/SayHello`, name: 'Hello', grpc: { rpc: 'keyhole.greeter.v1.Greeter/SayHello', status: 'OK' }, frames: { sent: 1, received: 1 } });
    const entry = await api['history.get']({ id: item?.id ?? '' });
    expect(entry.connection).toMatchObject({ kind: 'grpc', sentCount: 1, receivedCount: 1 });
    expect(entry.connection?.sent.map((f) => [f.type, f.data])).toEqual([['message', '{"name":"ada"}']]);
    expect(entry.connection?.received.map((f) => f.data)).toEqual(['{"message":"Hello ada","mood":"MOOD_UNSPECIFIED"}']);
    expect(entry.grpc).toMatchObject({ callType: 'unary', status: { code: 0, name: 'OK' } });
    const header = (name: string) => entry.sent.headers.find(([k]) => k.toLowerCase() === name)?.[1];
    expect(header('x-plain')).toBe('visible');
    expect(header('x-trace')).not.toContain(TRACE_SECRET);
    expect(header('authorization')).not.toContain(token);
    // Re-opened, it is the gRPC request as composed, with its variables and without the literal token.
    expect(isGrpcRequest(entry.composed)).toBe(true);
    expect(entry.composed.headers.find((h) => h.key === 'x-trace')?.value).toBe('{{trace}}');
    expect(entry.omitted).toContain('auth token');
    const onDisk = await readFile(join(dir, 'state', HISTORY_FILE), 'utf8');
    expect(onDisk).toContain('keyhole.greeter.v1.Greeter/SayHello');
    expect(onDisk).not.toContain(TRACE_SECRET);
    expect(onDisk).not.toContain(token);
  });

  it('records a refused call with its status name, and a server-streaming one with every message counted', async () => {
    await call(request({ name: 'Whoami', rpc: 'keyhole.greeter.v1.Greeter/Whoami' }));
    await call(request({ name: 'Count', rpc: 'keyhole.greeter.v1.Greeter/Count' }), '{"n": 3}');
    const [count, whoami] = await api['history.list']({});
    expect(whoami).toMatchObject({ name: 'Whoami', grpc: { status: 'UNAUTHENTICATED' } });
    expect((await api['history.get']({ id: whoami?.id ?? '' })).grpc?.status?.details).toBe('missing bearer token');
    expect(count).toMatchObject({ name: 'Count', grpc: { status: 'OK' }, frames: { sent: 1, received: 3 } });
    expect((await api['history.list']({ query: 'unauthenticated' })).map((i) => i.name)).toEqual(['Whoami']);
  });

  it('records a call that could not start as a failure naming the method', async () => {
    await expect(call(request({ name: 'Missing', rpc: 'keyhole.greeter.v1.Greeter/Nope' }))).rejects.toThrow(/Nope/);
    const [item] = await api['history.list']({});
    expect(item).toMatchObject({ name: 'Missing', status: 0, url: `${server.url}/keyhole.greeter.v1.Greeter/Nope` });
    expect(item?.errorCode).toBeDefined();
  });
});

describe('gRPC calls run their scripts in the app', () => {
  it('runs the pre-request script before the call and the test script on its messages and status, passed and failed', async () => {
    const result = await call(request({
      name: 'Scripted', messages: [{ name: 'm', text: '{"name":"{{who}}"}', enabled: true }],
      scripts: {
        preRequest: 'pm.variables.set("who", "grace")',
        test: [
          'pm.test("greets grace", () => pm.expect(pm.response.messages[0].json().message).to.equal("Hello grace"));',
          'pm.test("status is OK", () => pm.expect(pm.response.grpc.status.name).to.equal("OK"));',
          'pm.test("wrong on purpose", () => pm.expect(pm.response.messages[0].json().message).to.equal("Hello nobody"));',
        ].join('\n'),
      },
    }));
    expect(result.tests?.assertions.map((a) => [a.name, a.passed])).toEqual([['greets grace', true], ['status is OK', true], ['wrong on purpose', false]]);
    expect(result.tests?.assertions[2]?.message).toContain('Hello nobody');
  });

  it('runs the collection\'s and the folder\'s scripts around the request\'s, in Postman\'s order', async () => {
    const other = (await api['collection.create']({ name: 'Layered' })).id;
    await api['collection.save']({ id: other, collection: Collection.parse({
      name: 'Layered', scripts: { test: 'pm.test("collection sees " + pm.response.grpc.status.name, () => {})' },
      items: [{ kind: 'folder', name: 'Greeter', scripts: { preRequest: 'pm.variables.set("who", "folder")', test: 'pm.test("folder sees " + pm.response.messages.length + " message(s)", () => {})' }, items: [] }],
    }) });
    const callId = `call-${++n}`;
    await api['grpc.start']({
      callId, collectionId: other, folders: ['Greeter'],
      request: request({ name: 'Layered', url: server.url, messages: [{ name: 'm', text: '{"name":"{{who}}"}', enabled: true }], scripts: { test: 'pm.test("request sees " + pm.response.messages[0].json().message, () => {})' } }),
    });
    const result = await api['grpc.result']({ callId });
    expect(result.tests?.assertions.map((a) => a.name)).toEqual(['collection sees OK', 'folder sees 1 message(s)', 'request sees Hello folder']);
  });

  it('stops the call when a pre-request script fails, with what the scripts said, and records the failure', async () => {
    const before = server.calls.length;
    await expect(call(request({ name: 'Broken', scripts: { preRequest: 'pm.test("ran first", () => {}); throw new Error("pre-request broke")' } })))
      .rejects.toMatchObject({ message: expect.stringContaining('pre-request broke'), details: { tests: { assertions: [{ name: 'ran first', passed: true }] } } });
    expect(server.calls.length).toBe(before);
    const [item] = await api['history.list']({});
    expect(item).toMatchObject({ name: 'Broken', status: 0 });
  });
});
