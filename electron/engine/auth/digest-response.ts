import { createHash } from 'node:crypto';
import type { Challenge } from '../../../shared/inspector/challenge';

/**
 * RFC 7616 §3.4: the response to a Digest challenge, as pure functions of their inputs (the cnonce
 * and nc are parameters, so the §3.9.1 worked examples are fixed vectors).
 */

export const DIGEST_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess'] as const;
export type DigestAlgorithmName = (typeof DIGEST_ALGORITHMS)[number];

const NODE_HASH: Record<string, string> = { 'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };
/** Stronger hashes first; `-sess` does not change the strength. */
const STRENGTH: Record<string, number> = { 'MD5': 1, 'SHA-256': 2, 'SHA-512-256': 3 };

/** Canonical spelling of an algorithm name (they are case-insensitive), or undefined if unsupported. */
export function normalizeAlgorithm(name: string | undefined): DigestAlgorithmName | undefined {
  const n = (name ?? 'MD5').toUpperCase();
  return DIGEST_ALGORITHMS.find((a) => a.toUpperCase() === n);
}

export function nodeHashName(alg: DigestAlgorithmName): string {
  return NODE_HASH[alg.replace(/-sess$/, '')] as string;
}

export function algorithmStrength(alg: DigestAlgorithmName): number {
  return STRENGTH[alg.replace(/-sess$/, '')] ?? 0;
}

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string | undefined;
  algorithm: DigestAlgorithmName;
  /** The qop values offered (`qop="auth, auth-int"` is two values, not one). */
  qop: string[];
  stale: boolean;
  userhash: boolean;
  /** `charset=UTF-8` (the only value RFC 7616 §3.3 allows). */
  utf8: boolean;
  /** The `domain` URIs as sent (space-separated in the header). */
  domain: string[];
}

/** Reads a Digest challenge; undefined when it is not Digest or names an algorithm we do not know. */
export function toDigestChallenge(ch: Pick<Challenge, 'scheme' | 'params'>): DigestChallenge | undefined {
  if (ch.scheme.toLowerCase() !== 'digest') return undefined;
  const p = ch.params;
  const algorithm = normalizeAlgorithm(p['algorithm']);
  if (!algorithm || p['nonce'] === undefined) return undefined;
  return {
    realm: p['realm'] ?? '',
    nonce: p['nonce'],
    opaque: p['opaque'],
    algorithm,
    qop: (p['qop'] ?? '').split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== ''),
    stale: (p['stale'] ?? '').toLowerCase() === 'true',
    userhash: (p['userhash'] ?? '').toLowerCase() === 'true',
    utf8: (p['charset'] ?? '').toLowerCase() === 'utf-8',
    domain: (p['domain'] ?? '').split(/\s+/).filter((d) => d !== ''),
  };
}

export function digestHex(alg: DigestAlgorithmName, data: string | Uint8Array): string {
  return createHash(nodeHashName(alg)).update(data).digest('hex');
}

export interface DigestResponseInput {
  method: string;
  /** The request-target as sent (path and query). */
  uri: string;
  username: string;
  password: string;
  challenge: DigestChallenge;
  /** Chosen qop, or undefined for the RFC 2069 form (no qop offered). */
  qop?: 'auth' | 'auth-int' | undefined;
  cnonce: string;
  nc: number;
  /** Hex H(entity-body) with the challenge's hash, required for auth-int. */
  bodyHash?: string | undefined;
}

export interface DigestResponse {
  /** The full Authorization header value. */
  header: string;
  response: string;
}

const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;
const NEEDS_EXT = /[^\x20-\x7e]/;

/** RFC 8187 (was 5987) ext-value: UTF-8''percent-encoded. */
export function extValue(s: string): string {
  return `UTF-8''${encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function digestResponse(input: DigestResponseInput): DigestResponse {
  const { challenge: ch, qop } = input;
  const alg = ch.algorithm;
  const H = (s: string): string => digestHex(alg, s);
  const ncHex = input.nc.toString(16).padStart(8, '0');
  let ha1 = H(`${input.username}:${ch.realm}:${input.password}`);
  if (alg.endsWith('-sess')) ha1 = H(`${ha1}:${ch.nonce}:${input.cnonce}`);
  const a2 = qop === 'auth-int' ? `${input.method}:${input.uri}:${input.bodyHash ?? H('')}` : `${input.method}:${input.uri}`;
  const ha2 = H(a2);
  const response = qop ? H(`${ha1}:${ch.nonce}:${ncHex}:${input.cnonce}:${qop}:${ha2}`) : H(`${ha1}:${ch.nonce}:${ha2}`);

  // §3.4: username, realm, nonce, uri, response, cnonce and opaque are quoted strings;
  // algorithm, qop and nc are tokens and MUST NOT be quoted; userhash is a token too.
  const parts: string[] = [];
  if (ch.userhash) parts.push(`username=${quote(H(`${input.username}:${ch.realm}`))}`);
  else if (NEEDS_EXT.test(input.username)) parts.push(`username*=${extValue(input.username)}`);
  else parts.push(`username=${quote(input.username)}`);
  parts.push(`realm=${quote(ch.realm)}`, `uri=${quote(input.uri)}`, `algorithm=${alg}`, `nonce=${quote(ch.nonce)}`);
  if (qop) parts.push(`nc=${ncHex}`, `cnonce=${quote(input.cnonce)}`, `qop=${qop}`);
  parts.push(`response=${quote(response)}`);
  if (ch.opaque !== undefined) parts.push(`opaque=${quote(ch.opaque)}`);
  if (ch.userhash) parts.push('userhash=true');
  return { header: `Digest ${parts.join(', ')}`, response };
}

/**
 * Picks the challenge to answer: the one with the pinned algorithm if the profile pins one,
 * otherwise the strongest hash offered (first offered wins a tie), so a server offering SHA-256
 * and MD5 is never answered with MD5.
 */
export function chooseChallenge(list: readonly DigestChallenge[], pinned?: DigestAlgorithmName): DigestChallenge | undefined {
  if (pinned) return list.find((c) => c.algorithm === pinned);
  let best: DigestChallenge | undefined;
  for (const c of list) if (!best || algorithmStrength(c.algorithm) > algorithmStrength(best.algorithm)) best = c;
  return best;
}
