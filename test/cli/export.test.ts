import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startHttpServer, type HttpTestServer } from '../servers/http';
import { EXAMPLE, keyhole } from './harness';

const PLANTED = 'planted-key-98765';

describe('keyhole export and environment secrets', () => {
  it('--include-secrets reads secret variables from the secret store (KEYHOLE_SECRET_*), as run does', async () => {
    const r = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'Staging', '--include-secrets'], { env: { KEYHOLE_SECRET_STAGING_APIKEY: PLANTED } });
    expect(r.code).toBe(0);
    const exported = JSON.parse(r.out) as { variable?: { key: string; value: string }[] };
    expect(exported.variable?.find((v) => v.key === 'apiKey')?.value).toBe(PLANTED);
  });

  it('without --include-secrets the same store is not read and the value stays out', async () => {
    const r = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'Staging'], { env: { KEYHOLE_SECRET_STAGING_APIKEY: PLANTED } });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(PLANTED);
    expect(r.err).toContain('use --include-secrets');
  });

  it('--format insomnia writes an Insomnia v4 export that imports back, secret values left out and listed', async () => {
    const r = await keyhole(['export', EXAMPLE, '--format', 'insomnia', '-e', 'Staging'], { env: { KEYHOLE_SECRET_STAGING_APIKEY: PLANTED } });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(PLANTED);
    const doc = JSON.parse(r.out) as { _type: string; __export_format: number; resources: { _type: string; name?: string }[] };
    expect(doc).toMatchObject({ _type: 'export', __export_format: 4 });
    expect(doc.resources.filter((x) => x._type === 'environment').map((x) => x.name)).toEqual(['Base Environment', 'Staging']);
    expect(r.err).toMatch(/Secret values left empty \(use --include-secrets to export them\): items\[\d+\]/);
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-ins-'));
    writeFileSync(join(dir, 'export.insomnia.json'), r.out);
    const back = await keyhole(['import', join(dir, 'export.insomnia.json'), '--out', join(dir, 'again')]);
    expect(back.code, back.err).toBe(0);
    expect(back.out + back.err).toMatch(/insomnia/i);
  });
});

describe('keyhole export --out', () => {
  it('ends by printing the path it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-export-'));
    try {
      const r = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'staging', '--out', 'demo.postman_collection.json'], { cwd: dir });
      expect(r.code).toBe(0);
      const path = join(dir, 'demo.postman_collection.json');
      expect(r.err.split('\n')).toContain(`Exported to ${path}`);
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ info: { name: expect.any(String) as unknown as string } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// The peer that proves an export's auth is really there: newman runs it against a local server.
let server: HttpTestServer;
beforeAll(async () => { server = await startHttpServer((_req, res) => sendJson(res, 200, { ok: true })); });
afterAll(async () => { await server.close(); });

type NewmanSummary = { run: { stats: { requests: { total: number; failed: number } }; failures: unknown[] } };
async function newman(collection: unknown, envVar: { key: string; value: string }[] = []): Promise<NewmanSummary> {
  const { run } = (await import('newman')).default as { run: (o: unknown, cb: (err: Error | null, s: NewmanSummary) => void) => void };
  return new Promise((resolve, reject) => { run({ collection, envVar, reporters: [] }, (err, s) => (err ? reject(err) : resolve(s))); });
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'keyhole-export-'));
type PostmanDoc = { auth?: { type: string }; item: { name: string; auth?: { type: string; [k: string]: unknown }; item?: unknown[] }[] };

