import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importText, writeImport } from '../../../electron/engine/importers';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import type { Folder, Item, Request } from '../../../shared/model';

/** A secret store in memory, keyed as the workspace keys secrets (environment, then key). */
class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(env: string, key: string): Promise<string | undefined> { return this.values.get(`${env}\u0000${key}`); }
  async set(env: string, key: string, value: string): Promise<void> { this.values.set(`${env}\u0000${key}`, value); }
  async delete(env: string, key: string): Promise<void> { this.values.delete(`${env}\u0000${key}`); }
  describe(): string { return 'test store'; }
}

/** Every request with the folders above it, in order, as the runner walks a collection. */
function walk(items: readonly Item[], folders: Folder[] = []): { request: Request; folders: Folder[] }[] {
  return items.flatMap((i) => (i.kind === 'folder' ? walk(i.items, [...folders, i]) : [{ request: i, folders }]));
}

interface Seen { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: string }
type Judge = (r: Seen) => { status: number; reason: string };

let server: Server;
let base = '';
let judge: Judge = () => ({ status: 500, reason: 'no judge' });
const log: (Seen & { status: number; reason: string })[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-run-imports-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const seen: Seen = { method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      let verdict: ReturnType<Judge>;
      try { verdict = judge(seen); } catch (e) { verdict = { status: 500, reason: String(e) }; }
      log.push({ ...seen, ...verdict });
      res.writeHead(verdict.status, { 'content-type': 'application/json' }).end(JSON.stringify(verdict));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

interface OasParam { name: string; in: string; required?: boolean }
interface OasBody { required?: boolean; content: Record<string, unknown> }
interface OasOp { parameters?: OasParam[]; requestBody?: OasBody | { $ref: string }; security?: Record<string, unknown>[] }
type Spec = { paths: Record<string, Record<string, OasOp>>; security?: Record<string, unknown>[]; components?: { requestBodies?: Record<string, OasBody> } };

/**
 * A server that knows only what the spec says: an unknown path or method is a 404, a missing
 * required parameter, a body of the wrong media type or a missing API key is a 400/401.
 */
function specJudge(spec: Spec, prefix: string, apiKey: string, hits: Set<string>): Judge {
  const routes = Object.entries(spec.paths).flatMap(([template, ops]) => Object.entries(ops).map(([method, op]) => ({
    template, method: method.toUpperCase(), op,
    re: new RegExp(`^${prefix}${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  })));
  return (r) => {
    const route = routes.find((x) => x.method === r.method && x.re.test(r.path));
    if (!route) return { status: 404, reason: `${r.method} ${r.path} is not in the spec` };
    const params = [...(spec.paths[route.template]?.parameters as OasParam[] | undefined ?? []), ...(route.op.parameters ?? [])];
    for (const p of params.filter((x) => x.required)) {
      if (p.in === 'query' && !r.query.has(p.name)) return { status: 400, reason: `query ${p.name} missing` };
      if (p.in === 'header' && r.headers[p.name.toLowerCase()] === undefined) return { status: 400, reason: `header ${p.name} missing` };
    }
    const declared = route.op.requestBody;
    const body = declared && '$ref' in declared ? spec.components?.requestBodies?.[declared.$ref.replace('#/components/requestBodies/', '')] : declared;
    if (body) {
      const ct = (r.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      if (!Object.keys(body.content).includes(ct)) return { status: 415, reason: `content-type ${ct} not one of ${Object.keys(body.content).join(', ')}` };
      if (ct === 'application/json') {
        try { JSON.parse(r.body); } catch { return { status: 400, reason: 'body is not JSON' }; }
      }
      if (body.required && r.body === '') return { status: 400, reason: 'body missing' };
    }
    const security = route.op.security ?? spec.security ?? [];
    if (security.some((s) => 'api_key' in s) && !security.some((s) => !('api_key' in s)) && r.headers.api_key !== apiKey) return { status: 401, reason: 'api_key header missing or wrong' };
    hits.add(`${route.method} ${route.template}`);
    return { status: 200, reason: 'ok' };
  };
}

describe('imported requests run through the engine transport against a local server', () => {
  it('OpenAPI: the Petstore spec, its server pointed here, runs every operation the spec declares', async () => {
    const yamlText = await readFile(join(__dirname, '../../fixtures/import/petstore-openapi3.yaml'), 'utf8');
    const spec = parseYaml(yamlText) as Parameters<typeof specJudge>[0] & { servers: { url: string }[] };
    const prefix = new URL(spec.servers[0]?.url ?? '').pathname;
    const local = yamlText.replace(spec.servers[0]?.url ?? '', `${base}${prefix}`);
    const imported = await importText(local, { file: 'petstore-openapi3.yaml' });
    const env = imported.environments[0];
    const profile = env?.profiles.api_key;
    if (!env || profile?.type !== 'apikey') throw new Error('expected the api_key profile');
    // What the user does after the import: fill in the key; the workspace keeps it in the store.
    env.profiles.api_key = { ...profile, value: 'k-123' };
    // ...and choose the files the report says the spec's uploads need.
    expect(imported.report.notCarried.filter((n) => /choose one/.test(n.message)).map((n) => n.place)).toEqual(['paths./pet/{petId}/uploadImage.post.requestBody']);
    const upload = join(dir, 'cat.png');
    await writeFile(upload, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    for (const { request } of walk(imported.collection?.items ?? [])) {
      if (request.body.mode === 'multipart') request.body.fields = request.body.fields.map((f) => (f.kind === 'file' && f.path === '' ? { ...f, path: upload } : f));
    }
    const out = join(dir, 'petstore');
    const secrets = new MemorySecrets();
    await writeImport(imported, out, secrets);
    const envName = env.name;
    expect(await secrets.get(envName, 'api_key.value')).toBe('k-123');
    const hits = new Set<string>();
    judge = specJudge(spec, prefix, 'k-123', hits);
    // The file chosen lies outside the collection folder, so the user allows that (SECURITY.md, guarantee 10).
    const session = await openSession({ collectionDir: out, environment: envName, secrets, tempDir: dir, files: { allowOutside: true } });
    const sent: string[] = [];
    for (const { request, folders } of walk(session.collection.items)) {
      const { exchange } = await session.send(request, folders);
      sent.push(`${exchange.response.status} ${request.method} ${request.name}: ${log.at(-1)?.reason ?? ''}`);
    }
    await session.close();
    expect(sent.filter((s) => !s.startsWith('200 '))).toEqual([]);
    const all = Object.entries(spec.paths).flatMap(([t, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${t}`));
    expect([...hits].sort()).toEqual(all.sort());
    expect(all).toHaveLength(20);
  });

  it('Insomnia v4: groups, environment, folder bearer auth and template tags reach the server as written', async () => {
    const v4 = { _type: 'export', __export_format: 4, resources: [
      { _id: 'wrk_1', _type: 'workspace', name: 'Shop' },
      { _id: 'env_base', _type: 'environment', parentId: 'wrk_1', name: 'Base', data: { base: 'http://placeholder', nested: { id: 7 } } },
      { _id: 'env_local', _type: 'environment', parentId: 'env_base', name: 'Local', data: { base: base, token: 'tkn-1' } },
      { _id: 'fld_1', _type: 'request_group', parentId: 'wrk_1', name: 'Orders', authentication: { type: 'bearer', token: '{{ _.token }}' } },
      { _id: 'req_1', _type: 'request', parentId: 'fld_1', name: 'Create', method: 'POST', url: '{{ _.base }}/orders/{{ _.nested.id }}', metaSortKey: 2,
        body: { mimeType: 'application/json', text: '{"n":1}' }, headers: [{ name: 'X-Trace', value: 'on' }], parameters: [{ name: 'dry', value: '1' }, { name: 'off', value: '1', disabled: true }], authentication: {} },
      { _id: 'req_2', _type: 'request', parentId: 'fld_1', name: 'Login', method: 'POST', url: '{{ _.base }}/login', metaSortKey: 1,
        body: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'u', value: 'ada' }, { name: 'p', value: 'x y' }] }, authentication: { type: 'basic', username: 'ada', password: 'pw' } },
      { _id: 'req_3', _type: 'request', parentId: 'wrk_1', name: 'Health', method: 'GET', url: '{{ _.base }}/health', authentication: { type: 'apikey', key: 'X-Api-Key', value: 'ak', addTo: 'header' } },
    ] };
    const expected: Record<string, (r: Seen) => string | undefined> = {
      'POST /login': (r) => (r.headers.authorization === `Basic ${Buffer.from('ada:pw').toString('base64')}` && r.body === 'u=ada&p=x+y' && /urlencoded/.test(r.headers['content-type'] ?? '') ? undefined : `login: ${r.headers.authorization} ${r.body}`),
      'POST /orders/7': (r) => (r.headers.authorization === 'Bearer tkn-1' && r.query.toString() === 'dry=1' && r.headers['x-trace'] === 'on' && r.body === '{"n":1}' && /json/.test(r.headers['content-type'] ?? '') ? undefined : `create: ${r.headers.authorization} ${r.query.toString()} ${r.body}`),
      'GET /health': (r) => (r.headers['x-api-key'] === 'ak' ? undefined : `health: ${String(r.headers['x-api-key'])}`),
    };
    judge = (r) => {
      const check = expected[`${r.method} ${r.path}`];
      if (!check) return { status: 404, reason: `${r.method} ${r.path} was not exported by Insomnia` };
      const wrong = check(r);
      return wrong ? { status: 400, reason: wrong } : { status: 200, reason: 'ok' };
    };
    const imported = await importText(JSON.stringify(v4));
    const out = join(dir, 'insomnia');
    const secrets = new MemorySecrets();
    await writeImport(imported, out, secrets);
    const session = await openSession({ collectionDir: out, environment: 'Local', secrets, tempDir: dir });
    const results: string[] = [];
    for (const { request, folders } of walk(session.collection.items)) {
      const { exchange } = await session.send(request, folders);
      results.push(`${exchange.response.status} ${request.name} ${log.at(-1)?.reason ?? ''}`);
    }
    await session.close();
    expect(results).toEqual(['200 Login ok', '200 Create ok', '200 Health ok']);
  });
});
