// The loopback server the runners bench sends to: the same routes and credentials as the demo
// server, but a Digest check that accepts what newman and Bruno send (they quote `algorithm` and
// `qop`, which the demo's RFC 7616-strict verifier refuses: this bench measures speed, not that),
// and counters of successful responses so a run counts only if the server saw every request.
import { streamBytes } from '../electron/engine/demo/stream-bytes';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BENCH_USER = { username: 'demo', password: 'demo-password' };
export const BENCH_API_KEY = 'demo-api-key-0123456789';
export const BENCH_TOKEN = 'bench-static-token-0123456789abcdef';
const REALM = 'keyhole-bench';

export interface BenchServer {
  url: string;
  /**
   * 2xx responses since the last reset, every other status, and the span from the first request's
   * arrival to the last response's end: the run as the server saw it, without process start-up.
   * firstAt is that first arrival on this process's performance.now() clock (0 before any).
   */
  counts(): { ok: number; refused: number; other: number; spanMs: number; firstAt: number };
  reset(): void;
  close(): Promise<void>;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Digest (MD5, qop=auth) that checks the response hash and ignores how the fields are quoted. */
function digestOk(header: string, method: string, nonces: Set<string>): boolean {
  if (!/^Digest\s/i.test(header)) return false;
  const p = new Map<string, string>();
  for (const m of header.slice(7).matchAll(/([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) p.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? '');
  const nonce = p.get('nonce') ?? '';
  if (p.get('username') !== BENCH_USER.username || !nonces.has(nonce)) return false;
  const ha1 = md5(`${BENCH_USER.username}:${REALM}:${BENCH_USER.password}`);
  const ha2 = md5(`${method}:${p.get('uri') ?? ''}`);
  const qop = p.get('qop');
  const expected = qop ? md5(`${ha1}:${nonce}:${p.get('nc') ?? ''}:${p.get('cnonce') ?? ''}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  return p.get('response') === expected;
}


export async function startBenchServer(): Promise<BenchServer> {
  let ok = 0;
  let refused = 0;
  let other = 0;
  let firstAt = 0;
  let lastAt = 0;
  const nonces = new Set<string>();
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (status < 300) ok++;
    else if (status === 401) refused++;
    else other++;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = req.headers.authorization ?? '';
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /health': return send(res, 200, { ok: true });
      case 'POST /echo': return send(res, 200, { method: req.method, body });
      case 'GET /basic/protected':
        return auth === `Basic ${Buffer.from(`${BENCH_USER.username}:${BENCH_USER.password}`).toString('base64')}`
          ? send(res, 200, { user: BENCH_USER.username }) : send(res, 401, { error: 'bad credentials' }, { 'www-authenticate': `Basic realm="${REALM}"` });
      case 'GET /bearer/me':
        return auth === `Bearer ${BENCH_TOKEN}` ? send(res, 200, { user: 'demo-user' }) : send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': `Bearer realm="${REALM}"` });
      case 'GET /apikey/items':
        return req.headers['x-api-key'] === BENCH_API_KEY ? send(res, 200, { items: [1, 2, 3] }) : send(res, 401, { error: 'no key' }, { 'www-authenticate': `ApiKey realm="${REALM}"` });
      case 'GET /digest/protected': {
        if (digestOk(auth, 'GET', nonces)) return send(res, 200, { user: BENCH_USER.username });
        const nonce = randomBytes(16).toString('hex');
        nonces.add(nonce);
        return send(res, 401, { error: 'digest required' }, { 'www-authenticate': `Digest realm="${REALM}", qop="auth", algorithm=MD5, nonce="${nonce}", opaque="bench"` });
      }
      case 'GET /large': {
        const bytes = Number(url.searchParams.get('bytes') ?? 1_000_000);
        ok++;
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes) });
        return streamBytes(res, bytes);
      }
      default: return send(res, 404, { error: 'not found' });
    }
  };
  const server = createServer((req, res) => {
    if (firstAt === 0) firstAt = performance.now();
    res.on('finish', () => { lastAt = performance.now(); });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => handle(req, res, body));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ok, refused, other, spanMs: lastAt - firstAt, firstAt }),
    reset: () => { ok = 0; refused = 0; other = 0; firstAt = 0; lastAt = 0; nonces.clear(); },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
