import type { JWK } from 'jose';

/**
 * Where verification keys come from, and their normalisation into a flat list of candidates.
 * Fetching goes through an injected fetcher so the engine can apply its proxy and TLS settings;
 * this module never touches the network itself.
 */

export type KeySource =
  /** A shared secret for HS256/384/512, as typed. */
  | { kind: 'secret'; secret: string }
  /** A file's contents: a JWK, a JWKS, a PEM public key or certificate, or else a raw secret. */
  | { kind: 'text'; text: string; label?: string | undefined }
  | { kind: 'jwks-url'; url: string }
  /** An OIDC issuer: its discovery document names jwks_uri. */
  | { kind: 'issuer'; url: string };

export type Fetcher = (url: string) => Promise<{ status: number; body: string }>;

export type KeyMaterial =
  | { type: 'jwk'; jwk: JWK }
  | { type: 'spki'; pem: string }
  | { type: 'x509'; pem: string }
  | { type: 'secret'; bytes: Uint8Array };

export interface CandidateKey {
  kid?: string | undefined;
  /** The key's own alg restriction (JWK "alg"), if it has one. */
  alg?: string | undefined;
  /** JWK kty, or undefined for PEM (its type is only known once imported). */
  kty?: string | undefined;
  crv?: string | undefined;
  /** How to name this key in messages ("kid k1", "the PEM public key", "the shared secret"). */
  label: string;
  material: KeyMaterial;
}

export type KeySet = { ok: true; keys: CandidateKey[]; origin: string } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function fromJwk(jwk: Record<string, unknown>, index: number | null): CandidateKey {
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  return {
    kid,
    alg: typeof jwk.alg === 'string' ? jwk.alg : undefined,
    kty: typeof jwk.kty === 'string' ? jwk.kty : undefined,
    crv: typeof jwk.crv === 'string' ? jwk.crv : undefined,
    label: kid !== undefined ? `key kid "${kid}"` : index === null ? 'the JWK' : `key #${index + 1} (no kid)`,
    material: { type: 'jwk', jwk: jwk as JWK },
  };
}

export function keysFromJson(value: unknown, origin: string): KeySet {
  if (isObject(value) && Array.isArray(value.keys)) {
    const keys = value.keys.filter(isObject).map((k, i) => fromJwk(k, i));
    if (keys.length === 0) return { ok: false, message: `${origin} is a JWKS with no keys` };
    return { ok: true, keys, origin };
  }
  if (isObject(value) && typeof value.kty === 'string') return { ok: true, keys: [fromJwk(value, null)], origin };
  return { ok: false, message: `${origin} is JSON but neither a JWK (no "kty") nor a JWKS (no "keys" array)` };
}

/** Reads a key file's text: JWK, JWKS, PEM (SPKI or certificate), or else a raw shared secret. */
export function keysFromText(text: string, origin: string): KeySet {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return keysFromJson(JSON.parse(trimmed) as unknown, origin);
    } catch (e) {
      return { ok: false, message: `${origin} looks like JSON but does not parse: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (trimmed.includes('-----BEGIN ')) {
    const keys: CandidateKey[] = [];
    for (const m of trimmed.matchAll(PEM_BLOCK)) {
      const kind = m[1] ?? '';
      if (kind === 'PUBLIC KEY') keys.push({ label: 'the PEM public key', material: { type: 'spki', pem: m[0] } });
      else if (kind === 'CERTIFICATE') keys.push({ label: keys.length === 0 ? 'the certificate' : `certificate #${keys.length + 1}`, material: { type: 'x509', pem: m[0] } });
      else if (kind.includes('PRIVATE KEY')) {
        return { ok: false, message: `${origin} holds a private key (${kind}); verification needs the public key or certificate (openssl pkey -pubout)` };
      } else if (kind === 'RSA PUBLIC KEY') {
        return { ok: false, message: `${origin} holds a PKCS#1 "RSA PUBLIC KEY"; convert it to SPKI ("openssl rsa -RSAPublicKey_in -pubout")` };
      }
    }
    if (keys.length === 0) return { ok: false, message: `${origin} has PEM markers but no complete PUBLIC KEY or CERTIFICATE block` };
    return { ok: true, keys, origin };
  }
  // A secret file usually ends with the editor's newline, which is not part of the secret.
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') return { ok: false, message: `${origin} is empty` };
  return { ok: true, keys: [secretKey(secret)], origin };
}

export function secretKey(secret: string): CandidateKey {
  return { kty: 'oct', label: 'the shared secret', material: { type: 'secret', bytes: new TextEncoder().encode(secret) } };
}

async function fetchJson(url: string, fetcher: Fetcher, what: string): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let res: { status: number; body: string };
  try {
    res = await fetcher(url);
  } catch (e) {
    return { ok: false, message: `Could not fetch the ${what} at ${url}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (res.status < 200 || res.status > 299) return { ok: false, message: `The ${what} at ${url} answered HTTP ${res.status}` };
  try {
    return { ok: true, value: JSON.parse(res.body) as unknown };
  } catch {
    return { ok: false, message: `The ${what} at ${url} is not JSON` };
  }
}

/** OIDC discovery first (OpenID Connect Discovery §4), then RFC 8414 authorization server metadata. */
async function jwksUriOf(issuer: string, fetcher: Fetcher): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  const base = issuer.replace(/\/+$/, '');
  const tried: string[] = [];
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    const doc = await fetchJson(base + path, fetcher, 'discovery document');
    if (!doc.ok) { tried.push(doc.message); continue; }
    if (isObject(doc.value) && typeof doc.value.jwks_uri === 'string') return { ok: true, url: doc.value.jwks_uri };
    tried.push(`${base + path} has no jwks_uri`);
  }
  return { ok: false, message: `No JWKS found for issuer ${issuer}: ${tried.join('; ')}` };
}

export async function resolveKeys(source: KeySource, fetcher?: Fetcher): Promise<KeySet> {
  switch (source.kind) {
    case 'secret':
      return source.secret === '' ? { ok: false, message: 'The shared secret is empty' } : { ok: true, keys: [secretKey(source.secret)], origin: 'the shared secret' };
    case 'text':
      return keysFromText(source.text, source.label ?? 'the key');
    case 'jwks-url':
    case 'issuer': {
      if (!fetcher) return { ok: false, message: `Fetching ${source.url} needs a fetcher, and none was given` };
      let url = source.url;
      if (source.kind === 'issuer') {
        const found = await jwksUriOf(source.url, fetcher);
        if (!found.ok) return found;
        url = found.url;
      }
      const doc = await fetchJson(url, fetcher, 'JWKS');
      return doc.ok ? keysFromJson(doc.value, url) : doc;
    }
  }
}
