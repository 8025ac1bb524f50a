import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importText } from '../../../electron/engine/importers';
import { prepare } from '../../../electron/engine/execute/prepare';
import { parseCurl, parseHar, parseInsomnia, parsePostmanCollection, readInput, shellWords } from '../../../shared/importers';
import type { Collection, Item, Request } from '../../../shared/model';
import { isKeyholeError } from '../../../shared/errors';

const requests = (items: readonly Item[]): Request[] => items.flatMap((i) => (i.kind === 'folder' ? requests(i.items) : [i]));

describe('cURL', () => {
  it('splits words as a POSIX shell does, with continuations and $\'...\'', () => {
    expect(shellWords(`curl 'a b' "c \\"d\\" $HOME" e\\ f \\\n -g $'x\\ny'`).words).toEqual(['curl', 'a b', 'c "d" $HOME', 'e f', '-g', 'x\ny']);
  });

  it('carries method, headers, data, auth, cookies and settings', () => {
    const r = parseCurl(readInput(`curl -sS -X PUT https://api.test/v1/x?a=1 -H 'Accept: application/json' -H "Content-Type: application/json" --data-raw '{"k":"v"}' -u ada:pw -b 'sid=1; t=2' -k -x http://proxy:3128 --compressed --max-time 5`));
    const req = requests(r.collection?.items ?? [])[0];
    expect(req).toMatchObject({
      method: 'PUT', url: 'https://api.test/v1/x', query: [{ key: 'a', value: '1' }], body: { mode: 'json', text: '{"k":"v"}' },
      auth: { type: 'basic', username: 'ada', password: 'pw' },
      settings: { tls: { verify: false }, proxy: { mode: 'custom', url: 'http://proxy:3128' }, timeoutMs: 5000 },
    });
    expect(req?.headers.map((h) => h.key)).toEqual(['Accept', 'Content-Type', 'Cookie', 'Accept-Encoding']);
    expect(r.report.notCarried).toEqual([]);
  });

  it('-d makes a form POST, -G moves it to the query, -F makes multipart, --oauth2-bearer a bearer', () => {
    const form = requests(parseCurl(readInput(`curl http://h/p -d a=1 -d 'b=x%20y'`)).collection?.items ?? [])[0];
    expect(form).toMatchObject({ method: 'POST', body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: '1' }, { key: 'b', value: 'x y' }] } });
    const get = requests(parseCurl(readInput(`curl -G http://h/p --data-urlencode 'q=a b'`)).collection?.items ?? [])[0];
    expect(get).toMatchObject({ method: 'GET', query: [{ key: 'q', value: 'a b' }], body: { mode: 'none' } });
    const mp = requests(parseCurl(readInput(`curl http://h/u -F name=x -F 'file=@/tmp/a.png;type=image/png' --oauth2-bearer T0K`)).collection?.items ?? [])[0];
    expect(mp).toMatchObject({ method: 'POST', auth: { type: 'bearer', token: 'T0K' }, body: { mode: 'multipart', fields: [{ kind: 'text', name: 'name', value: 'x' }, { kind: 'file', name: 'file', path: '/tmp/a.png', contentType: 'image/png' }] } });
  });

  it('reports options it cannot carry and fails without a URL', () => {
    expect(parseCurl(readInput('curl --ntlm -u a:b http://h/')).report.notCarried[0]?.kind).toBe('auth');
    expect(() => parseCurl(readInput('curl -H "A: b"'))).toThrow(/no URL/);
  });
});

describe('malformed documents name the path inside them', () => {
  it('Postman', () => {
    const doc = { info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'a', request: 'http://h' }, { name: 'b', item: [{ name: 'c', request: { url: 42 } }] }] };
    try {
      parsePostmanCollection(readInput(JSON.stringify(doc)));
      expect.unreachable();
    } catch (e) {
      expect(isKeyholeError(e) && e.code).toBe('import-failed');
      expect(isKeyholeError(e) && e.details?.path).toBe('item[1].item[0].request.url');
    }
  });

  it('HAR and OpenAPI', async () => {
    await expect(importText(JSON.stringify({ log: { entries: [{ request: { method: 'GET' } }] } }))).rejects.toMatchObject({ code: 'import-failed', details: { path: 'log.entries[0].request.url' } });
    await expect(importText('openapi: 3.0.0\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      parameters: 5\n')).rejects.toMatchObject({ code: 'import-failed', details: { path: 'paths./a.get.parameters' } });
  });

  it('an unknown format says which ones are known', async () => {
    await expect(importText('hello')).rejects.toMatchObject({ code: 'import-failed' });
  });
});

describe('HAR', () => {
  const har = { log: { version: '1.2', entries: [
    { request: { method: 'POST', url: 'https://api.test/a?x=1', headers: [{ name: ':authority', value: 'api.test' }, { name: 'Content-Length', value: '7' }, { name: 'X-A', value: '1' }], postData: { mimeType: 'application/json', text: '{"a":1}' } }, response: { content: { mimeType: 'application/json' } } },
    { request: { method: 'GET', url: 'https://api.test/logo.png', headers: [] }, response: { content: { mimeType: 'image/png' } } },
  ] } };
  it('one request per entry, pseudo-headers dropped, static assets dropped on request', () => {
    const all = parseHar(readInput(JSON.stringify(har)));
    expect(all.report.requests).toBe(2);
    const first = requests(all.collection?.items ?? [])[0];
    expect(first).toMatchObject({ method: 'POST', url: 'https://api.test/a', headers: [{ key: 'X-A', value: '1' }], body: { mode: 'json', text: '{"a":1}' } });
    const api = parseHar(readInput(JSON.stringify(har)), { dropStaticAssets: true });
    expect(api.report.requests).toBe(1);
    expect(api.report.notCarried[0]?.message).toMatch(/1 static assets/);
  });
});