describe('keyhole export never leaves auth out unsaid', () => {
  it('Postman → import → export with no -e keeps the collection and folder auth (one environment), and newman sends it', async () => {
    const dir = temp();
    const original = {
      info: { name: 'Round trip', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
      variable: [{ key: 'base', value: server.url }, { key: 'token', value: 'tok-from-a-variable-0123' }, { key: 'user', value: 'ada' }, { key: 'pw', value: 'pa55' }],
      item: [
        { name: 'Me', request: { method: 'GET', url: '{{base}}/me' } },
        { name: 'Admin', auth: { type: 'basic', basic: [{ key: 'username', value: '{{user}}' }, { key: 'password', value: '{{pw}}' }] },
          item: [{ name: 'Report', request: { method: 'GET', url: '{{base}}/admin/report' } }] },
      ],
    };
    writeFileSync(join(dir, 'in.postman_collection.json'), JSON.stringify(original));
    expect((await keyhole(['import', 'in.postman_collection.json', '--out', 'imported'], { cwd: dir })).code).toBe(0);
    const r = await keyhole(['export', 'imported', '--format', 'postman'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('exported as no auth');
    const doc = JSON.parse(r.out) as PostmanDoc;
    expect(doc.auth?.type).toBe('bearer');
    expect(doc.item.find((i) => i.name === 'Admin')?.auth?.type).toBe('basic');
    // The variables named token and pw were imported as secrets: the export names them without
    // their values, and the CI job that runs it supplies them, as it would with newman --env-var.
    expect(JSON.stringify(doc)).not.toContain('tok-from-a-variable-0123');
    const before = server.requests.length;
    const summary = await newman(doc, [{ key: 'token', value: 'tok-from-a-variable-0123' }, { key: 'pw', value: 'pa55' }]);
    expect(summary.run.failures).toEqual([]);
    const seen = server.requests.slice(before);
    expect(seen.find((q) => q.url === '/me')?.header('authorization')).toBe('Bearer tok-from-a-variable-0123');
    expect(seen.find((q) => q.url === '/admin/report')?.header('authorization')).toBe(`Basic ${Buffer.from('ada:pa55').toString('base64')}`);
  });

  it('an OpenAPI apiKey scheme survives: every environment binds it alike, so no -e is needed, and newman sends the key', async () => {
    const dir = temp();
    const spec = {
      openapi: '3.0.3', info: { title: 'Keys', version: '1' },
      servers: [{ url: `${server.url}/v1`, description: 'staging' }, { url: 'http://127.0.0.1:9/v1', description: 'production' }],
      components: { securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      security: [{ ApiKey: [] }],
      paths: { '/items': { get: { operationId: 'listItems', responses: { 200: { description: 'ok' } } } } },
    };
    writeFileSync(join(dir, 'api.json'), JSON.stringify(spec));
    expect((await keyhole(['import', 'api.json', '--out', 'keys'], { cwd: dir })).code).toBe(0);
    const plain = await keyhole(['export', 'keys', '--format', 'postman'], { cwd: dir });
    expect(plain.code, plain.err).toBe(0);
    expect((JSON.parse(plain.out) as PostmanDoc).auth).toEqual({ type: 'apikey', apikey: [
      { key: 'key', value: 'X-API-Key', type: 'string' }, { key: 'value', value: '', type: 'string' }, { key: 'in', value: 'header', type: 'string' },
    ] });

    // The user fills the key in per environment from a variable: the same template everywhere.
    for (const env of ['staging', 'production']) {
      const file = join(dir, 'keys', 'environments', `${env}.yaml`);
      writeFileSync(file, readFileSync(file, 'utf8').replace('value: ""', 'value: "{{apiKey}}"'));
    }
    const r = await keyhole(['export', 'keys', '--format', 'postman'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('{{apiKey}} must be defined where the collection is imported');
    const before = server.requests.length;
    const summary = await newman(JSON.parse(r.out), [{ key: 'apiKey', value: 'k-0123456789' }]);
    expect(summary.run.failures).toEqual([]);
    expect(server.requests.slice(before).map((q) => [q.url, q.header('x-api-key')])).toEqual([['/v1/items', 'k-0123456789']]);
  });

  it('environments that bind a profile differently: exit 2 naming them; -e chooses, case-insensitively', async () => {
    const r = await keyhole(['export', EXAMPLE, '--format', 'postman']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('"Admin"');
    expect(r.err).toContain('-e: Production, Staging');
    const snippet = await keyhole(['export', EXAMPLE, '--format', 'curl', '--request', 'Admin report']);
    expect(snippet.code).toBe(2);

    const staging = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'staging']);
    expect(staging.code, staging.err).toBe(0);
    const doc = JSON.parse(staging.out) as PostmanDoc;
    expect(doc.item.find((i) => i.name === 'Admin report')).toMatchObject({ request: { auth: { type: 'basic' } } });
    const production = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'PRODUCTION']);
    expect(production.code).toBe(0);
    expect(JSON.parse(production.out)).toMatchObject({ item: expect.arrayContaining([expect.objectContaining({ name: 'Admin report', request: expect.objectContaining({ auth: expect.objectContaining({ type: 'oauth2' }) }) })]) });

    const unknown = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'qa']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Known environments: Production, Staging');
  });
});
