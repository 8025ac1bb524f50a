import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

/** The resource indicator of the test API: tokens are issued for it and it accepts only those. */
export const API_RESOURCE = 'urn:keyhole:test-api';
export const API_SCOPE = 'api:read';
/** The one user of the test authorization server. */
export const USER = { login: 'alice', password: 'correct horse battery staple' };

export interface OAuthServer extends RunningServer {
  issuer: string;
  provider: Provider;
  /** Token endpoint calls seen, by grant_type, so tests can count fetches. */
  tokenRequests: string[];
  /**
   * Ends one access token server-side (as an expiry or an admin action would) while its grant and
   * refresh token stay valid; RFC 7009 revocation in oidc-provider would revoke the whole grant.
   */
  invalidate(accessToken: string): Promise<void>;
}

export interface OAuthServerOptions {
  clients: ClientMetadata[];
  /** Lifetime of access tokens for the test API, in seconds. */
  accessTokenTtl?: number;
}

/**
 * A real OpenID Connect provider (panva/oidc-provider) on 127.0.0.1:0 with client credentials,
 * device flow, resource indicators (opaque access tokens for API_RESOURCE), introspection and
 * revocation. The issuer carries the chosen port, so the HTTP server listens before the provider
 * is built. Interactions (login, consent) are a minimal HTML form at /interaction/:uid that a test
 * "browser" submits; login checks USER's password, consent grants what was asked.
 */
export async function startOAuthServer(opts: OAuthServerOptions): Promise<OAuthServer> {
  const tokenRequests: string[] = [];
  // No handler yet: the provider needs the issuer, which needs the port.
  const server = createServer();
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' };
  const ttl = opts.accessTokenTtl ?? 300;

  const config: Configuration = {
    clients: opts.clients,
    jwks: { keys: [jwk] },
    cookies: { keys: ['keyhole-test-cookie-key'] },
    scopes: ['openid', 'offline_access', API_SCOPE],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    interactions: { url: (_ctx, interactionDetails) => `/interaction/${interactionDetails.uid}` },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: ttl, ClientCredentials: ttl, DeviceCode: 120, RefreshToken: 3600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      introspection: { enabled: true, allowedPolicy: () => true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== API_RESOURCE) throw new Provider.errors.InvalidTarget();
          return { scope: API_SCOPE, audience: API_RESOURCE, accessTokenTTL: ttl, accessTokenFormat: 'opaque' };
        },
      },
    },
  };
  const provider = new Provider(issuer, config);
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      void interaction(provider, req, res).catch((e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e)));
      return;
    }
    callback(req, res);
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    tokenRequests.push(String(ctx.oidc.params?.grant_type ?? ''));
  });
  // oidc-provider logs every rejected request; tests assert on them instead.
  provider.on('server_error', () => undefined);

  return {
    url: issuer,
    issuer,
    port,
    provider,
    tokenRequests,
    invalidate: async (token) => {
      const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
      if (!found) throw new Error('no such access token');
      await found.destroy();
    },
    close: () => closeServer(server, sockets),
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const page = (body: string) => `<!DOCTYPE html><html><body>${body}</body></html>`;

async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (req.method === 'GET') {
    const form = prompt.name === 'login'
      ? `<form method="post" action="/interaction/${uid}"><input name="login"><input type="password" name="password"><button>Sign in</button></form>`
      : `<form method="post" action="/interaction/${uid}"><input type="hidden" name="consent" value="yes"><button>Allow</button></form>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`<h1>${prompt.name}</h1>${form}`));
    return;
  }
  const form = await readForm(req);
  if (prompt.name === 'login') {
    if (form.get('login') !== USER.login || form.get('password') !== USER.password) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'wrong username or password' }, { mergeWithLastSubmission: false });
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: USER.login } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session?.accountId ?? USER.login, clientId: String(params.client_id) });
  if (!grant) throw new Error('grant not found');
  const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
