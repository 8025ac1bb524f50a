// The explainer's speed and memory targets: a 10,000-entry HAR explained in under
// 2 s, memory growing linearly with the file, one JWT decode and one exchange explained well
// under a millisecond. Run alone with `npx tsx bench/explain.ts`, or from `npm run bench`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeToken, explainExchanges, harToExchanges } from '../shared/inspector';
import { encodeBase64url } from '../shared/inspector/jwt';
import type { BenchFigure } from './measure';

const T0 = Date.parse('2026-11-20T09:30:00Z');
const b64 = (v: unknown): string => encodeBase64url(new TextEncoder().encode(JSON.stringify(v)));
const sig = 'RoDCWsjSagW0zmCnEYk_ZYJ1NAZIorBivJL46e4YtesxiRMFo1j73641eKj8f1t6r6B50fRdF4wdxoCjFf1uFtpoZwJywxyop1PtseQ';

function token(i: number, exp: number, extra: Record<string, unknown> = {}): string {
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: `k${i % 3}` })}.${b64({ iss: 'https://auth.example.com/', aud: 'https://api.example.com', sub: `u-${i}`, iat: exp - 3600, exp, scope: 'orders:read', ...extra })}.${sig}`;
}

type H = [string, string][];
interface Spec { method?: string; url: string; req?: H; status: number; res?: H; body?: string; redirect?: string }

/** One step of a realistic session: three in four calls succeed; the rest cover every kind of refusal. */
function step(i: number): Spec[] {
  const s = Math.floor((T0 + i * 1000) / 1000);
  const api = 'https://api.example.com/v1';
  const ok = (t: string): Spec => ({ url: `${api}/orders/${i}`, req: [['Authorization', `Bearer ${t}`], ['Accept', 'application/json']], status: 200, res: [['Content-Type', 'application/json']], body: JSON.stringify({ id: i, items: [1, 2, 3], total: 42.5 }) });
  switch (i % 40) {
    case 1: return [{ url: `${api}/me`, req: [['Authorization', `Bearer ${token(i, s - 420)}`]], status: 401, res: [['WWW-Authenticate', 'Bearer realm="api", error="invalid_token", error_description="The access token expired"']] }];
    case 3: return [{ url: `${api}/orders`, status: 401, res: [['WWW-Authenticate', 'Bearer realm="api"']] }];
    case 5: return [{ url: `${api}/orders`, req: [['Authorization', 'Basic YWxpY2U6d29uZGVybGFuZA==']], status: 401, res: [['WWW-Authenticate', 'Bearer realm="api"']] }];
    case 7: return [{ method: 'POST', url: `${api}/orders`, req: [['Authorization', `Bearer ${token(i, s + 600)}`]], status: 403, res: [['WWW-Authenticate', 'Bearer error="insufficient_scope", scope="orders:write"']], body: '{"error":"insufficient_scope"}' }];
    case 9: return [{ url: 'https://app.example.com/login', method: 'POST', status: 200, res: [['Set-Cookie', `sid=${i}c4ca4238a0b923820dcc509a6f75849b; Path=/; HttpOnly; Secure`]] },
      { url: 'https://app.example.com/api/account', status: 401, body: '{"error":"not_authenticated","message":"Login required"}' }];
    case 11: return [{ url: `${api}/files/${i}`, req: [['Authorization', 'Bearer 9f86d081884c7d659a2feaa0c55ad015']], status: 302, res: [['Location', `https://files.example-cdn.net/${i}`]], redirect: `https://files.example-cdn.net/${i}` },
      { url: `https://files.example-cdn.net/${i}`, status: 401, res: [['WWW-Authenticate', 'Bearer realm="files"']] }];
    case 13: return [{ url: `${api}/status`, status: 407, res: [['Proxy-Authenticate', 'Basic realm="Corporate Proxy"']] }];
    case 15: return [{ url: `https://api.example.com/v2/weather?city=Jakarta&api_key=4f1c2d3e5a6b${i}`, status: 401, body: '{"message":"Missing API key: send it in the \'X-API-Key\' header"}' }];
    case 17: return [{ url: `${api}/me`, req: [['Authorization', 'Bearer 2c26b46b68ffc68ff99b453c1d304134']], status: 403, res: [['Server', 'cloudflare']], body: '{"message":"Requests from VPN or proxy networks are not allowed. Your IP 203.0.113.7 is blocked."}' }];
    case 19: return [{ url: 'http://camera.example.com/snap', req: [['Authorization', 'Digest username="v", realm="cam", nonce="a1", uri="/snap", response="6629fae49393a05397450978507c4ef1"']], status: 401, res: [['WWW-Authenticate', 'Digest realm="cam", nonce="b2", qop="auth", stale=true']] }];
    default: return [ok(token(i, s + 3600))];
  }
}

