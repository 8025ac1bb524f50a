import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type HttpTestServer } from './http';

export interface PasswordServer extends HttpTestServer {
  /** grant_type of every token request, in order. */
  tokenRequests: string[];
}

export interface PasswordServerOptions {
  client: { id: string; secret: string };
  user: { username: string; password: string };
  expiresIn?: number;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers }).end(JSON.stringify(body));
}

/**
 * oidc-provider does not implement the resource owner password grant (OAuth 2.1 drops it), so this
 * is a small token endpoint written from RFC 6749 §4.3, §5 and §2.3.1: it authenticates the client
 * (HTTP Basic with form-encoded id and secret, or the two body parameters, never both), checks the
 * user's password, and issues opaque bearer tokens that GET /api accepts. It also serves the bad
 * endpoints error tests need: /html (a login page with 200), /silent (never answers).
 */
export async function startPasswordServer(opts: PasswordServerOptions): Promise<PasswordServer> {
  const tokenRequests: string[] = [];
  const issued = new Set<string>();
  const refreshTokens = new Set<string>();
  const server = await startHttpServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body><h1>Please sign in</h1></body></html>');
        return;
      }
      if (path === '/silent') return; // Never answers: the client's timeout must end it.
      if (path === '/api') {
        const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (token && issued.has(token)) json(res, 200, { ok: true });
        else res.writeHead(401, { 'www-authenticate': token ? 'Bearer error="invalid_token"' : 'Bearer' }).end();
        return;
      }
      if (path !== '/token' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const form = new URLSearchParams(await readBody(req));
      tokenRequests.push(form.get('grant_type') ?? '');
      const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      let clientId: string | null = form.get('client_id');
      let clientSecret: string | null = form.get('client_secret');
      if (basic) {
        if (clientSecret !== null) return json(res, 400, { error: 'invalid_request', error_description: 'more than one client authentication method' });
        const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':');
        clientId = decodeURIComponent(id.replace(/\+/g, ' '));
        clientSecret = decodeURIComponent(secret.replace(/\+/g, ' '));
      }
      if (clientId !== opts.client.id || clientSecret !== opts.client.secret) {
        return json(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="token"' });
      }
      const grant = form.get('grant_type');
      if (grant === 'password') {
        if (form.get('username') !== opts.user.username || form.get('password') !== opts.user.password) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'the resource owner credentials are not valid' });
        }
      } else if (grant === 'refresh_token') {
        const rt = form.get('refresh_token') ?? '';
        if (!refreshTokens.delete(rt)) return json(res, 400, { error: 'invalid_grant', error_description: 'unknown refresh token' });
      } else {
        return json(res, 400, { error: 'unsupported_grant_type' });
      }
      const accessToken = randomBytes(24).toString('base64url');
      const refreshToken = randomBytes(24).toString('base64url');
      issued.add(accessToken);
      refreshTokens.add(refreshToken);
      json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: opts.expiresIn ?? 3600, refresh_token: refreshToken, scope: form.get('scope') ?? undefined });
    })().catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  return Object.assign(server, { tokenRequests });
}
