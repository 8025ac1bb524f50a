import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { z } from 'zod';
import { JwtBearerAuth } from '../../../shared/model';
import { maskToken } from '../../../shared/mask';
import { authConfigError, requireField, requireOneOf } from './config-error';
import { addCredentialQuery, setCredentialHeader } from './request-edit';
import type { AuthContext, AuthScheme } from './types';

type Jwt = z.infer<typeof JwtBearerAuth>;
type JwtAlgorithm = Jwt['algorithm'];

const ALGORITHMS = JwtBearerAuth.shape.algorithm.options;

/**
 * The signing key: the shared secret's UTF-8 bytes for HS*, else a PEM private key. Node's parser
 * takes PKCS#8, PKCS#1 (RSA) and SEC1 (EC) PEM alike, which is what people paste.
 */
function signingKey(alg: JwtAlgorithm, secret: string, ctx: AuthContext): Uint8Array | KeyObject {
  if (alg.startsWith('HS')) return new TextEncoder().encode(secret);
  try {
    return createPrivateKey({ key: secret.trim(), format: 'pem' });
  } catch (e) {
    throw authConfigError(ctx, 'JWT Bearer', 'secret', `is not a PEM private key that parses (${alg} needs one)`, 'Paste the whole private key, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.', e);
  }
}

/** Signs the token; exported so tests and the token inspector can produce one without a request. */
export async function signJwt(auth: Jwt, now: Date, ctx: AuthContext): Promise<string> {
  const alg = requireOneOf(ctx, 'JWT Bearer', 'algorithm', auth.algorithm, ALGORITHMS);
  const secret = requireField(ctx, 'JWT Bearer', 'secret', auth.secret);
  const key = signingKey(alg, secret, ctx);
  const iat = Math.floor(now.getTime() / 1000);
  const lifetime = auth.lifetimeSeconds ?? 300;
  // Claims the user wrote win over the ones filled in, so a fixed exp in a profile is respected.
  const payload: JWTPayload = { iat, exp: iat + lifetime, ...(auth.claims ?? {}) };
  try {
    return await new SignJWT(payload).setProtectedHeader({ ...(auth.header ?? {}), alg }).sign(key);
  } catch (e) {
    throw authConfigError(ctx, 'JWT Bearer', 'algorithm', `${alg} cannot sign with this key (${e instanceof Error ? e.message : String(e)})`, 'Choose the algorithm that matches the key type (RS*/PS* for RSA, ES256 for P-256, EdDSA for Ed25519).', e);
  }
}

export const jwtScheme: AuthScheme<Jwt> = {
  type: 'jwt',
  label: 'JWT Bearer',
  async apply(auth, req, ctx) {
    const token = await signJwt(auth, ctx.now(), ctx);
    ctx.madeSecret?.(token);
    const claims = Object.keys(auth.claims ?? {});
    const what = `signed a ${auth.algorithm} token${claims.length > 0 ? ` with claims ${claims.join(', ')}` : ''}, valid ${auth.lifetimeSeconds ?? 300} s`;
    if ((auth.in ?? 'header') === 'query') {
      const param = requireField(ctx, 'JWT Bearer', 'queryParam', auth.queryParam ?? 'token');
      ctx.log(`JWT Bearer: ${what}; added query parameter ${param}=${maskToken(token)}.`);
      return addCredentialQuery(req, param, token);
    }
    const prefix = (auth.prefix ?? 'Bearer').trim();
    ctx.log(`JWT Bearer: ${what}; sent Authorization: ${prefix === '' ? '' : `${prefix} `}${maskToken(token)}.`);
    return setCredentialHeader(req, 'Authorization', prefix === '' ? token : `${prefix} ${token}`);
  },
};
