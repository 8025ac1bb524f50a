// The Postman v2.1 collection every runner of the bench reads as is: N requests cycling a GET, a
// JSON POST, Basic, Bearer, API key and Digest auth, each with one pm.test; or `large` requests of a
// big body each, whose test checks the size. Digest credentials are literals: Bruno 4.1.0 does not
// resolve {{variables}} in Digest auth (see /work/shared/notes/anchors.md), and every runner must
// read the same file.
import { BENCH_API_KEY, BENCH_TOKEN, BENCH_USER } from './runners-server';

export const KINDS = ['get', 'post', 'basic', 'bearer', 'apikey', 'digest'] as const;
export type Kind = (typeof KINDS)[number];

const kv = (pairs: Record<string, string>) => Object.entries(pairs).map(([key, value]) => ({ key, value, type: 'string' }));
const test = (name: string, body: string) => [{ listen: 'test', script: { type: 'text/javascript', exec: [`pm.test(${JSON.stringify(name)}, function () {`, `    ${body}`, '});'] } }];
const url = (path: string, query?: Record<string, string>) => ({
  raw: `{{baseUrl}}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`, host: ['{{baseUrl}}'], path: path.split('/').filter(Boolean),
  ...(query ? { query: Object.entries(query).map(([key, value]) => ({ key, value })) } : {}),
});

function item(i: number): Record<string, unknown> {
  const kind = KINDS[i % KINDS.length] as Kind;
  const name = `${i + 1} ${kind}`;
  const ok = test('Status code is 200', 'pm.response.to.have.status(200);');
  switch (kind) {
    case 'get': return { name, request: { method: 'GET', header: [], url: url('/health') }, event: ok };
    case 'post': return {
      name, request: { method: 'POST', header: [{ key: 'Content-Type', value: 'application/json' }], url: url('/echo'),
        body: { mode: 'raw', raw: JSON.stringify({ i, name: 'bench' }), options: { raw: { language: 'json' } } } }, event: ok,
    };
    case 'basic': return { name, request: { method: 'GET', header: [], url: url('/basic/protected'), auth: { type: 'basic', basic: kv({ username: '{{username}}', password: '{{password}}' }) } }, event: ok };
    case 'bearer': return { name, request: { method: 'GET', header: [], url: url('/bearer/me'), auth: { type: 'bearer', bearer: kv({ token: '{{token}}' }) } }, event: ok };
    case 'apikey': return { name, request: { method: 'GET', header: [], url: url('/apikey/items'), auth: { type: 'apikey', apikey: kv({ key: 'X-API-Key', value: '{{apiKey}}', in: 'header' }) } }, event: ok };
    case 'digest': return { name, request: { method: 'GET', header: [], url: url('/digest/protected'), auth: { type: 'digest', digest: kv({ username: BENCH_USER.username, password: BENCH_USER.password, algorithm: 'MD5' }) } }, event: ok };
  }
}

function document(name: string, baseUrl: string, items: Record<string, unknown>[]): string {
  return JSON.stringify({
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: items,
    variable: kv({ baseUrl, username: BENCH_USER.username, password: BENCH_USER.password, token: BENCH_TOKEN, apiKey: BENCH_API_KEY }),
  }, null, 1);
}

/** N requests of the six kinds in turn. */
export function mixedCollection(baseUrl: string, n: number): string {
  return document(`bench ${n}`, baseUrl, Array.from({ length: n }, (_, i) => item(i)));
}

/** `count` GETs of `bytes` each; the test checks the body's size, so the body is really read. */
export function largeCollection(baseUrl: string, count: number, bytes: number): string {
  return document(`bench large ${count}x${bytes}`, baseUrl, Array.from({ length: count }, (_, i) => ({
    name: `${i + 1} large`, request: { method: 'GET', header: [], url: url('/large', { bytes: String(bytes) }) },
    event: test('Body has the size asked for', `pm.expect(pm.response.responseSize).to.equal(${bytes});`),
  })));
}
