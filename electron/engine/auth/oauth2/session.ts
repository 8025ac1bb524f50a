import * as oauth from 'oauth4webapi';
import type { AuthContext } from '../types';
import { clientAuthFor } from './client-auth';
import { engineFetch, type EngineFetch } from './fetch-adapter';
import { configError, profileSecrets, stepFailure } from './failure';
import type { OAuth2, OAuthRequestOptions, ServerSession } from './oauth2-types';

/**
 * Checks the profile, resolves the authorization server's endpoints (explicit URLs win; the rest
 * come from discovery when an issuer is given) and prepares client authentication. Throws
 * auth-config before anything is sent when a field the grant needs is missing or malformed.
 */
export async function openSession(auth: OAuth2, ctx: AuthContext): Promise<ServerSession> {
  checkConfig(auth, ctx);
  const http = engineFetch(ctx.send);
  const options: OAuthRequestOptions = {
    [oauth.customFetch]: http.fetch,
    // Local and staging authorization servers are often plain http; the user chose the URL.
    [oauth.allowInsecureRequests]: true,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  const clientAuth = await clientAuthFor(auth, ctx);
  const as = await serverMetadata(auth, ctx, http, options);
  const client: oauth.Client = { client_id: auth.clientId };
  return { auth, ctx, as, client, clientAuth, http, options };
}

function checkConfig(auth: OAuth2, ctx: AuthContext): void {
  if (!auth.clientId) {
    throw configError(ctx, 'clientId', 'is empty', 'Set the client ID registered with the authorization server.');
  }
  for (const field of ['issuer', 'tokenUrl', 'authorizationUrl', 'deviceAuthorizationUrl', 'redirectUri'] as const) {
    const value = auth[field];
    if (value !== undefined && value !== '' && !URL.canParse(value)) {
      throw configError(ctx, field, `"${value}" is not an absolute URL`, 'Use a full URL such as https://auth.example.com/oauth/token.');
    }
  }
  if (!auth.tokenUrl && !auth.issuer) {
    throw configError(ctx, 'tokenUrl', 'is missing (and no issuer is set to discover it from)', 'Set tokenUrl, or issuer to use OpenID Connect / RFC 8414 discovery.');
  }
  switch (auth.grant) {
    case 'password':
      if (!auth.username) throw configError(ctx, 'username', 'is missing, and the password grant needs it', 'Set the resource owner\'s username.');
      if (!auth.password) throw configError(ctx, 'password', 'is missing, and the password grant needs it', 'Set the resource owner\'s password (kept in the secret store).');
      break;
    case 'refresh_token':
      if (!auth.refreshToken) throw configError(ctx, 'refreshToken', 'is missing, and the refresh_token grant needs it', 'Paste a refresh token, or use an interactive grant to obtain one.');
      break;
    case 'authorization_code':
      if (!auth.authorizationUrl && !auth.issuer) throw configError(ctx, 'authorizationUrl', 'is missing (and no issuer is set to discover it from)', 'Set authorizationUrl or issuer.');
      if (!ctx.openBrowser) throw configError(ctx, 'grant', '"authorization_code" needs a browser, and none is available here', 'Run it from the desktop app or the CLI in a terminal, or use the device_code grant.');
      break;
    case 'device_code':
      if (!auth.deviceAuthorizationUrl && !auth.issuer) throw configError(ctx, 'deviceAuthorizationUrl', 'is missing (and no issuer is set to discover it from)', 'Set deviceAuthorizationUrl or issuer.');
      if (!ctx.prompt) throw configError(ctx, 'grant', '"device_code" needs to show a code to the user, and nothing can show it here', 'Run it from the desktop app or the CLI in a terminal.');
      break;
    case 'client_credentials':
      break;
  }
}

function needsDiscovery(auth: OAuth2): boolean {
  if (!auth.issuer) return false;
  if (!auth.tokenUrl) return true;
  if (auth.grant === 'authorization_code' && !auth.authorizationUrl) return true;
  if (auth.grant === 'device_code' && !auth.deviceAuthorizationUrl) return true;
  return false;
}

async function serverMetadata(auth: OAuth2, ctx: AuthContext, http: EngineFetch, options: OAuthRequestOptions): Promise<oauth.AuthorizationServer> {
  const explicit = {
    ...(auth.tokenUrl ? { token_endpoint: auth.tokenUrl } : {}),
    ...(auth.authorizationUrl ? { authorization_endpoint: auth.authorizationUrl } : {}),
    ...(auth.deviceAuthorizationUrl ? { device_authorization_endpoint: auth.deviceAuthorizationUrl } : {}),
  };
  // The issuer is the private_key_jwt audience; without one, the token endpoint is what servers accept.
  if (!needsDiscovery(auth) || !auth.issuer) return { issuer: auth.issuer || auth.tokenUrl || '', ...explicit };
  const discovered = await discover(auth.issuer, auth, ctx, http, options);
  const as = { ...discovered, ...explicit };
  if (!as.token_endpoint) {
    throw configError(ctx, 'tokenUrl', `is not set and the discovery document of ${auth.issuer} names no token_endpoint`, 'Set tokenUrl explicitly.');
  }
  return as;
}

/**
 * OpenID Connect discovery first, then RFC 8414 (oauth-authorization-server), the way most
 * clients try them. The document is cached per issuer for the session of this environment.
 */
async function discover(issuer: string, auth: OAuth2, ctx: AuthContext, http: EngineFetch, options: OAuthRequestOptions): Promise<oauth.AuthorizationServer> {
  const cacheKey = `oauth2-metadata|${issuer}`;
  const cached = ctx.cache.get<oauth.AuthorizationServer>(cacheKey);
  if (cached) return cached;
  const issuerUrl = new URL(issuer);
  let firstError: unknown;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    const wellKnown = algorithm === 'oidc' ? 'openid-configuration' : 'oauth-authorization-server';
    try {
      const response = await oauth.discoveryRequest(issuerUrl, { ...options, algorithm });
      const as = await oauth.processDiscoveryResponse(issuerUrl, response);
      ctx.cache.set(cacheKey, as);
      ctx.log(`discovered the endpoints of ${issuer} from its ${wellKnown} document`);
      return as;
    } catch (e) {
      // A transport failure will not get better with the second URL.
      if (e instanceof Error && 'code' in e && ['timeout', 'network', 'tls', 'proxy', 'cancelled'].includes(String(e.code))) {
        throw stepFailure(e, { what: 'discovery request', endpoint: 'discovery endpoint', url: issuer }, ctx, http.last(), profileSecrets(auth));
      }
      firstError ??= e;
    }
  }
  const last = http.last();
  throw stepFailure(firstError, { what: 'discovery request', endpoint: 'discovery endpoint', url: last?.url ?? issuer }, ctx, last, profileSecrets(auth));
}
