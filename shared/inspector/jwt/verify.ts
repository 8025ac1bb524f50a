import type { CryptoKey, KeyObject } from 'jose';
import type { JwtVerification, VerificationReason } from '../report';
import { unknownCrit } from './decode';
import type { CandidateKey } from './keys';

/**
 * Checks a JWS signature against candidate keys. Keys are chosen by kid when the token names one,
 * and each key is checked against the token's alg before use, so an HS256 token is never checked
 * with an RSA public key as its HMAC secret (the classic algorithm-confusion attack).
 * This does not validate claims (exp, aud...): the claims view and the explainer judge those.
 */

/**
 * jose loads when a signature is first checked: most refusals are explained without a key, and a
 * `keyhole run` keeps the source of every module it loaded for its whole life.
 */
let joseModule: Promise<typeof import('jose')> | undefined;
const jose = (): Promise<typeof import('jose')> => (joseModule ??= import('jose'));

type Outcome = { key: CandidateKey; reason: VerificationReason | null; detail: string };

/** Which JWK kty (and EC curve) each JWS alg needs (RFC 7518 §3.1, RFC 8037). */
function keyTypeFor(alg: string): { kty: string; crv?: string } | undefined {
  if (/^HS(256|384|512)$/.test(alg)) return { kty: 'oct' };
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return { kty: 'RSA' };
  if (alg === 'ES256') return { kty: 'EC', crv: 'P-256' };
  if (alg === 'ES384') return { kty: 'EC', crv: 'P-384' };
  if (alg === 'ES512') return { kty: 'EC', crv: 'P-521' };
  if (alg === 'ES256K') return { kty: 'EC', crv: 'secp256k1' };
  if (alg === 'EdDSA' || alg === 'Ed25519') return { kty: 'OKP' };
  return undefined;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const joseCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

async function importKey(key: CandidateKey, alg: string): Promise<CryptoKey | KeyObject | Uint8Array> {
  const m = key.material;
  if (m.type === 'secret') return m.bytes;
  const { importJWK, importSPKI, importX509 } = await jose();
  switch (m.type) {
    case 'jwk': return importJWK({ ...m.jwk, alg }, alg);
    case 'spki': return importSPKI(m.pem, alg);
    case 'x509': return importX509(m.pem, alg);
  }
}

async function tryKey(token: string, key: CandidateKey, alg: string, crit: string[]): Promise<Outcome> {
  const need = keyTypeFor(alg);
  if (key.alg !== undefined && key.alg !== alg) {
    return { key, reason: 'alg-not-allowed-for-key', detail: `${key.label} is for ${key.alg}, the token says ${alg}` };
  }
  if (need && key.kty !== undefined && key.kty !== need.kty) {
    return { key, reason: 'alg-not-allowed-for-key', detail: `${key.label} is a ${key.kty} key, ${alg} needs ${need.kty}` };
  }
  if (need?.crv && key.crv !== undefined && key.crv !== need.crv) {
    return { key, reason: 'alg-not-allowed-for-key', detail: `${key.label} is on curve ${key.crv}, ${alg} needs ${need.crv}` };
  }
  if (need?.kty === 'oct' && key.material.type !== 'secret' && key.material.type !== 'jwk') {
    return { key, reason: 'alg-not-allowed-for-key', detail: `${key.label} is a public key; ${alg} needs the shared secret` };
  }
  if (need && need.kty !== 'oct' && key.material.type === 'secret') {
    return { key, reason: 'alg-not-allowed-for-key', detail: `a shared secret cannot verify ${alg}, which needs a ${need.kty} public key` };
  }
  let imported: CryptoKey | KeyObject | Uint8Array;
  try {
    imported = await importKey(key, alg);
  } catch (e) {
    return { key, reason: 'key-unusable', detail: `${key.label} cannot be used for ${alg}: ${message(e)}` };
  }
  try {
    await (await jose()).compactVerify(token, imported, { algorithms: [alg], crit: Object.fromEntries(crit.map((c) => [c, false])) });
    return { key, reason: null, detail: `${key.label} verified the signature` };
  } catch (e) {
    if (joseCode(e) === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
      return { key, reason: 'bad-signature', detail: `the signature does not match ${key.label}` };
    }
    return { key, reason: 'key-unusable', detail: `${key.label}: ${message(e)}` };
  }
}

/** The most telling reason wins when no key verified. */
const PRIORITY: VerificationReason[] = ['bad-signature', 'key-unusable', 'alg-not-allowed-for-key', 'no-matching-key'];

export async function verifySignature(token: string, header: Record<string, unknown>, keys: readonly CandidateKey[]): Promise<JwtVerification> {
  const alg = typeof header.alg === 'string' ? header.alg : null;
  const kid = typeof header.kid === 'string' ? header.kid : null;
  if (alg === null) return { verified: false, alg, kid, reason: 'key-unusable', message: 'The header has no alg, so no key can be chosen' };
  if (alg.toLowerCase() === 'none') {
    return { verified: false, alg, kid, reason: 'alg-none', message: 'alg is "none": the token carries no signature, and no key can vouch for it' };
  }
  let candidates = keys.slice();
  if (kid !== null) {
    const byKid = keys.filter((k) => k.kid === kid);
    candidates = byKid.length > 0 ? byKid : keys.filter((k) => k.kid === undefined);
    if (candidates.length === 0) {
      const kids = keys.map((k) => k.kid).filter((k): k is string => k !== undefined);
      return { verified: false, alg, kid, reason: 'no-matching-key', message: `No key has kid "${kid}"; the key set has ${kids.map((k) => `"${k}"`).join(', ')}: wrong JWKS, or the issuer rotated its keys` };
    }
  }
  const crit = Array.isArray(header.crit) ? header.crit.filter((c): c is string => typeof c === 'string') : [];
  const outcomes: Outcome[] = [];
  let matched: Outcome | undefined;
  for (const key of candidates) {
    const o = await tryKey(token, key, alg, crit);
    if (o.reason === null) {
      matched = o;
      break;
    }
    outcomes.push(o);
  }
  const unknown = unknownCrit(header);
  if (unknown.length > 0) {
    // Whatever the signature says, a verifier that does not understand a critical extension must
    // reject the token (RFC 7515 §4.1.11). What the keys said is kept: when the signature matches,
    // the extension is the only thing wrong.
    const signature = matched ? `the signature itself matches (${matched.detail})` : outcomes.length === 0 ? 'no key was tried' : `nor does the signature verify (${outcomes.map((o) => o.detail).join('; ')})`;
    return {
      verified: false, alg, kid: matched?.key.kid ?? kid, reason: 'unknown-crit',
      message: `Unknown critical header: crit lists ${unknown.map((c) => JSON.stringify(c)).join(', ')}, which Keyhole does not understand, so the token must be rejected (RFC 7515 §4.1.11); ${signature}`,
    };
  }
  if (matched) return { verified: true, alg, kid: matched.key.kid ?? kid, reason: null, message: matched.detail };
  const reason = PRIORITY.find((r) => outcomes.some((o) => o.reason === r)) ?? 'no-matching-key';
  const decisive = outcomes.find((o) => o.reason === reason);
  return {
    verified: false, alg, kid: decisive?.key.kid ?? kid, reason,
    message: outcomes.length === 0 ? 'No key to try' : outcomes.map((o) => o.detail).join('; '),
  };
}
