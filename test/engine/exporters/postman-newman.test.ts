import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPostman } from '../../../electron/engine/exporters/postman';
import { parsePostmanCollection, readInput } from '../../../shared/importers';
import type { Collection } from '../../../shared/model';
import { Collection as CollectionSchema } from '../../../shared/model';
import { postmanSchemaErrors } from './postman-schema';

let server: Server;
let base = '';
const seen: { method: string; url: string; auth?: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, method: req.method, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((r) => server.close(r)); });

function sample(): Collection {
  return CollectionSchema.parse({
    name: 'Newman proof',
    variables: [{ key: 'base', value: base }, { key: 'apiToken', value: 'tok-123456789', secret: true }],
    auth: { type: 'profile', profile: 'Main' },
    profiles: [{ name: 'Main' }],
    items: [
      { kind: 'request', name: 'List', method: 'GET', url: '{{base}}/items', query: [{ key: 'page', value: '2' }, { key: 'off', value: 'x', enabled: false }],
        scripts: { test: "pm.test('status 200', () => pm.response.to.have.status(200));" } },
      { kind: 'folder', name: 'Writes', items: [
        { kind: 'request', name: 'Create', method: 'POST', url: '{{base}}/items', body: { mode: 'json', text: '{"name":"a"}' }, auth: { type: 'basic', username: 'ada', password: '{{pw}}' },
          scripts: { test: "pm.test('echoes body', () => pm.expect(pm.response.json().body).to.include('name'));" } },
        { kind: 'request', name: 'Form', method: 'PUT', url: '{{base}}/form', body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: '1' }] } },
      ] },
    ],
  });
}

describe('Postman v2.1 export', () => {
  it('runs in newman against a local server with every request and test passing', async () => {
    const env = { name: 'Local', variables: [{ key: 'pw', value: 'pa55', secret: false, enabled: true }], profiles: { Main: { type: 'bearer' as const, token: '{{apiToken}}', prefix: 'Bearer' } } };
    const { output, report } = exportPostman(sample(), { environment: env, includeSecrets: true });
    expect(report.warnings.join(' ')).toMatch(/secret/);
    expect(postmanSchemaErrors(JSON.parse(output))).toEqual([]);
    const newman = (await import('newman')).default as unknown as { run: (o: unknown, cb: (err: Error | null, summary: { run: { stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } }; failures: unknown[] } }) => void) => void };
    const summary = await new Promise<Parameters<Parameters<typeof newman.run>[1]>[1]>((resolve, reject) => {
      newman.run({ collection: JSON.parse(output), reporters: [] }, (err, s) => (err ? reject(err) : resolve(s)));
    });
    expect(summary.run.failures).toEqual([]);
    expect(summary.run.stats.requests).toMatchObject({ total: 3, failed: 0 });
    expect(summary.run.stats.assertions).toMatchObject({ total: 2, failed: 0 });
    const list = seen.find((s) => s.url.startsWith('/items?'));
    expect(list?.url).toBe('/items?page=2');
    expect(list?.auth).toBe('Bearer tok-123456789');
    const create = seen.find((s) => s.method === 'POST');
    expect(create?.auth).toBe(`Basic ${Buffer.from('ada:pa55').toString('base64')}`);
    expect(create?.body).toBe('{"name":"a"}');
    expect(seen.find((s) => s.method === 'PUT')?.body).toBe('a=1');
  });

  it('blanks secret variables and secret auth fields by default and lists them', () => {
    const c = sample();
    const env = { name: 'Local', variables: [], profiles: { Main: { type: 'bearer' as const, token: 'literal-secret-token', prefix: 'Bearer' } } };
    const { output, report } = exportPostman(c, { environment: env });
    expect(output).not.toContain('tok-123456789');
    expect(output).not.toContain('literal-secret-token');
    expect(postmanSchemaErrors(JSON.parse(output))).toEqual([]);
    expect(report.secretsBlanked).toEqual(expect.arrayContaining(['variables.apiToken', 'profile Main.token']));
    expect(report.warnings).toEqual([]);
  });

  it('round-trips Postman → Keyhole → Postman keeping what Keyhole understands', () => {
    const original = {
      info: { name: 'RT', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json', description: 'd' },
      variable: [{ key: 'base', value: 'http://h' }],
      event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: ['console.log(1)', 'pm.variables.set("a", 1)'] } }],
      item: [
        { name: 'F', description: 'folder', item: [
          { name: 'G', request: { method: 'GET', header: [{ key: 'X-A', value: '1' }, { key: 'X-Off', value: '2', disabled: true }], url: { raw: '{{base}}/a?q=1', host: ['{{base}}'], path: ['a'], query: [{ key: 'q', value: '1' }] } } },
          { name: 'P', request: { method: 'POST', auth: { type: 'basic', basic: [{ key: 'username', value: 'u', type: 'string' }, { key: 'password', value: '{{pw}}', type: 'string' }] },
            body: { mode: 'formdata', formdata: [{ key: 't', value: 'v', type: 'text' }, { key: 'f', src: '/tmp/x.bin', type: 'file' }] }, url: '{{base}}/p' },
            event: [{ listen: 'test', script: { exec: ['pm.test("x", () => {})'] } }] },
        ] },
        { name: 'GQL', request: { method: 'POST', url: '{{base}}/gql', body: { mode: 'graphql', graphql: { query: '{ a }', variables: '{"x":1}' } } } },
        { name: 'Raw', request: { method: 'PUT', url: '{{base}}/r', body: { mode: 'raw', raw: '<a/>', options: { raw: { language: 'xml' } } } } },
        { name: 'Enc', request: { method: 'POST', url: '{{base}}/e', body: { mode: 'urlencoded', urlencoded: [{ key: 'k', value: 'v w' }] } } },
      ],
    };
    const first = parsePostmanCollection(readInput(JSON.stringify(original)));
    expect(first.report.notCarried).toEqual([]);
    const exported = exportPostman(first.collection as Collection);
    expect(postmanSchemaErrors(JSON.parse(exported.output))).toEqual([]);
    const second = parsePostmanCollection(readInput(exported.output));
    expect(second.collection).toEqual(first.collection);
    const doc = JSON.parse(exported.output) as { item: { item: { request: { url: { raw: string } } }[] }[] };
    expect(doc.item[0]?.item[0]?.request.url.raw).toBe('{{base}}/a?q=1');
  });
});
