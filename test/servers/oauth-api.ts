import { request } from 'undici';
import { startHttpServer, type HttpTestServer } from './http';
import { API_RESOURCE } from './oauth-server';

export interface OAuthApi extends HttpTestServer {
  /** Access tokens the API accepted, in order. */
  accepted: string[];
}

/**
 * A protected resource (RFC 6750) that checks every bearer token by introspection (RFC 7662) at
 * the test authorization server, with its own client credentials: only an active token issued for
 * API_RESOURCE passes. Anything else gets 401 with a Bearer challenge, `invalid_token` when a
 * token was sent.
 */
export async function startOAuthApi(opts: { issuer: string; clientId: string; clientSecret: string }): Promise<OAuthApi> {
  const accepted: string[] = [];
  const basic = Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString('base64');
  const server = await startHttpServer((req, res) => {
    void (async () => {
      const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      if (!m?.[1]) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="test-api"' }).end();
        return;
      }
      const token = m[1];
      const answer = await request(`${opts.issuer}/token/introspection`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      const info = (await answer.body.json()) as { active?: boolean; aud?: string | string[]; sub?: string; client_id?: string; scope?: string };
      const audiences = Array.isArray(info.aud) ? info.aud : [info.aud];
      if (!info.active || !audiences.includes(API_RESOURCE)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="test-api", error="invalid_token", error_description="the access token is not active"' }).end();
        return;
      }
      accepted.push(token);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: info.sub, client_id: info.client_id, scope: info.scope }));
    })().catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  return Object.assign(server, { accepted });
}