describe('Insomnia', () => {
  const v4 = { _type: 'export', __export_format: 4, resources: [
    { _id: 'wrk_1', _type: 'workspace', name: 'Shop' },
    { _id: 'env_base', _type: 'environment', parentId: 'wrk_1', name: 'Base', data: { base: 'http://placeholder', nested: { id: 7 } } },
    { _id: 'env_local', _type: 'environment', parentId: 'env_base', name: 'Local', data: { base: 'BASE' } },
    { _id: 'fld_1', _type: 'request_group', parentId: 'wrk_1', name: 'Orders', authentication: { type: 'bearer', token: '{{ _.token }}' } },
    { _id: 'req_1', _type: 'request', parentId: 'fld_1', name: 'Create', method: 'POST', url: '{{ _.base }}/orders/{{ _.nested.id }}', metaSortKey: 2,
      body: { mimeType: 'application/json', text: '{"n":1}' }, headers: [{ name: 'X-Trace', value: 'on' }], parameters: [{ name: 'dry', value: '1' }], authentication: {} },
    { _id: 'req_2', _type: 'request', parentId: 'fld_1', name: 'Login', method: 'POST', url: '{{ _.base }}/login', metaSortKey: 1,
      body: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'u', value: 'ada' }] }, authentication: { type: 'hawk', id: 'x', key: 'k' } },
    { _id: 'jar', _type: 'cookie_jar', parentId: 'wrk_1', name: 'Jar' },
  ] };

  let server: Server;
  const got: { method?: string | undefined; url?: string | undefined; auth?: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => { let b = ''; req.on('data', (c: Buffer) => { b += c.toString(); }); req.on('end', () => { got.push({ method: req.method, url: req.url, auth: req.headers.authorization, body: b }); res.end('ok'); }); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  it('maps groups, environments, folder auth (as a profile) and template syntax; drops hawk with a note', () => {
    const r = parseInsomnia(readInput(JSON.stringify(v4)));
    expect(r.collection?.name).toBe('Shop');
    expect(r.collection?.variables.map((v) => v.key)).toEqual(['base', 'nested.id']);
    expect(r.environments.map((e) => e.name)).toEqual(['Local']);
    expect(r.environments[0]?.profiles.Orders).toEqual({ type: 'bearer', token: '{{token}}', prefix: 'Bearer' });
    const reqs = requests(r.collection?.items ?? []);
    expect(reqs.map((q) => q.name)).toEqual(['Login', 'Create']);
    expect(reqs[1]?.url).toBe('{{base}}/orders/{{nested.id}}');
    expect(reqs[0]?.description).toMatch(/x-unsupported insomnia auth hawk/);
    expect(reqs[0]?.description).not.toContain('"k"');
    expect(r.report.notCarried.map((n) => n.place)).toEqual(['resources[5].authentication']);
  });

  it('produces requests the engine prepares against a local server', async () => {
    const port = (server.address() as AddressInfo).port;
    const r = parseInsomnia(readInput(JSON.stringify(v4)));
    const collection = r.collection as Collection;
    const env = { ...r.environments[0]!, variables: [{ key: 'base', value: `http://127.0.0.1:${port}`, secret: false, enabled: true }, { key: 'token', value: 'tkn', secret: false, enabled: true }] };
    const folder = collection.items[0];
    if (folder?.kind !== 'folder') throw new Error('expected a folder');
    const create = folder.items.find((i) => i.name === 'Create') as Request;
    const { scopeFrom } = await import('../../../shared/variables');
    const p = prepare({
      request: create, folders: [folder], collection, environment: env,
      scopes: { environment: scopeFrom(env.variables), collection: scopeFrom(collection.variables) },
      dynamic: { now: () => new Date(0), random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' },
    });
    expect(p.auth).toEqual({ type: 'bearer', token: 'tkn', prefix: 'Bearer' });
    expect(p.request.url).toBe(`http://127.0.0.1:${port}/orders/7?dry=1`);
    const res = await fetch(p.request.url, { method: p.request.method, headers: [...p.request.headers, ['authorization', `Bearer ${p.auth.type === 'bearer' ? p.auth.token : ''}`]], body: p.request.body.kind === 'bytes' ? Buffer.from(p.request.body.data) : undefined });
    expect(res.status).toBe(200);
    expect(got.at(-1)).toMatchObject({ method: 'POST', url: '/orders/7?dry=1', auth: 'Bearer tkn', body: '{"n":1}' });
  });

  it('reads the v5 YAML of newer versions', async () => {
    const yaml = `type: collection.insomnia.rest/5.0\nname: W\ncollection:\n  - name: F\n    children:\n      - name: R\n        url: "{{ _.host }}/r"\n        method: get\n        authentication:\n          type: basic\n          username: ada\n          password: pw\nenvironments:\n  name: Base\n  data:\n    host: http://h\n  subEnvironments:\n    - name: Prod\n      data:\n        host: https://p\n`;
    const r = await importText(yaml);
    expect(r.report).toMatchObject({ format: 'insomnia', requests: 1, folders: 1, environments: 1 });
    expect(requests(r.collection?.items ?? [])[0]).toMatchObject({ url: '{{host}}/r', method: 'GET', auth: { type: 'basic', username: 'ada' } });
  });
});
