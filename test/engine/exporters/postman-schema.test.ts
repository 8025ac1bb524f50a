import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPostman } from '../../../electron/engine/exporters';
import { importText } from '../../../electron/engine/importers';
import { Collection as CollectionSchema, type Collection } from '../../../shared/model';
import { postmanSchemaErrors } from './postman-schema';

const fixtures = join(__dirname, '../../fixtures/import');
const read = (f: string): string => (f.endsWith('.gz') ? gunzipSync(readFileSync(join(fixtures, f))).toString('utf8') : readFileSync(join(fixtures, f), 'utf8'));

const auths = {
  basic: { type: 'basic', username: 'ada', password: 'pw' },
  bearer: { type: 'bearer', token: 't' },
  apikey: { type: 'apikey', key: 'X-Key', value: 'v', in: 'query' },
  digest: { type: 'digest', username: 'u', password: 'p', algorithm: 'SHA-256' },
  oauth1: { type: 'oauth1', signatureMethod: 'HMAC-SHA1', consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts' },
  oauth2: { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://127.0.0.1:1/token', clientId: 'c', clientSecret: 's', scope: 'a b' },
  oauth2device: { type: 'oauth2', grant: 'device_code', issuer: 'http://127.0.0.1:1', clientId: 'c' },
  awsv4: { type: 'awsv4', accessKeyId: 'AK', secretAccessKey: 'SK', region: 'eu-west-1', service: 's3' },
  clientcert: { type: 'clientcert', certFile: '/tmp/c.pem', keyFile: '/tmp/k.pem' },
  none: { type: 'none' },
  inherit: { type: 'inherit' },
  profile: { type: 'profile', profile: 'Main' },
  unbound: { type: 'profile', profile: 'Nowhere' },
} as const;

/** Every body mode and every auth Keyhole has except JWT (tested on its own below). */
function everything(): Collection {
  return CollectionSchema.parse({
    name: 'Everything', description: 'all of it', variables: [{ key: 'base', value: 'http://127.0.0.1:1' }, { key: 'off', value: 'x', enabled: false, description: 'd' }],
    auth: { type: 'profile', profile: 'Main' }, profiles: [{ name: 'Main' }, { name: 'Nowhere' }],
    scripts: { preRequest: 'pm.variables.set("a", 1);', test: 'pm.test("ok", () => {});' },
    items: [
      { kind: 'folder', name: 'Auth', description: 'f', auth: auths.bearer, scripts: { test: '1;' }, settings: { followRedirects: false, timeoutMs: 10 },
        items: Object.entries(auths).map(([name, auth]) => ({ kind: 'request', name, method: 'GET', url: '{{base}}/a/:id', auth })) },
      { kind: 'folder', name: 'Bodies', items: [
        { kind: 'request', name: 'json', method: 'POST', url: 'http://127.0.0.1:8080/j?x=1', body: { mode: 'json', text: '{"a":1}' }, headers: [{ key: 'X-A', value: '1' }, { key: 'X-B', value: '2', enabled: false, description: 'off' }] },
        { kind: 'request', name: 'xml', method: 'PUT', url: 'http://h/x', body: { mode: 'xml', text: '<a/>' } },
        { kind: 'request', name: 'text', method: 'PATCH', url: 'http://h/t', body: { mode: 'text', text: 'hi', contentType: 'text/html' } },
        { kind: 'request', name: 'form', method: 'POST', url: 'http://h/f', body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: '1' }, { key: 'b', value: '2', enabled: false }] } },
        { kind: 'request', name: 'multipart', method: 'POST', url: 'http://h/m', body: { mode: 'multipart', fields: [{ kind: 'text', name: 't', value: 'v', contentType: 'text/plain' }, { kind: 'file', name: 'f', path: '/tmp/x.bin' }] } },
        { kind: 'request', name: 'binary', method: 'PUT', url: 'http://h/b', body: { mode: 'binary', path: '/tmp/x.bin', contentType: 'application/octet-stream' } },
        { kind: 'request', name: 'graphql', method: 'POST', url: 'http://h/g', body: { mode: 'graphql', query: '{ a }', variables: '{"x":1}', operationName: 'Q' } },
        { kind: 'request', name: 'custom method', method: 'PROPPATCH', url: '{{base}}', settings: { tls: { verify: false }, maxRedirects: 3 } },
      ] },
    ],
  });
}

