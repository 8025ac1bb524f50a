import { decodeJwt } from 'jose';
import type * as oauth from 'oauth4webapi';
import type { AuthCache, AuthContext } from '../types';
import type { OAuth2 } from './oauth2-types';

/** A token as kept in the per-environment cache (plain JSON, so the secret store can persist it). */
export interface CachedToken {
  accessToken: string;
  refreshToken?: string | undefined;
  /** Epoch ms after which the token must not be used; undefined when the server gave no lifetime. */
  expiresAt?: number | undefined;
  /** Epoch ms when it was obtained, to size the refresh margin to the token's lifetime. */
  obtainedAt: number;
  scope?: string | undefined;
}

/**
 * One token per environment + profile + (client, authorization server, scope, audience, resource,
 * grant): changing any of those must not reuse a token issued for something else.
 */
export function tokenCacheKey(auth: OAuth2, ctx: Pick<AuthContext, 'profile' | 'environment'>): string {
  return ['oauth2-token', ctx.environment ?? '', ctx.profile ?? '', auth.grant, auth.clientId, auth.tokenUrl ?? auth.issuer ?? '',
    auth.scope ?? '', auth.audience ?? '', auth.resource ?? '', auth.username ?? ''].map((p) => encodeURIComponent(p)).join('|');
}

/**
 * Reads the lifetime from expires_in (RFC 6749 §5.1), else from the access token's own `exp` when
 * it is a JWT. Without either, the token is used until the API refuses it.
 */
export function toCachedToken(res: oauth.TokenEndpointResponse, now: Date, previousRefreshToken?: string): CachedToken {
  const obtainedAt = now.getTime();
  let expiresAt: number | undefined;
  if (typeof res.expires_in === 'number' && Number.isFinite(res.expires_in)) {
    expiresAt = obtainedAt + res.expires_in * 1000;
  } else {
    expiresAt = jwtExpiry(res.access_token);
  }
  return {
    accessToken: res.access_token,
    // RFC 6749 §6: a refresh response may omit refresh_token; the old one stays valid then.
    refreshToken: res.refresh_token ?? previousRefreshToken,
    expiresAt,
    obtainedAt,
    scope: res.scope,
  };
}

function jwtExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined; // Opaque token: its lifetime is the server's business.
  }
}

/**
 * Fresh means usable for one more request: not within `skewSeconds` of expiry. The margin is capped
 * at half the token's lifetime, so a server issuing 10-second tokens does not make every token
 * look stale the moment it arrives.
 */
export function isFresh(token: CachedToken, now: Date, skewSeconds: number): boolean {
  if (token.expiresAt === undefined) return true;
  const lifetime = token.expiresAt - token.obtainedAt;
  const margin = Math.min(skewSeconds * 1000, Math.max(0, lifetime / 2));
  return now.getTime() < token.expiresAt - margin;
}

/** Seconds left, for the log. */
export function secondsLeft(token: CachedToken, now: Date): number | undefined {
  return token.expiresAt === undefined ? undefined : Math.round((token.expiresAt - now.getTime()) / 1000);
}

// Concurrent requests of one profile must share one token fetch (and one browser window). The
// promises cannot live in the AuthCache (it may be persisted), so they hang off it weakly.
const inFlight = new WeakMap<AuthCache, Map<string, Promise<CachedToken>>>();

export function shareInFlight(cache: AuthCache, key: string, run: () => Promise<CachedToken>): Promise<CachedToken> {
  let map = inFlight.get(cache);
  if (!map) {
    map = new Map();
    inFlight.set(cache, map);
  }
  const running = map.get(key);
  if (running) return running;
  const p = run().finally(() => map.delete(key));
  map.set(key, p);
  return p;
}
