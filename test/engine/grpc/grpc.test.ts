import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainIfRefused } from '../../../shared/inspector';
import { MASK } from '../../../shared/mask';
import { Collection, GrpcRequest, type GrpcRequestInput } from '../../../shared/model';
import { openSession, type Session } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import type { ScopedValue } from '../../../shared/variables';
import { GRPC_JWT_SECRET, GRPC_PROTO_DIR, grpcJwt, startGrpcServer, type GrpcTestServer } from '../../servers/grpc';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = (): string => mkdtempSync(join(tmpdir(), 'keyhole-grpc-'));

let server: GrpcTestServer;
/** A collection folder holding the fixtures' protos under protos/ (greeter imports common via the import path). */
let dir: string;
beforeAll(async () => {
  server = await startGrpcServer();
  dir = temp();
  cpSync(GRPC_PROTO_DIR, join(dir, 'protos'), { recursive: true });
});
afterAll(async () => { await server.close(); });

const FILES = { type: 'files' as const, files: ['protos/keyhole/greeter/v1/greeter.proto'], importPaths: ['protos'] };

function session(o: { variables?: { key: string; value: string; secret?: boolean }[]; settings?: object; collectionDir?: string } = {}): Promise<Session> {
  const collection = Collection.parse({ name: 'grpc', variables: [{ key: 'server', value: server.url }, ...(o.variables ?? [])], settings: o.settings ?? {} });
  return openSession({ collection, collectionDir: o.collectionDir ?? dir, secrets: noSecrets, tempDir: temp(), env: {} });
}

const grpcRequest = (over: Partial<GrpcRequestInput>): GrpcRequest => GrpcRequest.parse({ kind: 'grpc', name: 'Call', url: '{{server}}', proto: FILES, ...over });

