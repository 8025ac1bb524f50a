import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCollection } from '../../../electron/engine/api/transfer';
import { exportInsomnia } from '../../../electron/engine/exporters/insomnia';
import { exportPostman } from '../../../electron/engine/exporters/postman';
import { importText } from '../../../electron/engine/importers';
import { parsePostmanCollection, readInput } from '../../../shared/importers';
import { Collection, type Item, type Request } from '../../../shared/model';
import { graphqlTokens, startGraphqlServer } from '../../servers/graphql';
import { readRequestBody, startHttpServer, type HttpTestServer } from '../../servers/http';
import { postmanSchemaErrors } from '../exporters/postman-schema';

/**
 * #19 §3: GraphQL requests survive import and export. Postman v2.1 (`body.mode: graphql`) and
 * Insomnia (v4 JSON and v5 YAML, `application/graphql` with a JSON text) come in as Keyhole's
 * graphql body; Keyhole exports it as Postman's graphql mode, which re-imports the same, and which
 * newman (the peer) sends to a real GraphQL server as the same query, operation and variables.
 */

const QUERY = 'query Other { hello }\nquery Greet($name: String!) { hello(name: $name) }';
const VARIABLES = '{\n  "name": "Ada"\n}';

const requests = (items: readonly Item[]): Request[] =>
  items.flatMap((i) => (i.kind === 'folder' ? requests(i.items) : i.kind === 'request' ? [i] : []));

function postmanCollection(variables: unknown): string {
  return JSON.stringify({
    info: { name: 'GQL', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{ name: 'Greet', request: { method: 'POST', url: 'http://127.0.0.1:1/graphql', body: { mode: 'graphql', graphql: { query: QUERY, variables, operationName: 'Greet' } } } }],
  });
}

const insomniaText = JSON.stringify({ query: QUERY, variables: { name: 'Ada' }, operationName: 'Greet' });
const insomniaV4 = JSON.stringify({ _type: 'export', __export_format: 4, resources: [
  { _id: 'wrk_1', _type: 'workspace', name: 'GQL' },
  { _id: 'req_1', _type: 'request', parentId: 'wrk_1', name: 'Greet', method: 'POST', url: 'http://127.0.0.1:1/graphql', body: { mimeType: 'application/graphql', text: insomniaText } },
] });
const insomniaV5 = [
  'type: collection.insomnia.rest/5.0', 'name: GQL', 'collection:', '  - name: Greet', '    url: http://127.0.0.1:1/graphql', '    method: POST',
  '    body:', '      mimeType: application/graphql', `      text: '${insomniaText}'`, '',
].join('\n');

const graphqlBody = (r: Request | undefined) => (r?.body.mode === 'graphql' ? r.body : undefined);

describe('GraphQL requests in imports', () => {
  it('Postman v2.1: graphql mode with string or object variables becomes the graphql body, operation name kept', () => {
    for (const variables of [VARIABLES, { name: 'Ada' }]) {
      const r = parsePostmanCollection(readInput(postmanCollection(variables)));
      const body = graphqlBody(requests(r.collection?.items ?? [])[0]);
      expect(body?.query).toBe(QUERY);
      expect(JSON.parse(body?.variables ?? '')).toEqual({ name: 'Ada' });
      expect(body?.operationName).toBe('Greet');
    }
  });

  it.each([['v4 JSON', insomniaV4], ['v5 YAML', insomniaV5]])('Insomnia %s: application/graphql with a JSON text becomes the graphql body', async (_, text) => {
    const r = await importText(text);
    expect(r.report.format).toBe('insomnia');
    const body = graphqlBody(requests(r.collection?.items ?? [])[0]);
    expect(body).toMatchObject({ mode: 'graphql', query: QUERY, operationName: 'Greet' });
    expect(JSON.parse(body?.variables ?? '')).toEqual({ name: 'Ada' });
  });

  it.each([['Postman', postmanCollection(VARIABLES)], ['Insomnia v4', insomniaV4], ['Insomnia v5', insomniaV5]])('%s → Keyhole → Postman → Keyhole keeps query, variables and operation name', async (_, text) => {
    const first = await importText(text);
    const collection = first.collection as Collection;
    const { output } = exportPostman(collection);
    const doc = JSON.parse(output) as { item: { request: { body: { mode: string; graphql: { query: string; variables: string; operationName?: string } } } }[] };
    expect(postmanSchemaErrors(doc)).toEqual([]);
    expect(doc.item[0]?.request.body.mode).toBe('graphql');
    expect(doc.item[0]?.request.body.graphql).toMatchObject({ query: QUERY, operationName: 'Greet' });
    const again = parsePostmanCollection(readInput(output));
    expect(graphqlBody(requests(again.collection?.items ?? [])[0])).toEqual(graphqlBody(requests(collection.items)[0]));
  });

  it.each([['Insomnia v4', insomniaV4], ['Insomnia v5', insomniaV5], ['Postman', postmanCollection(VARIABLES)]])('%s → Keyhole → Insomnia v4 → Keyhole keeps query, variables and operation name', async (_, text) => {
    const collection = (await importText(text)).collection as Collection;
    const { output } = exportInsomnia(collection);
    const doc = JSON.parse(output) as { resources: { _type: string; body?: { mimeType?: string; text?: string } }[] };
    const exported = doc.resources.find((r) => r._type === 'request');
    expect(exported?.body?.mimeType).toBe('application/graphql');
    expect(JSON.parse(exported?.body?.text ?? '')).toEqual({ query: QUERY, variables: { name: 'Ada' }, operationName: 'Greet' });
    const again = await importText(output);
    expect(again.report.format).toBe('insomnia');
    expect(graphqlBody(requests(again.collection?.items ?? [])[0])).toEqual(graphqlBody(requests(collection.items)[0]));
  });

  it('the app\'s export offers Insomnia and writes the GraphQL body the same way', async () => {
    const collection = (await importText(postmanCollection(VARIABLES))).collection as Collection;
    const out = exportCollection(collection, 'insomnia', [], undefined);
    expect(out.filename).toBe('GQL.insomnia.json');
    expect(graphqlBody(requests((await importText(out.text)).collection?.items ?? [])[0])).toEqual(graphqlBody(requests(collection.items)[0]));
  });

  it('Insomnia export: variables as {{ _.name }}, folders, auth from the profile binding, secrets left empty', async () => {
    const collection = Collection.parse({
      name: 'Shop', variables: [{ key: 'base', value: 'http://127.0.0.1:1' }, { key: 'token', value: 's3cret-token-value', secret: true }], profiles: [{ name: 'Main' }],
      items: [{ kind: 'folder', name: 'Orders', items: [
        { kind: 'request', name: 'List', method: 'GET', url: '{{base}}/orders', query: [{ key: 'page', value: '{{page}}' }], auth: { type: 'profile', profile: 'Main' }, scripts: { test: 'pm.test("ok", () => {});' } },
        { kind: 'websocket', name: 'Feed', url: 'ws://127.0.0.1:1/feed' },
      ] }],
    });
    const env = { name: 'Local', variables: [{ key: 'page', value: '2', secret: false, enabled: true }], profiles: { Main: { type: 'bearer' as const, token: '{{token}}', prefix: 'Bearer' } } };
    const { output, report } = exportInsomnia(collection, { environment: env });
    expect(output).not.toContain('s3cret-token-value');
    expect(report.secretsBlanked).toEqual(['variables.token']);
    expect(report.notCarried.map((n) => n.message)).toEqual([
      'scripts are not carried (Insomnia scripts use its own API)',
      'WebSocket request "Feed" is not carried (Keyhole exports HTTP requests to Insomnia)',
    ]);
    expect(output).toContain('"url": "{{ _.base }}/orders"');
    const back = await importText(output);
    const list = requests(back.collection?.items ?? [])[0];
    expect(back.collection?.items[0]).toMatchObject({ kind: 'folder', name: 'Orders' });
    expect(list).toMatchObject({ url: '{{base}}/orders', query: [{ key: 'page', value: '{{page}}' }], auth: { type: 'bearer', token: '{{token}}' } });
    expect(back.environments.map((e) => e.name)).toEqual(['Local']);
  });
});

