import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDispatchers } from '../../electron/engine/http';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { Collection } from '../../shared/model';
import { graphqlSchemaPath, graphqlTokens, startGraphqlServer, type GraphqlTestServer } from '../servers/graphql';
import { keyhole } from './harness';

/**
 * `keyhole graphql schema`: the SDL of a GraphQL API, the introspection query sent with send's
 * flags (or a stored request's URL, profile and settings), or the request's SDL file.
 */
let server: GraphqlTestServer;
let dir: string;
let coll: string;

beforeAll(async () => {
  server = await startGraphqlServer();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-graphql-'));
  coll = join(dir, 'gql');
  await saveCollection(coll, Collection.parse({
    name: 'GQL', variables: [{ key: 'base', value: server.url }], profiles: [{ name: 'Api' }], settings: { proxy: { mode: 'none' } },
    items: [
      { kind: 'request', name: 'Strict', method: 'POST', url: '{{base}}/strict', auth: { type: 'profile', profile: 'Api' }, body: { mode: 'graphql', query: '{ me { name } }' } },
      { kind: 'request', name: 'From file', method: 'POST', url: '{{base}}/nowhere', body: { mode: 'graphql', query: '{ hello }', schema: { source: 'file', path: 'schema.graphql' } } },
      { kind: 'request', name: 'Escape', method: 'POST', url: '{{base}}/nowhere', body: { mode: 'graphql', query: '{ hello }', schema: { source: 'file', path: '../outside.graphql' } } },
    ],
  }));
  await copyFile(graphqlSchemaPath, join(coll, 'schema.graphql'));
  await mkdir(join(dir, 'elsewhere'));
  await saveEnvironment(coll, { name: 'dev', variables: [], profiles: { Api: { type: 'bearer', token: '{{token}}', prefix: 'Bearer' } } }, new MemorySecretStore());
});
afterAll(async () => {
  await closeDispatchers();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => { server.operations.length = 0; });

describe('keyhole graphql schema', () => {
  it('prints the SDL of a URL, introspected with send\'s header flags', async () => {
    const r = await keyhole(['graphql', 'schema', `${server.url}/strict`, '-H', `Authorization: Bearer ${graphqlTokens.reader}`], { cwd: join(dir, 'elsewhere') });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(Object.keys(buildSchema(r.out).getQueryType()!.getFields())).toContain('auditLog');
    expect(r.out).toContain('"""An account the API knows."""');
    expect(server.operations).toEqual([expect.objectContaining({ path: '/strict', introspection: true, authorization: `Bearer ${graphqlTokens.reader}` })]);
  });

  it('introspects a stored request with its auth profile, --var filling the profile\'s token', async () => {
    const r = await keyhole(['graphql', 'schema', 'Strict', '-c', coll, '-e', 'dev', '--var', `token=${graphqlTokens.admin}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(buildSchema(r.out).getType('NewUser')).toBeDefined();
    expect(server.operations.at(-1)?.authorization).toBe(`Bearer ${graphqlTokens.admin}`);
  });

  it('exits 1 with the explainer\'s diagnosis when the introspection is refused, printing no schema', async () => {
    const r = await keyhole(['graphql', 'schema', `${server.url}/strict`], { cwd: join(dir, 'elsewhere') });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/got HTTP 401 Unauthorized/);
    expect(r.err).toMatch(/why: The request carried no credentials \[no-credentials/);
    expect(r.err).toMatch(/fix: .*Bearer/);
  });

  it('prints a stored request\'s SDL file without sending anything, and refuses one outside the collection', async () => {
    const r = await keyhole(['graphql', 'schema', 'From file', '-c', coll]);
    expect(r.code).toBe(0);
    expect(buildSchema(r.out).getType('Post')).toBeDefined();
    expect(server.operations).toEqual([]);
    const out = await keyhole(['graphql', 'schema', 'Escape', '-c', coll]);
    expect(out.code).toBe(2);
    expect(out.err).toMatch(/reads the schema file "\.\.\/outside\.graphql", which is outside the collection folder/);
    expect(out.err).toMatch(/--allow-files-outside/);
  });
});
