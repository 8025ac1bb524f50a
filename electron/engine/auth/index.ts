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
import { MAX_AUTH_RETRIES, type AuthContext, type AuthScheme } from './types';

export { MAX_AUTH_RETRIES, type AuthCache, type AuthContext, type AuthScheme } from './types';
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
 * After a refusal, the request to send again (Digest answers its challenge, OAuth 2.0 refreshes on
 * invalid_token), or null to give up and show the refusal. `attempt` counts from 1.
 */
export async function retryAuth(auth: ConcreteAuth, req: PreparedRequest, refused: Exchange, ctx: AuthContext, attempt = 1): Promise<PreparedRequest | null> {
  const scheme = schemeOf(auth);
  return scheme.retry ? scheme.retry(auth, req, refused, ctx, attempt) : null;
}

/**
 * apply → send → (on 401/407) retry → send again, at most MAX_AUTH_RETRIES times: the whole round
 * trip a scheme may need (a Digest challenge and a nonce that went stale meanwhile, a stale nonce on
 * a preemptive request, an OAuth 2.0 refresh), bounded so a server that always refuses is not
 * answered in a loop.
 */
export async function sendWithAuth(auth: ConcreteAuth, req: PreparedRequest, ctx: AuthContext): Promise<Exchange> {
  let sent = await applyAuth(auth, req, ctx);
  let exchange = await ctx.send(sent);
  for (let attempt = 1; attempt <= MAX_AUTH_RETRIES && isRefusal(exchange); attempt++) {
    const again = await retryAuth(auth, sent, exchange, ctx, attempt);
    if (!again) break;
    sent = again;
    exchange = await ctx.send(sent);
  }
  return exchange;
}

function isRefusal(e: Exchange): boolean {
  return e.response.status === 401 || e.response.status === 407;
}