describe('gRPC definitions', () => {
  it('reads .proto files with import paths relative to the collection folder and lists services and call kinds', async () => {
    const s = await session();
    const d = await s.grpc.describe(grpcRequest({}));
    expect(d.source).toBe('files');
    expect(d.services.map((x) => x.name)).toEqual(['keyhole.greeter.v1.Greeter']);
    const kinds = Object.fromEntries((d.services[0]?.methods ?? []).map((m) => [m.name, m.callType]));
    expect(kinds).toEqual({ SayHello: 'unary', Count: 'server-streaming', Sum: 'client-streaming', Chat: 'bidi', Whoami: 'unary', Slow: 'unary', Metadata: 'unary' });
    expect(d.services[0]?.methods.find((m) => m.name === 'SayHello')).toMatchObject({ rpc: 'keyhole.greeter.v1.Greeter/SayHello', requestType: 'keyhole.greeter.v1.HelloRequest' });
    expect(d.files).toEqual(expect.arrayContaining([join('protos', 'keyhole', 'greeter', 'v1', 'greeter.proto'), join('protos', 'keyhole', 'common', 'v1', 'types.proto')]));
  });

  it('names the import it cannot find when the import path is missing', async () => {
    const s = await session();
    await expect(s.grpc.describe(grpcRequest({ proto: { type: 'files', files: FILES.files, importPaths: [] } }))).rejects.toMatchObject({
      code: 'file-not-found', message: expect.stringContaining('keyhole/common/v1/types.proto'),
    });
  });

  it('refuses a proto file, or an import, outside the collection folder', async () => {
    const outside = temp();
    writeFileSync(join(outside, 'secret.proto'), 'syntax = "proto3"; message S {}');
    const s = await session();
    await expect(s.grpc.describe(grpcRequest({ proto: { type: 'files', files: [join('..', outside.split('/').pop() as string, 'secret.proto')], importPaths: [] } })))
      .rejects.toMatchObject({ code: 'file-not-allowed' });
    // A link inside the folder that leads out of it is judged where it leads.
    const linked = temp();
    mkdirSync(join(linked, 'p'));
    writeFileSync(join(linked, 'p', 'main.proto'), 'syntax = "proto3"; import "evil.proto"; message M {}');
    symlinkSync(join(outside, 'secret.proto'), join(linked, 'p', 'evil.proto'));
    const s2 = await session({ collectionDir: linked });
    await expect(s2.grpc.describe(grpcRequest({ proto: { type: 'files', files: ['p/main.proto'], importPaths: ['p'] } }))).rejects.toMatchObject({
      code: 'file-not-allowed', message: expect.stringContaining('evil.proto'),
    });
  });

  it('asks the server by reflection, leaving the reflection service out', async () => {
    const s = await session();
    const d = await s.grpc.describe(grpcRequest({ proto: { type: 'reflection' } }));
    expect(d.source).toBe('reflection');
    expect(d.services.map((x) => x.name)).toEqual(['keyhole.greeter.v1.Greeter']);
    // @grpc/reflection names each file after its package; the imported package came along too.
    expect(d.files).toEqual(expect.arrayContaining(['keyhole_greeter_v1.proto', 'keyhole_common_v1.proto']));
    // Maps come back as maps (not lists of entries), as from the .proto file.
    const t = await s.grpc.template(grpcRequest({ proto: { type: 'reflection' }, rpc: 'keyhole.greeter.v1.Greeter/SayHello' }));
    expect(JSON.parse(t.text)).toMatchObject({ counts: { key: 0 }, mood: 'MOOD_UNSPECIFIED', address: { lines: [''] } });
    // The definitions it received are enough to call.
    const sent = await s.send(grpcRequest({ proto: { type: 'reflection' }, rpc: 'keyhole.greeter.v1.Greeter/SayHello', messages: [{ name: 'm', text: '{"name":"reflected"}' }] }));
    expect(sent.exchange.grpc?.status?.code).toBe(0);
    expect(JSON.parse(Buffer.from(sent.exchange.response.body.storage === 'inline' ? sent.exchange.response.body.base64 : '', 'base64').toString('utf8'))).toMatchObject({ message: 'Hello reflected' });
  });

  it('makes a JSON template of a message type: nested, enums, repeated, maps, one member per oneof, recursion cut', async () => {
    const s = await session();
    const t = await s.grpc.template(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/SayHello' }));
    expect(t.type).toBe('keyhole.greeter.v1.HelloRequest');
    expect(JSON.parse(t.text)).toEqual({
      name: '', mood: 'MOOD_UNSPECIFIED', tags: [''], counts: { key: 0 }, address: { street: '', city: '', lines: [''] },
      email: '', big: '0', blob: '', flag: false, at: { seconds: '0', nanos: 0 }, tree: { label: '', children: [{}] },
    });
    const other = await s.grpc.template(grpcRequest({}), undefined, 'keyhole.common.v1.Address');
    expect(JSON.parse(other.text)).toEqual({ street: '', city: '', lines: [''] });
  });
});

describe('gRPC calls', () => {
  it('sends a unary call with variables resolved in the message and the metadata', async () => {
    const s = await session({ variables: [{ key: 'who', value: 'ada' }, { key: 'trace', value: 't-42' }] });
    const sent = await s.send(grpcRequest({
      rpc: 'keyhole.greeter.v1.Greeter/SayHello',
      headers: [{ key: 'x-trace', value: '{{trace}}', enabled: true }],
      messages: [{ name: 'hello', text: '{"name":"{{who}}","mood":"MOOD_HAPPY"}' }],
    }));
    const e = sent.exchange;
    expect(e.grpc).toMatchObject({ rpc: 'keyhole.greeter.v1.Greeter/SayHello', callType: 'unary', status: { code: 0, name: 'OK' } });
    expect(e.request.url).toBe(`${server.url}/keyhole.greeter.v1.Greeter/SayHello`);
    expect(server.calls.at(-1)?.metadata['x-trace']).toBe('t-42');
    const log = (e.stream?.messages ?? []).filter((m) => m.type === 'message').map((m) => `${m.direction} ${m.data}`);
    expect(log).toEqual(['out {"name":"ada","mood":"MOOD_HAPPY"}', 'in {"message":"Hello ada","mood":"MOOD_HAPPY"}']);
    expect(e.stream?.messages.find((m) => m.direction === 'in' && m.type === 'message')?.size).toBeGreaterThan(0);
    expect(e.stream?.messages.at(-1)).toMatchObject({ type: 'status', code: 0 });
  });

  it('receives every message of a server-streaming call', async () => {
    const s = await session();
    const sent = await s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Count', messages: [{ name: 'n', text: '{"n":3}' }] }));
    expect((sent.exchange.stream?.messages ?? []).filter((m) => m.direction === 'in' && m.type === 'message').map((m) => m.data)).toEqual(['{"i":1}', '{"i":2}', '{"i":3}']);
  });

  it('sends every enabled saved message of a client-streaming call, then half-closes', async () => {
    const s = await session();
    const sent = await s.send(grpcRequest({
      rpc: 'keyhole.greeter.v1.Greeter/Sum',
      messages: [{ name: 'a', text: '{"value":2}' }, { name: 'b', text: '{"value":5}' }, { name: 'off', text: '{"value":100}', enabled: false }],
    }));
    expect(sent.exchange.stream?.messages.filter((m) => m.type === 'end')).toHaveLength(1);
    expect(sent.exchange.stream?.messages.filter((m) => m.direction === 'in' && m.type === 'message').map((m) => m.data)).toEqual(['{"sum":7,"count":2}']);
  });

  it('drives a bidirectional call by hand: each message answered while the call is open', async () => {
    const s = await session();
    const opened = await s.grpc.start(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Chat' }));
    const { call, log } = opened.started;
    call.send(opened.resolve('{"text":"one"}', 'typed'), 'typed');
    await until(() => log.snapshot().messages.some((m) => m.data === '{"text":"echo: one"}'));
    call.send({ text: 'two' }, 'typed');
    call.end();
    const sent = await opened.finish();
    expect(sent.exchange.stream?.messages.filter((m) => m.type === 'message').map((m) => `${m.direction} ${m.data}`)).toEqual([
      'out {"text":"one"}', 'in {"text":"echo: one"}', 'out {"text":"two"}', 'in {"text":"echo: two"}',
    ]);
    expect(() => call.send({ text: 'late' }, 'typed')).toThrow(/over/);
  });

  it('ends a call past its deadline with DEADLINE_EXCEEDED', async () => {
    const s = await session();
    const sent = await s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Slow', deadlineMs: 100, messages: [{ name: 'm', text: '{"ms":5000}' }] }));
    expect(sent.exchange.grpc).toMatchObject({ status: { code: 4, name: 'DEADLINE_EXCEEDED' }, deadlineMs: 100 });
  });

  it('keeps response headers and trailers', async () => {
    const s = await session();
    const sent = await s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Metadata' }));
    expect(sent.exchange.grpc?.headers).toContainEqual(['x-served-by', 'keyhole-test']);
    expect(sent.exchange.grpc?.trailers).toContainEqual(['x-trailer', 'done']);
    expect(sent.exchange.stream?.messages.map((m) => m.type)).toEqual(['open', 'message', 'end', 'headers', 'message', 'trailers', 'status']);
  });

  it('refuses a message field the type does not have, naming it', async () => {
    const s = await session();
    await expect(s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/SayHello', messages: [{ name: 'typo', text: '{"nmae":"x"}' }] }))).rejects.toMatchObject({
      code: 'invalid-input', message: expect.stringContaining('"nmae"'),
    });
  });

  it('spills the log to a file past maxBodyInMemoryBytes and cancels the call past maxDecodedBodyBytes', async () => {
    const s = await session({ settings: { maxBodyInMemoryBytes: 64 } });
    const sent = await s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Count', messages: [{ name: 'n', text: '{"n":50}' }] }));
    const log = sent.exchange.stream;
    expect(log?.omitted).toBeGreaterThan(0);
    const lines = readFileSync(log?.file ?? '', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { data: string; direction: string; type: string });
    expect(lines.filter((l) => l.direction === 'in' && l.type === 'message')).toHaveLength(50);
    const capped = await (await session({ settings: { maxDecodedBodyBytes: 40 } })).send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Count', messages: [{ name: 'n', text: '{"n":500}' }] }));
    expect(capped.exchange.grpc?.status?.code).toBe(1);
    expect(capped.exchange.stream?.ended).toMatch(/maxDecodedBodyBytes/);
  });
});

describe('gRPC auth and refusals', () => {
  const whoami = (auth: GrpcRequestInput['auth']): GrpcRequest => grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Whoami', auth });

  it('puts a bearer token in the metadata and masks it everywhere shown', async () => {
    const token = await grpcJwt({ scope: 'read admin' });
    const s = await session({ variables: [{ key: 'token', value: token, secret: true }] });
    const sent = await s.send(whoami({ type: 'bearer', token: '{{token}}' }));
    expect(sent.exchange.grpc?.status?.code).toBe(0);
    expect(server.calls.at(-1)?.metadata.authorization).toBe(`Bearer ${token}`);
    expect(JSON.stringify(sent.masked)).not.toContain(token);
  });

  it('masks a secret changed between two calls of one session in the second call\'s log', async () => {
    // A script may set a secret between calls: the second call's log must mask the new value, not
    // only the one the session opened with.
    const s = await session({ variables: [{ key: 'pin', value: 'first-pin-1111', secret: true }] });
    const hello = grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/SayHello', headers: [{ key: 'x-pin', value: '{{pin}}', enabled: true }], messages: [{ name: 'm', text: '{"name":"{{pin}}"}' }] });
    const first = await s.send(hello);
    expect(JSON.stringify(first.exchange.stream)).not.toContain('first-pin-1111');
    (s.scopes.collection as Map<string, ScopedValue>).set('pin', { value: 'second-pin-2222', secret: true });
    const second = await s.send(hello);
    expect(server.calls.at(-1)?.metadata['x-pin']).toBe('second-pin-2222');
    const log = second.exchange.stream?.messages ?? [];
    expect(log.filter((m) => m.type === 'message').map((m) => m.data)).toEqual([`{"name":"${MASK}"}`, `{"message":"Hello ${MASK}","mood":"MOOD_UNSPECIFIED"}`]);
    expect(JSON.stringify(second.exchange.stream)).not.toContain('second-pin-2222');
    expect(JSON.stringify(second.masked)).not.toContain('second-pin-2222');
  });

  it('explains UNAUTHENTICATED without credentials as the missing credential', async () => {
    const s = await session();
    const sent = await s.send(whoami({ type: 'none' }));
    expect(sent.exchange.grpc?.status).toMatchObject({ code: 16, details: 'missing bearer token' });
    const why = explainIfRefused(sent.exchange);
    expect(why?.status).toBe(16);
    expect(why?.findings[0]?.id).toBe('no-credentials');
    expect(why?.findings[0]?.evidence[0]).toContain('16 UNAUTHENTICATED');
  });

  it('explains UNAUTHENTICATED with an expired JWT as the expiry', async () => {
    const token = await grpcJwt({ scope: 'admin', now: new Date(Date.now() - 7200_000), expiresInS: 60 });
    const s = await session();
    const sent = await s.send(whoami({ type: 'bearer', token }));
    expect(sent.exchange.grpc?.status).toMatchObject({ code: 16, details: 'token expired' });
    expect(explainIfRefused(sent.exchange)?.findings[0]?.id).toBe('token-expired');
  });

  it('explains PERMISSION_DENIED with a valid token lacking the scope as the scope', async () => {
    const token = await grpcJwt({ scope: 'read' });
    const s = await session();
    const sent = await s.send(whoami({ type: 'bearer', token }));
    expect(sent.exchange.grpc?.status).toMatchObject({ code: 7, name: 'PERMISSION_DENIED' });
    const why = explainIfRefused(sent.exchange);
    expect(why?.status).toBe(7);
    expect(why?.findings.map((f) => f.id)).toContain('insufficient-scope');
    expect(JSON.stringify(why)).not.toContain(token);
  });

  it('signs a JWT with the JWT auth and sends it as a bearer token, masking the token it made', async () => {
    const s = await session({ variables: [{ key: 'key', value: GRPC_JWT_SECRET, secret: true }] });
    const sent = await s.send(whoami({ type: 'jwt', algorithm: 'HS256', secret: '{{key}}', claims: { sub: 'bob', scope: 'read admin' } }));
    expect(sent.exchange.grpc?.status?.code).toBe(0);
    expect(JSON.parse(sent.exchange.stream?.messages.find((m) => m.direction === 'in' && m.type === 'message')?.data ?? '')).toEqual({ subject: 'bob', scopes: ['read', 'admin'] });
    const made = (server.calls.at(-1)?.metadata.authorization ?? '').replace(/^Bearer /, '');
    expect(made.split('.')).toHaveLength(3);
    expect(JSON.stringify(sent.masked)).not.toContain(made);
  });

  it('sends an API key in a header, and Basic credentials, as metadata', async () => {
    const s = await session();
    await s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Metadata', auth: { type: 'apikey', key: 'x-api-key', value: 'k-123456789', in: 'header' } }));
    expect(server.calls.at(-1)?.metadata['x-api-key']).toBe('k-123456789');
    await s.send(grpcRequest({ rpc: 'keyhole.greeter.v1.Greeter/Metadata', auth: { type: 'basic', username: 'u', password: 'p' } }));
    expect(server.calls.at(-1)?.metadata.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
}
