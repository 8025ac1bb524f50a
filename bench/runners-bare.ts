// The floor of the runners bench, in its own process: the same requests as the generated
// collection, sent in order with a plain undici loop: no collection, no variables, no scripts.
// Checks what the tests check (status 200; the size of large bodies) and prints one JSON line.
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { KINDS } from './runners-collection';
import { BENCH_API_KEY, BENCH_TOKEN, BENCH_USER } from './runners-server';

const [base, mode, nArg, bytesArg] = process.argv.slice(2);
const n = Number(nArg);
const bytes = Number(bytesArg ?? 0);
if (!base || (mode !== 'mixed' && mode !== 'large') || !Number.isInteger(n)) throw new Error('usage: runners-bare.ts BASE_URL mixed|large N [BYTES]');

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const basic = `Basic ${Buffer.from(`${BENCH_USER.username}:${BENCH_USER.password}`).toString('base64')}`;
let digest: { realm: string; nonce: string; opaque: string; nc: number } | undefined;

function digestHeader(uri: string): string | undefined {
  if (!digest) return undefined;
  const nc = (++digest.nc).toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = md5(`${BENCH_USER.username}:${digest.realm}:${BENCH_USER.password}`);
  const response = md5(`${ha1}:${digest.nonce}:${nc}:${cnonce}:auth:${md5(`GET:${uri}`)}`);
  return `Digest username="${BENCH_USER.username}", realm="${digest.realm}", nonce="${digest.nonce}", uri="${uri}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", opaque="${digest.opaque}"`;
}

function plan(i: number): { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string } {
  if (mode === 'large') return { method: 'GET', path: `/large?bytes=${bytes}`, headers: {} };
  switch (KINDS[i % KINDS.length]) {
    case 'post': return { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i, name: 'bench' }) };
    case 'basic': return { method: 'GET', path: '/basic/protected', headers: { authorization: basic } };
    case 'bearer': return { method: 'GET', path: '/bearer/me', headers: { authorization: `Bearer ${BENCH_TOKEN}` } };
    case 'apikey': return { method: 'GET', path: '/apikey/items', headers: { 'x-api-key': BENCH_API_KEY } };
    case 'digest': { const h = digestHeader('/digest/protected'); return { method: 'GET', path: '/digest/protected', headers: h ? { authorization: h } : {} }; }
    default: return { method: 'GET', path: '/health', headers: {} };
  }
}

const agent = new Agent({ keepAliveTimeout: 30_000 });
let passed = 0;
for (let i = 0; i < n; i++) {
  let p = plan(i);
  let res = await request(`${base}${p.path}`, { method: p.method, headers: p.headers, body: p.body, dispatcher: agent });
  if (res.statusCode === 401 && p.path === '/digest/protected') {
    // The first Digest request learns the nonce; later ones reuse it with a counting nc.
    const h = String(res.headers['www-authenticate'] ?? '');
    const get = (k: string) => new RegExp(`${k}="?([^",]*)"?`).exec(h)?.[1] ?? '';
    digest = { realm: get('realm'), nonce: get('nonce'), opaque: get('opaque'), nc: 0 };
    await res.body.dump();
    p = plan(i);
    res = await request(`${base}${p.path}`, { method: p.method, headers: p.headers, dispatcher: agent });
  }
  let size = 0;
  for await (const chunk of res.body) size += (chunk as Buffer).length;
  if (res.statusCode === 200 && (mode !== 'large' || size === bytes)) passed++;
}
await agent.close();
process.stdout.write(`${JSON.stringify({ requests: n, passed })}\n`);