export function generateHar(n: number): string {
  const entries: unknown[] = [];
  for (let i = 0; entries.length < n; i++) {
    for (const e of step(i)) {
      if (entries.length >= n) break;
      entries.push({
        startedDateTime: new Date(T0 + i * 1000).toISOString(), time: 40,
        request: { method: e.method ?? 'GET', url: e.url, httpVersion: 'HTTP/1.1', cookies: [], headers: (e.req ?? []).map(([name, value]) => ({ name, value })), queryString: [], headersSize: -1, bodySize: 0 },
        response: { status: e.status, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: (e.res ?? []).map(([name, value]) => ({ name, value })), content: { size: (e.body ?? '').length, mimeType: 'application/json', text: e.body ?? '' }, redirectURL: e.redirect ?? '', headersSize: -1, bodySize: -1 },
        cache: {}, timings: { send: 1, wait: 38, receive: 1 },
      });
    }
  }
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'keyhole-bench', version: '1' }, entries } });
}

function explainHar(text: string): number {
  const parsed = harToExchanges(text);
  if (!parsed.ok) throw parsed.error;
  return explainExchanges(parsed.value).entries.length;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap held by a parsed and explained HAR of n entries (the text, exchanges and report kept alive). */
function heapFor(n: number): number {
  const text = generateHar(n);
  gc();
  const before = process.memoryUsage().heapUsed;
  const parsed = harToExchanges(text);
  if (!parsed.ok) throw parsed.error;
  const report = explainExchanges(parsed.value);
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  if (report.entries.length === 0 || parsed.value.length !== n) throw new Error('nothing explained');
  return grown;
}

function perOp(iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}

export async function benchExplain(): Promise<BenchFigure[]> {
  const text = generateHar(10_000);
  explainHar(generateHar(500));
  const start = performance.now();
  const refused = explainHar(text);
  const ms = performance.now() - start;

  const small = heapFor(2_500);
  const large = heapFor(10_000);
  const ratio = large / small;

  const jwt = token(1, Math.floor(T0 / 1000) - 420);
  const decodeMs = perOp(5_000, () => { decodeToken(jwt, { at: new Date(T0) }); });
  const one = harToExchanges(generateHar(2));
  if (!one.ok) throw one.error;
  const refusal = one.value.filter((e) => e.response.status === 401);
  const explainOneMs = perOp(5_000, () => { explainExchanges(refusal); });

  const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;
  return [
    { name: `explain a 10,000-entry HAR (${refused} refusals)`, value: Math.round(ms), unit: 'ms', target: '< 2000 ms', ok: ms < 2000 },
    { name: 'heap held: 2,500 entries', value: round(small / 1048576, 1), unit: 'MB' },
    { name: 'heap held: 10,000 entries', value: round(large / 1048576, 1), unit: 'MB' },
    { name: 'memory growth 10,000 vs 2,500 entries (linear = 4)', value: round(ratio, 2), unit: 'x', target: '<= 5 (linear)', ok: ratio <= 5 },
    { name: 'decode one JWT (average)', value: round(decodeMs * 1000, 1), unit: 'µs', target: '< 1000 µs', ok: decodeMs < 1 },
    { name: 'explain one refused exchange (average)', value: round(explainOneMs * 1000, 1), unit: 'µs', target: '< 1000 µs', ok: explainOneMs < 1 },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchExplain()) {
    const verdict = f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED';
    process.stdout.write(`${f.name.padEnd(58)} ${String(f.value).padStart(10)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${verdict}\n`);
  }
}
