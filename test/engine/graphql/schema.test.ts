import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/bridge/memory-secrets';
import { createHandlers } from '../../../electron/engine/api';
import { closeDispatchers } from '../../../electron/engine/http';
import { saveCollection, saveEnvironment } from '../../../electron/engine/workspace';
import { apiOver, inProcessInvoke, type Api, type GraphqlSchemaResult } from '../../../shared/ipc';
import { Collection, type Request } from '../../../shared/model';
import { graphqlSchemaPath, graphqlTokens, startGraphqlServer, type GraphqlTestServer } from '../../servers/graphql';

/**
 * A GraphQL request's schema, through the IPC contract as the app asks for it: the introspection
 * query goes out like the request (its URL with variables, its auth profile, headers, settings),
 * so a schema behind a gateway that wants a Bearer token loads with the request's profile; an SDL
 * file is read from the collection folder and nowhere else; answers are cached until a refresh.
 */
let server: GraphqlTestServer;
let dir: string;
let api: Api;
let close: () => Promise<void>;
let secrets: MemorySecretStore;

beforeAll(async () => {
  server = await startGraphqlServer();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-graphql-schema-'));
  const ws = join(dir, 'ws');
  const coll = join(ws, 'gql');
  await saveCollection(coll, Collection.parse({
    name: 'GQL', variables: [{ key: 'base', value: server.url }], profiles: [{ name: 'Api' }], settings: { proxy: { mode: 'none' } }, items: [],
  }));
  await mkdir(join(coll, 'schemas'));
  await copyFile(graphqlSchemaPath, join(coll, 'schemas', 'api.graphql'));
  await writeFile(join(coll, 'schemas', 'broken.graphql'), 'type Query {\n  me: User\n');
  await writeFile(join(dir, 'outside.graphql'), 'type Query { secret: String }');
  secrets = new MemorySecretStore();
  await saveEnvironment(coll, { name: 'dev', variables: [], profiles: { Api: { type: 'bearer', token: graphqlTokens.reader, prefix: 'Bearer' } } }, secrets);
  const h = createHandlers({
    kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: ws, secrets,
    secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: join(dir, 'tmp'),
  });
  api = apiOver(inProcessInvoke(h.handlers));
  close = h.close;
});
afterAll(async () => {
  await close?.();
  await closeDispatchers();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => { server.operations.length = 0; });

const gql = (over: Partial<Request> & { schema?: { source: 'introspection' } | { source: 'file'; path: string } } = {}): Request => {
  const { schema, ...rest } = over;
  return {
    name: 'Query', method: 'POST', url: '{{base}}/graphql', query: [], headers: [], auth: { type: 'inherit' }, settings: {},
    body: { mode: 'graphql', query: '{ hello }', variables: '', ...(schema ? { schema } : {}) }, ...rest,
  };
};
const ask = (request: Request, o: { environment?: string; refresh?: boolean; requestId?: string } = {}): Promise<GraphqlSchemaResult> =>
  api['graphql.schema']({ collectionId: 'gql', request, requestId: o.requestId ?? request.name, ...(o.environment ? { environment: o.environment } : {}), refresh: o.refresh ?? false });
const loaded = (r: GraphqlSchemaResult) => { if (!r.ok) throw new Error(`expected a schema, got ${r.error.message}`); return r; };

describe('schema from introspection', () => {
  it('resolves the URL\'s variables and returns the server\'s schema as SDL, descriptions kept', async () => {
    const r = loaded(await ask(gql({ name: 'Plain' })));
    expect(r.source).toBe('introspection');
    expect(r.from).toBe(`${server.url}/graphql`);
    const schema = buildSchema(r.sdl);
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['me', 'user', 'users', 'auditLog', 'hello']);
    expect(schema.getType('User')!.description).toBe('An account the API knows.');
    expect(server.operations).toEqual([expect.objectContaining({ path: '/graphql', introspection: true, operationName: 'IntrospectionQuery' })]);
  });

  it('loads a schema behind /strict with the request\'s bearer auth profile', async () => {
    const r = loaded(await ask(gql({ name: 'Strict', url: '{{base}}/strict', auth: { type: 'profile', profile: 'Api' } }), { environment: 'dev' }));
    expect(buildSchema(r.sdl).getType('Post')).toBeDefined();
    expect(server.operations).toEqual([expect.objectContaining({ path: '/strict', introspection: true, authorization: `Bearer ${graphqlTokens.reader}` })]);
  });

  it('sends the request\'s own headers with the introspection query', async () => {
    loaded(await ask(gql({ name: 'Headers', url: '{{base}}/strict', headers: [{ key: 'Authorization', value: `Bearer ${graphqlTokens.admin}`, enabled: true }] })));
    expect(server.operations.at(-1)?.authorization).toBe(`Bearer ${graphqlTokens.admin}`);
  });

  it('says why a refused introspection failed in the explainer\'s words, not a stack', async () => {
    const r = await ask(gql({ name: 'Refused', url: '{{base}}/strict' }));
    if (r.ok) throw new Error('expected a refusal');
    expect(r.error.code).toBe('auth-failed');
    expect(r.error.message).toMatch(/^The introspection query to http:\/\/127\.0\.0\.1:\d+\/strict got HTTP 401 Unauthorized: The request carried no credentials/);
    expect(r.error.hint).toMatch(/Bearer/);
    expect(r.explanation?.findings[0]?.id).toBe('no-credentials');
    expect(r.error.message).not.toMatch(/\n\s+at /);
  });

  it('says so when the server answers something that is not GraphQL', async () => {
    const r = await ask(gql({ name: 'Sdl endpoint', url: '{{base}}/sdl' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'decode-failed', message: expect.stringMatching(/\/sdl to the introspection query is not JSON/) } });
  });

  it('answers from the cache until asked to refresh, which introspects again', async () => {
    const request = gql({ name: 'Cached' });
    expect(loaded(await ask(request)).cached).toBe(false);
    expect(loaded(await ask(request)).cached).toBe(true);
    expect(server.operations.filter((o) => o.introspection)).toHaveLength(1);
    expect(loaded(await ask(request, { refresh: true })).cached).toBe(false);
    expect(server.operations.filter((o) => o.introspection)).toHaveLength(2);
  });

  it('asks again when the source changes (another URL is another schema)', async () => {
    loaded(await ask(gql({ name: 'Moving' })));
    const r = loaded(await ask(gql({ name: 'Moving', url: '{{base}}/strict', headers: [{ key: 'Authorization', value: `Bearer ${graphqlTokens.admin}`, enabled: true }] })));
    expect(r.cached).toBe(false);
    expect(server.operations.map((o) => o.path)).toEqual(['/graphql', '/strict']);
  });
});

