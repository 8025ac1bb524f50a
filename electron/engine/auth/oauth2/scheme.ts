import type * as oauth from 'oauth4webapi';
import { maskSecret, maskToken } from '../../../../shared/mask';
import type { PreparedRequest } from '../../http/types';
import type { AuthContext, AuthScheme } from '../types';
import { authorizationCodeGrant } from './authorization-code';
import { bearerError } from './bearer-challenge';
import { deviceCodeGrant, realSleep, type Sleep } from './device-code';
import { clientCredentialsGrant, passwordGrant, refreshGrant, tokenEndpoint } from './grants';
import type { OAuth2, OAuth2SchemeOptions, ServerSession } from './oauth2-types';
import { openSession } from './session';
import { isFresh, secondsLeft, shareInFlight, tokenCacheKey, toCachedToken, type CachedToken } from './token-store';

const GRANT_WORDS: Record<OAuth2['grant'], string> = {
  client_credentials: 'client credentials grant',
  password: 'resource owner password grant',
  authorization_code: 'authorization code grant',
  device_code: 'device authorization grant',
  refresh_token: 'refresh token grant',
};

/**
 * OAuth 2.0 (RFC 6749 and friends) as a Keyhole auth scheme: gets a token with the profile's
 * grant, caches it per environment and profile, refreshes it shortly before it expires, and
 * answers one `401 invalid_token` with a new token and one retry.
 */
export function createOAuth2Scheme(options: OAuth2SchemeOptions = {}): AuthScheme<OAuth2> {
  const browserTimeoutMs = options.browserTimeoutMs ?? 5 * 60_000;
  const sleep: Sleep = options.sleep ?? realSleep;
  const defaultSkew = options.defaultSkewSeconds ?? 30;

  async function currentToken(auth: OAuth2, ctx: AuthContext): Promise<CachedToken> {
    const key = tokenCacheKey(auth, ctx);
    const cached = ctx.cache.get<CachedToken>(key);
    const now = ctx.now();
    if (cached && isFresh(cached, now, auth.tokenCacheSkewSeconds ?? defaultSkew)) {
      const left = secondsLeft(cached, now);
      ctx.log(`using the cached access token ${maskToken(cached.accessToken)}${left === undefined ? '' : ` (expires in ${left} s)`}`);
      return cached;
    }
    if (cached) ctx.log(`the cached access token ${maskToken(cached.accessToken)} ${cached.expiresAt === 0 ? 'was refused' : 'expires soon or has expired'}`);
    return shareInFlight(ctx.cache, key, () => renew(auth, ctx, key, cached));
  }

  async function renew(auth: OAuth2, ctx: AuthContext, key: string, cached: CachedToken | undefined): Promise<CachedToken> {
    const s = await openSession(auth, ctx);
    const refreshToken = cached?.refreshToken ?? (auth.grant === 'refresh_token' ? auth.refreshToken : undefined);
    if (refreshToken) {
      try {
        const token = toCachedToken(await refreshGrant(s, refreshToken), ctx.now(), refreshToken);
        ctx.cache.set(key, token);
        ctx.log(`refreshed the access token at ${tokenEndpoint(s)} with the refresh token ${maskSecret(refreshToken)}: ${describe(token, ctx)}`);
        return token;
      } catch (e) {
        if (auth.grant === 'refresh_token') throw e;
        ctx.log(`refreshing failed (${e instanceof Error ? e.message : String(e)}); using the ${GRANT_WORDS[auth.grant]} again`);
      }
    }
    const token = toCachedToken(await fullGrant(s), ctx.now());
    ctx.cache.set(key, token);
    ctx.log(`got an access token from ${tokenEndpoint(s)} with the ${GRANT_WORDS[auth.grant]} (${auth.clientAuth}): ${describe(token, ctx)}`);
    return token;
  }

  function fullGrant(s: ServerSession): Promise<oauth.TokenEndpointResponse> {
    switch (s.auth.grant) {
      case 'client_credentials': return clientCredentialsGrant(s);
      case 'password': return passwordGrant(s);
      case 'refresh_token': return refreshGrant(s, s.auth.refreshToken ?? '');
      case 'authorization_code': return authorizationCodeGrant(s, browserTimeoutMs);
      case 'device_code': return deviceCodeGrant(s, sleep);
    }
  }

  return {
    type: 'oauth2',
    label: 'OAuth 2.0',
    async apply(auth, req, ctx) {
      const token = await currentToken(auth, ctx);
      return withToken(req, auth, token.accessToken);
    },
    async retry(auth, req, refused, ctx, attempt) {
      // A new token refused again is not made good by yet another one.
      if (attempt > 1 || refused.response.status !== 401 || bearerError(refused.response.headers) !== 'invalid_token') return null;
      ctx.log('the API answered 401 invalid_token: getting a new access token and retrying once');
      const key = tokenCacheKey(auth, ctx);
      const cached = ctx.cache.get<CachedToken>(key);
      // Another request may already have replaced the refused token; only a token that was
      // actually refused is marked stale (its refresh token is kept).
      if (cached && cached.accessToken === tokenIn(req, auth)) ctx.cache.set(key, { ...cached, expiresAt: 0 });
      const token = await currentToken(auth, ctx);
      return withToken(req, auth, token.accessToken);
    },
  };
}

function describe(token: CachedToken, ctx: AuthContext): string {
  const left = secondsLeft(token, ctx.now());
  return [
    maskToken(token.accessToken),
    left === undefined ? 'no expiry given' : `expires in ${left} s`,
    token.refreshToken ? 'with a refresh token' : 'no refresh token',
    ...(token.scope ? [`scope "${token.scope}"`] : []),
  ].join(', ');
}

function headerValue(auth: OAuth2, accessToken: string): string {
  return auth.tokenPrefix ? `${auth.tokenPrefix} ${accessToken}` : accessToken;
}

function tokenIn(req: PreparedRequest, auth: OAuth2): string | undefined {
  const value = req.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  if (value === undefined) return undefined;
  return auth.tokenPrefix && value.startsWith(`${auth.tokenPrefix} `) ? value.slice(auth.tokenPrefix.length + 1) : value;
}

/** Returns a copy of the request carrying the token; any earlier Authorization is replaced. */
function withToken(req: PreparedRequest, auth: OAuth2, accessToken: string): PreparedRequest {
  return {
    ...req,
    headers: [...req.headers.filter(([k]) => k.toLowerCase() !== 'authorization'), ['Authorization', headerValue(auth, accessToken)]],
    credentialHeaders: req.credentialHeaders.includes('authorization') ? req.credentialHeaders : [...req.credentialHeaders, 'authorization'],
  };
}
