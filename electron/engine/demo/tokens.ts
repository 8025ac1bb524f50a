import { SignJWT, jwtVerify, errors } from 'jose';

/**
 * The demo server's token authority. The secret is public on purpose: the demo exists to show
 * refusals and their explanations, and `keyhole jwt --secret` can verify its tokens.
 */
export const DEMO_JWT_SECRET = 'keyhole-demo-signing-secret-not-for-production';
const key = new TextEncoder().encode(DEMO_JWT_SECRET);
export const DEMO_AUDIENCE = 'keyhole-demo-api';
/** Fixed rather than the server's origin, so tokens stay valid whichever port the server got. */
export const DEMO_ISSUER = 'https://demo.keyhole.invalid/';

export interface IssueOptions {
  subject?: string;
  scope?: string;
  audience?: string;
  /** Seconds from `now`; negative for a token that already expired. */
  expiresIn: number;
  now: Date;
}

export async function issueToken(o: IssueOptions): Promise<string> {
  const iat = Math.floor(o.now.getTime() / 1000);
  return new SignJWT({ scope: o.scope ?? 'orders:read' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEMO_ISSUER)
    .setSubject(o.subject ?? 'demo-user')
    .setAudience(o.audience ?? DEMO_AUDIENCE)
    .setIssuedAt(Math.min(iat, iat + o.expiresIn - 60))
    .setExpirationTime(iat + o.expiresIn)
    .sign(key);
}

export type TokenCheck =
  | { ok: true; scope: string[]; subject: string }
  | { ok: false; error: 'invalid_token'; description: string };

export async function checkToken(token: string, now: Date): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, currentDate: now, algorithms: ['HS256'] });
    const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    return { ok: true, scope, subject: String(payload.sub ?? '') };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, error: 'invalid_token', description: 'The access token expired' };
    if (e instanceof errors.JWTClaimValidationFailed) return { ok: false, error: 'invalid_token', description: `The token's ${e.claim} claim is not accepted` };
    return { ok: false, error: 'invalid_token', description: 'The access token is malformed or its signature is invalid' };
  }
}