describe('Postman v2.1 export is valid against the official Collection v2.1.0 schema', () => {
  it('the validator refuses what the schema forbids (so a pass means something)', () => {
    expect(postmanSchemaErrors({ info: { name: 'x' }, item: [] }).map((e) => e.path)).toEqual(['/info']);
    expect(postmanSchemaErrors({ info: { name: 'x', schema: 's' }, item: [{ name: 'r', request: { url: 'http://h', header: [{ key: 'A' }] } }] })).not.toEqual([]);
    expect(postmanSchemaErrors({ info: { name: 'x', schema: 's' }, item: [{ name: 'r', request: { url: 'http://h', auth: { type: 'jwt', jwt: [] } } }] }).map((e) => e.path)).toEqual(['/item/0/request/auth/type']);
  });

  it('every body mode, every auth type but JWT, scripts, variables and settings, with and without secrets', () => {
    const env = { name: 'Local', variables: [{ key: 'tok', value: 'secret-value', secret: true, enabled: true }], profiles: { Main: { type: 'basic' as const, username: 'u', password: 'p', charset: 'utf-8' as const } } };
    for (const includeSecrets of [false, true]) {
      const { output, report } = exportPostman(everything(), { environment: env, includeSecrets });
      expect(postmanSchemaErrors(JSON.parse(output))).toEqual([]);
      const places = report.notCarried.map((n) => n.place);
      expect(places).toEqual(expect.arrayContaining(['items[0].items[6].auth', 'items[0].items[8].auth', 'items[0].items[12].auth', 'items[0].settings.timeoutMs']));
    }
  });

  it('each public corpus collection and spec, imported then exported, validates', async () => {
    for (const f of ['newman-sample-collection.json', 'petstore-openapi3.yaml', 'petstore-swagger2.json', 'security-openapi3.yaml', 'star-trek-openapi3.json', 'slack-web-openapi3.json', 'stripe-openapi3.json.gz']) {
      const imported = await importText(read(f), { file: f });
      const collection = imported.collection as Collection;
      const { output } = exportPostman(collection, { environment: imported.environments[0] });
      expect({ f, errors: postmanSchemaErrors(JSON.parse(output)).slice(0, 5) }).toEqual({ f, errors: [] });
    }
  });
});

describe('JWT auth, which the v2.1.0 schema predates, is exported the way Postman writes it', () => {
  let server: Server;
  let base = '';
  const seen: { auth?: string | undefined; url?: string | undefined }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => { seen.push({ auth: req.headers.authorization, url: req.url }); res.end('{}'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  const jwtCollection = (algorithm: 'HS256' | 'EdDSA'): Collection => CollectionSchema.parse({
    name: 'JWT', items: [{ kind: 'request', name: 'signed', method: 'GET', url: `${base}/jwt`,
      auth: { type: 'jwt', algorithm, secret: 'a-shared-secret-of-32-bytes-long!', claims: { sub: 'ada', aud: 'api' }, header: { kid: 'k1' } } }],
  });

  it('as type "jwt": the only schema complaint is that enum, the report says so, and newman signs a token the server verifies', async () => {
    const { output, report } = exportPostman(jwtCollection('HS256'), { includeSecrets: true });
    const doc = JSON.parse(output) as unknown;
    const errors = postmanSchemaErrors(doc);
    expect(errors.map((e) => e.path)).toEqual(['/item/0/request/auth/type']);
    expect(errors[0]?.message).toMatch(/allowed values.*"noauth"/);
    expect(report.notCarried).toEqual([expect.objectContaining({ place: 'items[0].auth', kind: 'auth', message: expect.stringMatching(/predates/) as unknown as string })]);
    const newman = (await import('newman')).default as unknown as { run: (o: unknown, cb: (err: Error | null, s: { run: { failures: unknown[] } }) => void) => void };
    const summary = await new Promise<{ run: { failures: unknown[] } }>((resolve, reject) => { newman.run({ collection: doc, reporters: [] }, (err, s) => (err ? reject(err) : resolve(s))); });
    expect(summary.run.failures).toEqual([]);
    const token = seen.at(-1)?.auth?.replace(/^Bearer /, '') ?? '';
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'), { algorithms: ['HS256'], audience: 'api' });
    expect(payload.sub).toBe('ada');
    expect(protectedHeader.kid).toBe('k1');
  });

  it('EdDSA, which Postman cannot sign, becomes noauth with a report entry and validates', () => {
    const { output, report } = exportPostman(jwtCollection('EdDSA'));
    expect(postmanSchemaErrors(JSON.parse(output))).toEqual([]);
    expect(report.notCarried[0]?.message).toMatch(/EdDSA/);
  });
});