describe('an exported GraphQL request under newman', () => {
  let gql: HttpTestServer;
  let front: HttpTestServer;
  /** The bodies the GraphQL server was sent, as they came over the wire. */
  const seen: unknown[] = [];
  beforeAll(async () => {
    gql = await startGraphqlServer();
    // In front of the GraphQL server: keeps each body as sent, then hands the request on unchanged.
    front = await startHttpServer((req, res) => {
      void readRequestBody(req).then(async (body) => {
        seen.push(JSON.parse(body.toString('utf8')) as unknown);
        const headers = Object.entries(req.headers).filter(([k]) => k === 'authorization' || k === 'content-type') as [string, string][];
        const answer = await fetch(`${gql.url}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: new Uint8Array(body) });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  afterAll(async () => { await Promise.all([gql.close(), front.close()]); });

  it('reaches the GraphQL server as the same operation and variables, with the profile\'s token', async () => {
    const imported = await importText(insomniaV4);
    const greet = requests(imported.collection?.items ?? [])[0]!;
    const collection = Collection.parse({
      name: 'GQL', variables: [{ key: 'base', value: front.url }], profiles: [{ name: 'Admin' }],
      items: [
        // The document holds two operations: only operationName "Greet" picks the one with $name.
        { ...greet, url: '{{base}}/graphql', scripts: { test: 'pm.test("greets Ada", () => pm.expect(pm.response.json()).to.eql({ data: { hello: "Hello, Ada!" } }));' } },
        { kind: 'request', name: 'Audit', method: 'POST', url: '{{base}}/graphql', auth: { type: 'profile', profile: 'Admin' },
          body: { mode: 'graphql', query: '{ auditLog }', variables: '' },
          scripts: { test: 'pm.test("admin reads the audit log", () => pm.expect(pm.response.json().data.auditLog).to.have.length(2));' } },
      ],
    });
    const env = { name: 'Local', variables: [], profiles: { Admin: { type: 'bearer' as const, token: graphqlTokens.admin, prefix: 'Bearer' } } };
    const { output } = exportPostman(collection, { environment: env, includeSecrets: true });
    const newman = (await import('newman')).default as unknown as { run: (o: unknown, cb: (err: Error | null, summary: Summary) => void) => void };
    const summary = await new Promise<Summary>((resolve, reject) => {
      newman.run({ collection: JSON.parse(output), reporters: [] }, (err, s) => (err ? reject(err) : resolve(s)));
    });
    expect(summary.run.failures).toEqual([]);
    expect(summary.run.stats.assertions).toMatchObject({ total: 2, failed: 0 });
    // What newman put on the wire: the JSON GraphQL-over-HTTP body with the same query, operation and variables.
    expect(seen).toEqual([{ query: QUERY, operationName: 'Greet', variables: { name: 'Ada' } }, { query: '{ auditLog }' }]);
  });
});

interface Summary { run: { failures: unknown[]; stats: { assertions: { total: number; failed: number } } } }
