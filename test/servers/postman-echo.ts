import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync, deflateSync } from 'node:zlib';
import { readRequestBody, startHttpServer, type HttpTestServer } from './http';

/**
 * A local stand-in for Postman Echo (the public API Postman's own sample and template collections
 * call), so the parity corpus runs Postman's collections against 127.0.0.1 only. Routes and answer
 * shapes follow Postman Echo's documented ones: /get, /post, /put, /patch, /delete echo args,
 * headers, form, json and data; /headers, /response-headers, /status/:code, /cookies (set, delete),
 * /basic-auth and /digest-auth (user postman, password password), /delay/:s, /gzip, /deflate,
 * /encoding/utf8, /ip, /redirect-to. Added for the corpus: /xml, /html, /csv, /text and /anything.
 */
export type EchoServer = HttpTestServer;

const DIGEST_REALM = 'Users';
const DIGEST_NONCE = 'ni1LiL0O37PRRhofWdCLmwFsnEtH1lew';

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function text(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function argsOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

function digestParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, '').matchAll(/([a-z]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/gi)) out[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? '';
  return out;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Postman Echo's /digest-auth, as lenient about quoting as the public one: user postman, password password. */
function digestOk(req: IncomingMessage): boolean {
  const p = digestParams(req.headers.authorization ?? '');
  if (p.username !== 'postman' || p.realm !== DIGEST_REALM || p.nonce !== DIGEST_NONCE || !p.uri || !p.response) return false;
  const ha1 = md5(`postman:${DIGEST_REALM}:password`);
  const ha2 = md5(`${req.method}:${p.uri}`);
  const expected = p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
  return expected === p.response;
}

async function handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  const raw = await readRequestBody(req);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const base = { args: argsOf(url), headers: req.headers, url: `${origin}${req.url ?? ''}` };
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) return json(res, Number(status[1]), { status: Number(status[1]) });
  const delay = /^\/delay\/(\d+)$/.exec(path);
  if (delay) {
    await new Promise((r) => setTimeout(r, Math.min(Number(delay[1]), 3) * 100));
    return json(res, 200, { delay: delay[1] });
  }
  switch (path) {
    case '/get':
      return json(res, method === 'GET' || method === 'HEAD' ? 200 : 404, base);
    case '/post': case '/put': case '/patch': case '/delete': case '/anything': {
      if (path !== '/anything' && method !== path.slice(1).toUpperCase()) return json(res, 404, { error: `${method} is not ${path}` });
      const data = raw.toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let parsed: unknown = null;
      let form: Record<string, string | string[]> = {};
      if (/json/.test(type)) { try { parsed = JSON.parse(data); } catch { parsed = null; } }
      if (/x-www-form-urlencoded/.test(type)) form = argsOf(new URL(`http://x/?${data}`));
      return json(res, 200, { ...base, method, data: /json|form-urlencoded/.test(type) ? '' : data, form, files: {}, json: parsed ?? (Object.keys(form).length > 0 ? form : null), bodyBytes: raw.length });
    }
    case '/headers':
      return json(res, 200, { headers: req.headers });
    case '/response-headers': {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of url.searchParams) headers[k] = v;
      return json(res, 200, argsOf(url), headers);
    }
    case '/cookies':
      return json(res, 200, { cookies: cookiesOf(req) });
    case '/cookies/set':
      res.writeHead(302, { location: '/cookies', 'set-cookie': [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`) });
      return void res.end();
    case '/cookies/delete':
      res.writeHead(302, { location: '/cookies', 'set-cookie': [...url.searchParams.keys()].map((k) => `${k}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`) });
      return void res.end();
    case '/basic-auth': {
      const ok = req.headers.authorization === `Basic ${Buffer.from('postman:password').toString('base64')}`;
      return ok ? json(res, 200, { authenticated: true }) : text(res, 401, 'Unauthorized', 'text/plain');
    }
    case '/digest-auth':
      if (digestOk(req)) return json(res, 200, { authenticated: true });
      res.writeHead(401, { 'www-authenticate': `Digest realm="${DIGEST_REALM}", nonce="${DIGEST_NONCE}", qop="auth"`, 'content-type': 'text/plain' });
      return void res.end('Unauthorized');
    case '/gzip': {
      const body = gzipSync(JSON.stringify({ gzipped: true, headers: req.headers }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      return void res.end(body);
    }
    case '/deflate': {
      const body = deflateSync(JSON.stringify({ deflated: true, headers: req.headers }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate', 'content-length': body.length });
      return void res.end(body);
    }
    case '/encoding/utf8':
      return text(res, 200, '<h1>Unicode Demo</h1><p>∮ E⋅da = Q, ḟ ⊆ ℕ₀, Ἰοὺ ἰού</p>', 'text/html; charset=utf-8');
    case '/ip':
      return json(res, 200, { ip: req.socket.remoteAddress });
    case '/redirect-to': {
      const target = url.searchParams.get('url') ?? '/get';
      res.writeHead(Number(url.searchParams.get('status_code') ?? 302), { location: target });
      return void res.end();
    }
    case '/xml':
      return text(res, 200, '<?xml version="1.0"?><catalog><book id="bk101"><author>Gambardella, Matthew</author><title>XML Developer\'s Guide</title><price>44.95</price></book><book id="bk102"><author>Ralls, Kim</author><title>Midnight Rain</title><price>5.95</price></book></catalog>', 'application/xml');
    case '/html':
      return text(res, 200, '<!doctype html><html><head><title>Echo page</title></head><body><h1 class="title">Hello</h1><ul><li>one</li><li>two</li></ul><a href="/get">next</a></body></html>', 'text/html; charset=utf-8');
    case '/csv':
      return text(res, 200, 'id,name,note\n1,Ada,"likes ""quotes"""\n2,Bob,"a, b"\n', 'text/csv');
    case '/text':
      return text(res, 200, url.searchParams.get('body') ?? 'plain text', 'text/plain');
    default:
      return json(res, 404, { error: 'not found', path });
  }
}

/** Starts the echo server on 127.0.0.1:0. */
export async function startEchoServer(): Promise<EchoServer> {
  const holder: { origin: string } = { origin: 'http://127.0.0.1' };
  const server = await startHttpServer((req, res) => {
    handle(req, res, holder.origin).catch((e: unknown) => { res.statusCode = 500; res.end(String(e)); });
  });
  holder.origin = server.url;
  return server;
}
