import type { JwtClaim } from '../report';
import { isoSeconds, relative } from '../time';

/** What the registered (RFC 7519 §4.1) and widely used claims mean, for people reading a token. */
const MEANINGS: Record<string, string> = {
  iss: 'issuer (who minted the token)',
  sub: 'subject (whom the token is about)',
  aud: 'audience (the API or APIs it is meant for)',
  exp: 'expires at',
  nbf: 'not valid before',
  iat: 'issued at',
  jti: 'token id (unique; used against replay and for revocation)',
  scope: 'granted scopes (OAuth 2.0, space-separated)',
  scp: 'granted scopes (scp, as Azure AD and Okta name them)',
  azp: 'authorized party (the client the token was issued to)',
  client_id: 'OAuth client the token was issued to',
  auth_time: 'when the user authenticated',
  nonce: 'OIDC nonce (binds an ID token to a login request)',
  acr: 'authentication context class (how strongly the user authenticated)',
  amr: 'authentication methods used',
  sid: 'session id at the issuer',
  tid: 'tenant id',
  roles: 'roles granted to the subject',
  groups: 'groups the subject belongs to',
  email: 'email address of the subject',
  name: 'display name of the subject',
  typ: 'token type',
};

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

function cnfMeaning(value: unknown): string {
  const base = 'confirmation (proof of possession: the sender must also hold a key)';
  if (typeof value !== 'object' || value === null) return base;
  const keys = Object.keys(value);
  if (keys.includes('jkt')) return `${base}; jkt = SHA-256 thumbprint of the DPoP key (RFC 9449)`;
  if (keys.includes('x5t#S256')) return `${base}; x5t#S256 = thumbprint of the client certificate (mTLS, RFC 8705)`;
  if (keys.includes('jwk')) return `${base}; jwk = the holder's public key (RFC 7800)`;
  if (keys.includes('kid')) return `${base}; kid = id of the holder's key (RFC 7800)`;
  return base;
}

/** The claims view: every claim in order, registered ones explained, times in ISO and relative. */
export function claimsView(payload: Record<string, unknown>, refMs: number): JwtClaim[] {
  return Object.entries(payload).map(([name, value]) => {
    const meaning = name === 'cnf' ? cnfMeaning(value) : (MEANINGS[name] ?? 'custom claim (not a registered name)');
    const claim: JwtClaim = { name, value, meaning };
    if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
      claim.iso = isoSeconds(value * 1000);
      claim.relative = relative(value * 1000, refMs);
    }
    return claim;
  });
}

/** `aud` is a string or an array of strings (RFC 7519 §4.1.3). */
export function audiences(payload: Record<string, unknown> | null | undefined): string[] {
  const aud = payload?.aud;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** Granted scopes from `scope` (space-separated string) or `scp` (string or array). */
export function grantedScopes(payload: Record<string, unknown> | null | undefined): string[] | undefined {
  if (!payload) return undefined;
  const out: string[] = [];
  for (const name of ['scope', 'scp', 'roles']) {
    const v = payload[name];
    if (typeof v === 'string') out.push(...v.split(/\s+/).filter((s) => s !== ''));
    else if (Array.isArray(v)) out.push(...v.filter((s): s is string => typeof s === 'string'));
  }
  return 'scope' in payload || 'scp' in payload || 'roles' in payload ? out : undefined;
}

export function numericClaim(payload: Record<string, unknown> | null | undefined, name: string): number | undefined {
  const v = payload?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