describe('schema from an SDL file', () => {
  it('reads a .graphql file relative to the collection folder, without sending anything', async () => {
    const r = loaded(await ask(gql({ name: 'From file', schema: { source: 'file', path: 'schemas/api.graphql' } })));
    expect(r).toMatchObject({ source: 'file', from: 'schemas/api.graphql' });
    expect(buildSchema(r.sdl).getType('NewUser')).toBeDefined();
    expect(server.operations).toEqual([]);
  });

  it('refuses a file outside the collection folder, as uploads are refused', async () => {
    const r = await ask(gql({ name: 'Escape', schema: { source: 'file', path: '../../outside.graphql' } }));
    expect(r).toMatchObject({ ok: false, error: { code: 'file-not-allowed', message: expect.stringMatching(/reads the schema file "\.\.\/\.\.\/outside\.graphql", which is outside the collection folder/) } });
  });

  it('names the file and the line of an SDL that does not parse, and a file that is missing', async () => {
    expect(await ask(gql({ name: 'Broken', schema: { source: 'file', path: 'schemas/broken.graphql' } })))
      .toMatchObject({ ok: false, error: { code: 'file-malformed', message: expect.stringMatching(/"schemas\/broken\.graphql" is not a valid schema \(line 3, column 1\)/) } });
    expect(await ask(gql({ name: 'Missing', schema: { source: 'file', path: 'schemas/none.graphql' } })))
      .toMatchObject({ ok: false, error: { code: 'file-not-found', message: expect.stringContaining('"schemas/none.graphql"') } });
  });
});

