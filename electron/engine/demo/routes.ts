import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { DigestGuard } from './digest';
import { streamBytes } from './stream-bytes';
import { checkToken, issueToken } from './tokens';

export interface DemoContext {
  /** This server's origin, and the second listener's (a different port is a different origin). */
  origin: string;
  otherOrigin: string;
  now: () => Date;
  sessions: Map<string, number>;
  /** RFC 7616 Digest for user demo; nonces go stale after a minute (stale=true, as servers do). */
  digest: DigestGuard;
}

export const DEMO_USER = { username: 'demo', password: 'demo-password' };
export const DEMO_API_KEY = 'demo-api-key-0123456789';
export const DEMO_CLIENT = { id: 'demo-client', secret: 'demo-client-secret' };
const SESSION_TTL_S = 900;

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL, ctx: DemoContext) => Promise<void> | void;

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function bearerOf(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

async function requireBearer(req: IncomingMessage, res: ServerResponse, ctx: DemoContext, scope?: string): Promise<boolean> {
  const token = bearerOf(req);
  if (!token) {
    json(res, 401, { error: 'authentication required' }, { 'www-authenticate': 'Bearer realm="keyhole-demo"' });
    return false;
  }
  const check = await checkToken(token, ctx.now());
  if (!check.ok) {
    json(res, 401, { error: check.error, error_description: check.description }, { 'www-authenticate': `Bearer realm="keyhole-demo", error="invalid_token", error_description="${check.description}"` });
    return false;
  }
  if (scope && !check.scope.includes(scope)) {
    json(res, 403, { error: 'insufficient_scope' }, { 'www-authenticate': `Bearer realm="keyhole-demo", error="insufficient_scope", scope="${scope}"` });
    return false;
  }
  return true;
}

export const routes: Record<string, Handler> = {
  'GET /health': (_q, res) => json(res, 200, { ok: true }),
  '* /echo': (req, res, body, url) => json(res, 200, {
    method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: body.toString('utf8'),
  }),
  'GET /basic/protected': (req, res) => {
    const expected = `Basic ${Buffer.from(`${DEMO_USER.username}:${DEMO_USER.password}`).toString('base64')}`;
    if (req.headers.authorization === expected) return json(res, 200, { user: DEMO_USER.username });
    json(res, 401, { error: 'bad credentials' }, { 'www-authenticate': 'Basic realm="keyhole-demo", charset="UTF-8"' });
  },
  '* /digest/protected': (req, res, body, _u, ctx) => ctx.digest.handle(req, body, res),
  'GET /apikey/items': (req, res) => {
    if (req.headers['x-api-key'] === DEMO_API_KEY) return json(res, 200, { items: [1, 2, 3] });
    json(res, 401, { error: 'missing or unknown API key; send it in the X-API-Key header' }, { 'www-authenticate': 'ApiKey realm="keyhole-demo", header="X-API-Key"' });
  },
  // OAuth 2.0 client credentials (RFC 6749 §4.4) with client_secret_basic or _post.
  'POST /oauth/token': async (req, res, body, _url, ctx) => {
    const form = new URLSearchParams(body.toString('utf8'));
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent) as [string, string];
    if (form.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
    if (id !== DEMO_CLIENT.id || secret !== DEMO_CLIENT.secret) return json(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="keyhole-demo-token"' });
    const expiresIn = Number(form.get('expires_in') ?? 300);
    const token = await issueToken({ scope: form.get('scope') ?? 'orders:read', expiresIn, now: ctx.now() });
    json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: form.get('scope') ?? 'orders:read' });
  },
  // A token that expired 7 minutes ago, for demonstrating the explainer.
  'GET /oauth/expired-token': async (_req, res, _b, _u, ctx) => {
    json(res, 200, { access_token: await issueToken({ expiresIn: -420, now: ctx.now() }) });
  },
  'GET /bearer/me': async (req, res, _b, _u, ctx) => {
    if (await requireBearer(req, res, ctx)) json(res, 200, { user: 'demo-user' });
  },
  'POST /bearer/orders': async (req, res, _b, _u, ctx) => {
    if (await requireBearer(req, res, ctx, 'orders:write')) json(res, 201, { created: true });
  },
  // Accepts either scheme, so one auth profile slot can bind Basic in one environment and an
  // OAuth 2.0 token in another and the same request passes with both.
  'GET /admin/report': async (req, res, _b, _u, ctx) => {
    const basic = `Basic ${Buffer.from(`${DEMO_USER.username}:${DEMO_USER.password}`).toString('base64')}`;
    if (req.headers.authorization === basic) return json(res, 200, { report: 'ok', via: 'basic' });
    if (!bearerOf(req)) {
      return json(res, 401, { error: 'authentication required' }, { 'www-authenticate': ['Basic realm="keyhole-demo"', 'Bearer realm="keyhole-demo"'] });
    }
    if (await requireBearer(req, res, ctx)) json(res, 200, { report: 'ok', via: 'bearer' });
  },
  'POST /session/login': (_req, res, body, _u, ctx) => {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('username') !== DEMO_USER.username || form.get('password') !== DEMO_USER.password) return json(res, 401, { error: 'bad credentials' }, { 'www-authenticate': 'Form realm="keyhole-demo"' });
    const sid = crypto.randomUUID();
    ctx.sessions.set(sid, ctx.now().getTime() + SESSION_TTL_S * 1000);
    json(res, 200, { ok: true }, { 'set-cookie': `sid=${sid}; Path=/session; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_S}` });
  },
  'GET /session/me': (req, res, _b, _u, ctx) => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const until = sid ? ctx.sessions.get(sid) : undefined;
    if (sid && until !== undefined && until > ctx.now().getTime()) return json(res, 200, { user: DEMO_USER.username });
    const clear: Record<string, string> = sid ? { 'set-cookie': 'sid=; Path=/session; Max-Age=0' } : {};
    json(res, 401, { error: sid ? 'session expired' : 'login required', login: '/session/login' }, clear);
  },
  // Sends the client to the other origin: a correct client drops Authorization on the way.
  'GET /redirect/cross-origin': (_req, res, _b, _u, ctx) => {
    res.writeHead(302, { location: `${ctx.otherOrigin}/bearer/me` });
    res.end();
  },
  'GET /redirect/same-origin': (_req, res) => {
    res.writeHead(302, { location: '/bearer/me' });
    res.end();
  },
  'GET /forbidden': async (req, res, _b, _u, ctx) => {
    if (await requireBearer(req, res, ctx)) json(res, 403, { error: 'forbidden', message: 'User demo-user lacks the permission admin:reports' });
  },
  'GET /gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify({ compressed: true, filler: 'x'.repeat(2000) })));
  },
  'GET /large': (_req, res, _b, url) => {
    const bytes = Math.min(Number(url.searchParams.get('bytes') ?? 1_000_000), 200 * 1024 * 1024);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes) });
    streamBytes(res, bytes);
  },
};

export function findRoute(method: string, path: string): Handler | undefined {
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) return (_req, res) => json(res, Number(status[1]), { status: Number(status[1]) });
  return routes[`${method} ${path}`] ?? routes[`* ${path}`];
}
