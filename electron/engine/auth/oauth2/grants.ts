import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { profileSecrets, stepFailure } from './failure';
import type { OAuth2, ServerSession } from './oauth2-types';

/** scope, audience (Auth0-style) and resource (RFC 8707) as the profile sets them. */
export function extraParameters(auth: OAuth2, include: { scope: boolean } = { scope: true }): URLSearchParams {
  const p = new URLSearchParams();
  if (include.scope && auth.scope) p.set('scope', auth.scope);
  if (auth.audience) p.set('audience', auth.audience);
  if (auth.resource) p.set('resource', auth.resource);
  return p;
}

export function tokenEndpoint(s: ServerSession): string {
  return s.as.token_endpoint ?? s.auth.tokenUrl ?? '';
}

/**
 * Runs one token endpoint round trip and maps every failure (transport, HTML, OAuth error) to a
 * KeyholeError naming the profile and the endpoint.
 */
export async function atTokenEndpoint(s: ServerSession, what: string, run: () => Promise<oauth.TokenEndpointResponse>): Promise<oauth.TokenEndpointResponse> {
  try {
    return await run();
  } catch (e) {
    throw stepFailure(e, { what, endpoint: 'token endpoint', url: tokenEndpoint(s) }, s.ctx, s.http.last(), profileSecrets(s.auth));
  }
}

/**
 * The server metadata to check a token response against. With a token URL but no issuer there is
 * nothing to check an ID token's `iss` against; Keyhole uses only the access token, so it takes
 * the issuer the ID token names rather than refuse a working token endpoint.
 */
export async function metadataFor(s: ServerSession, res: Response): Promise<oauth.AuthorizationServer> {
  if (s.auth.issuer) return s.as;
  try {
    const body = (await res.clone().json()) as { id_token?: unknown };
    if (typeof body.id_token !== 'string') return s.as;
    const { iss } = decodeJwt(body.id_token);
    return typeof iss === 'string' ? { ...s.as, issuer: iss } : s.as;
  } catch {
    return s.as; // Not JSON, or not a JWT: processing reports it properly.
  }
}

/** RFC 6749 §4.4. */
export function clientCredentialsGrant(s: ServerSession): Promise<oauth.TokenEndpointResponse> {
  return atTokenEndpoint(s, 'token request', async () => {
    const res = await oauth.clientCredentialsGrantRequest(s.as, s.client, s.clientAuth, extraParameters(s.auth), s.options);
    return oauth.processClientCredentialsResponse(await metadataFor(s, res), s.client, res);
  });
}

/** RFC 6749 §4.3 (deprecated by OAuth 2.1, still common behind corporate gateways). */
export function passwordGrant(s: ServerSession): Promise<oauth.TokenEndpointResponse> {
  return atTokenEndpoint(s, 'token request', async () => {
    const params = extraParameters(s.auth);
    params.set('username', s.auth.username ?? '');
    params.set('password', s.auth.password ?? '');
    const res = await oauth.genericTokenEndpointRequest(s.as, s.client, s.clientAuth, 'password', params, s.options);
    return oauth.processGenericTokenEndpointResponse(await metadataFor(s, res), s.client, res);
  });
}

/** RFC 6749 §6. Scope is left out so the server keeps the originally granted one. */
export function refreshGrant(s: ServerSession, refreshToken: string): Promise<oauth.TokenEndpointResponse> {
  return atTokenEndpoint(s, 'refresh request', async () => {
    const res = await oauth.refreshTokenGrantRequest(s.as, s.client, s.clientAuth, refreshToken, {
      ...s.options,
      additionalParameters: extraParameters(s.auth, { scope: false }),
    });
    return oauth.processRefreshTokenResponse(await metadataFor(s, res), s.client, res);
  });
}