describe('schema cache freshness', () => {
  /** A second server with another API: what completion offers must follow the environment. */
  let other: GraphqlTestServer;
  const ORDERS = 'type Query {\n  orders: [Order!]!\n}\n\ntype Order {\n  id: ID!\n  total: Float\n}\n';
  beforeAll(async () => {
    other = await startGraphqlServer({ sdl: ORDERS });
    const coll = join(dir, 'ws', 'gql');
    await saveEnvironment(coll, { name: 'one', variables: [{ key: 'base', value: server.url, secret: false, enabled: true }], profiles: { Api: { type: 'bearer', token: graphqlTokens.reader, prefix: 'Bearer' } } }, secrets);
    await saveEnvironment(coll, { name: 'two', variables: [{ key: 'base', value: other.url, secret: false, enabled: true }], profiles: { Api: { type: 'bearer', token: graphqlTokens.reader, prefix: 'Bearer' } } }, secrets);
    await saveEnvironment(coll, { name: 'admin', variables: [{ key: 'base', value: server.url, secret: false, enabled: true }], profiles: { Api: { type: 'bearer', token: graphqlTokens.admin, prefix: 'Bearer' } } }, secrets);
  });
  afterAll(async () => { await other?.close(); });
  const types = (r: GraphqlSchemaResult): string[] => Object.keys(buildSchema(loaded(r).sdl).getTypeMap()).filter((n) => !n.startsWith('__')).sort();

  it('introspects again when the environment points the same request at another server, and answers from the cache when switched back', async () => {
    const request = gql({ name: 'Switching', requestId: 'sw1' } as Partial<Request>);
    const first = loaded(await ask(request, { environment: 'one' }));
    expect(first).toMatchObject({ cached: false, environment: 'one', from: `${server.url}/graphql` });
    expect(types(first)).not.toContain('Order');
    const second = loaded(await ask(request, { environment: 'two' }));
    expect(second).toMatchObject({ cached: false, environment: 'two', from: `${other.url}/graphql` });
    expect(types(second)).toEqual(['Boolean', 'Float', 'ID', 'Order', 'Query', 'String']);
    const back = loaded(await ask(request, { environment: 'one' }));
    expect(back).toMatchObject({ cached: true, environment: 'one', fetchedAt: first.fetchedAt });
    expect(server.operations.filter((o) => o.introspection)).toHaveLength(1);
    expect(other.operations.filter((o) => o.introspection)).toHaveLength(1);
  });

  it('introspects again when the auth profile resolves to another token, or a header changes, at the same URL', async () => {
    const request = gql({ name: 'Authed', auth: { type: 'profile', profile: 'Api' } });
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(false);
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(true);
    expect(loaded(await ask(request, { environment: 'admin' })).cached).toBe(false);
    expect(server.operations.filter((o) => o.introspection).map((o) => o.authorization)).toEqual([`Bearer ${graphqlTokens.reader}`, `Bearer ${graphqlTokens.admin}`]);
    const traced = { ...request, headers: [{ key: 'X-Tenant', value: 'north', enabled: true }] };
    expect(loaded(await ask(traced, { environment: 'admin' })).cached).toBe(false);
    expect(loaded(await ask(traced, { environment: 'admin' })).cached).toBe(true);
    expect(loaded(await ask({ ...traced, headers: [{ key: 'X-Tenant', value: 'south', enabled: true }] }, { environment: 'admin' })).cached).toBe(false);
  });

  it('introspects again when the jar would send another cookie with it (a login), and answers from the cache once it is gone', async () => {
    const request = gql({ name: 'Cookied' });
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(false);
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(true);
    const sid = { domain: '127.0.0.1', path: '/', name: 'sid' };
    await api['cookies.set']({ collectionId: 'gql', environment: 'one', cookie: { ...sid, value: 'session-one', secure: false, httpOnly: true } });
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(false);
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(true);
    expect(server.operations.filter((o) => o.introspection)).toHaveLength(2);
    await api['cookies.delete']({ collectionId: 'gql', environment: 'one', cookie: sid });
    expect(loaded(await ask(request, { environment: 'one' })).cached).toBe(true);
  });
});
