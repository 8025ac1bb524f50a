import { KeyholeError } from '../../../shared/errors';
import type { ConcreteAuth, Exchange } from '../../../shared/model';
import type { PreparedRequest } from '../http/types';
import { apiKeyScheme } from './apikey';
import { awsV4Scheme } from './awsv4';
import { basicScheme } from './basic';
import { bearerScheme } from './bearer';
import { clientCertScheme } from './clientcert';
import { digestScheme } from './digest';
import { lazyScheme } from './lazy';
import { noneScheme } from './none';
import { oauth1Scheme } from './oauth1';
import type { AuthContext, AuthScheme } from './types';

export type { AuthCache, AuthContext, AuthScheme } from './types';
export { basicCredentials } from './basic';
export { cleanToken } from './bearer';
export { digestResponse, type DigestChallenge } from './digest-response';
export { signAwsV4, type SigV4Input, type SigV4Result } from './awsv4';
export { signatureBaseString, oauth1Signature } from './oauth1-signature';

type SchemeFor<T extends ConcreteAuth['type']> = AuthScheme<Extract<ConcreteAuth, { type: T }>>;

/** Every concrete scheme by its type; the compiler refuses a type without a scheme. */
export const schemes: { [T in ConcreteAuth['type']]: SchemeFor<T> } = {
  none: noneScheme,
  basic: basicScheme,
  bearer: bearerScheme,
  apikey: apiKeyScheme,
  digest: digestScheme,
  // Loaded on first use: they bring oauth4webapi and jose (see lazy.ts).
  oauth2: lazyScheme('oauth2', 'OAuth 2.0', true, async () => (await import('./oauth2')).oauth2Scheme),
  jwt: lazyScheme('jwt', 'JWT Bearer', false, async () => (await import('./jwt')).jwtScheme),
  awsv4: awsV4Scheme,
  oauth1: oauth1Scheme,
  clientcert: clientCertScheme,
};

function schemeOf(auth: ConcreteAuth): AuthScheme {
  const scheme = (schemes as Record<string, AuthScheme | undefined>)[auth.type];
  if (!scheme) {
    throw new KeyholeError('auth-config', `Unknown auth type "${(auth as { type: string }).type}"`, {
      hint: `Use one of: ${Object.keys(schemes).join(', ')}.`,
    });
  }
  return scheme;
}

/** Adds the credentials of `auth` to the request (never mutating it). */
export function applyAuth(auth: ConcreteAuth, req: PreparedRequest, ctx: AuthContext): Promise<PreparedRequest> {
  return schemeOf(auth).apply(auth, req, ctx);
}

/**
 * After a refusal, the request to send once more (Digest answers its challenge, OAuth 2.0
 * refreshes on invalid_token), or null to give up and show the refusal.
 */
export async function retryAuth(auth: ConcreteAuth, req: PreparedRequest, refused: Exchange, ctx: AuthContext): Promise<PreparedRequest | null> {
  const scheme = schemeOf(auth);
  return scheme.retry ? scheme.retry(auth, req, refused, ctx) : null;
}

/**
 * apply → send → (on 401/407) retry → send once more: the whole round trip a scheme may need.
 * One retry is enough for every scheme here (a Digest challenge, a stale nonce on a preemptive
 * request, an OAuth 2.0 refresh), and more could loop on a server that always refuses.
 */
export async function sendWithAuth(auth: ConcreteAuth, req: PreparedRequest, ctx: AuthContext): Promise<Exchange> {
  const first = await applyAuth(auth, req, ctx);
  const exchange = await ctx.send(first);
  if (exchange.response.status !== 401 && exchange.response.status !== 407) return exchange;
  const again = await retryAuth(auth, first, exchange, ctx);
  return again ? ctx.send(again) : exchange;
}
