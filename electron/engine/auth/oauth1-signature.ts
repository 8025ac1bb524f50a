import { createHash, createHmac, createSign, type KeyObject } from 'node:crypto';

/**
 * RFC 5849 §3.4 as pure functions: the signature base string and the four signature methods.
 * Nonce and timestamp are inputs, so the RFC's and Twitter's published examples are fixed vectors.
 */

export const OAUTH1_METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'] as const;
export type OAuth1Method = (typeof OAUTH1_METHODS)[number];

/** §3.6: only ALPHA, DIGIT, '-', '.', '_', '~' stay; everything else is %XX of its UTF-8 bytes. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** application/x-www-form-urlencoded decoding ('+' is a space), as §3.4.1.3.1 requires. */
export function parseForm(text: string): [string, string][] {
  if (text === '') return [];
  return text.split('&').filter((p) => p !== '').map((pair) => {
    const at = pair.indexOf('=');
    const dec = (s: string): string => {
      const plus = s.replace(/\+/g, ' ');
      try { return decodeURIComponent(plus); } catch { return plus; }
    };
    return at < 0 ? [dec(pair), ''] : [dec(pair.slice(0, at)), dec(pair.slice(at + 1))];
  });
}

/** §3.4.1.2: scheme and host lower-cased, default port dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  const defaultPort = (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443') || url.port === '';
  return `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${defaultPort ? '' : `:${url.port}`}${url.pathname}`;
}

/** §3.4.1.3.2: encode names and values, sort by name then value (byte order), join with '&'. */
export function normalizeParameters(params: readonly [string, string][]): string {
  const enc = params.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  enc.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return enc.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface BaseStringInput {
  method: string;
  url: string;
  /** oauth_* protocol parameters, without realm and oauth_signature. */
  oauthParams: Record<string, string>;
  /** Parameters of a form-encoded single-part body (§3.4.1.3.1), else empty. */
  bodyParams?: readonly [string, string][] | undefined;
}

export function signatureBaseString(input: BaseStringInput): string {
  const url = new URL(input.url);
  const query = parseForm(url.search.replace(/^\?/, ''));
  const oauth = Object.entries(input.oauthParams).filter(([k]) => k !== 'realm' && k !== 'oauth_signature');
  const all: [string, string][] = [...query, ...(input.bodyParams ?? []), ...oauth];
  return [input.method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalizeParameters(all))].join('&');
}

export interface SignInput {
  method: OAuth1Method;
  baseString: string;
  consumerSecret: string;
  tokenSecret?: string | undefined;
  privateKey?: KeyObject | undefined;
}

/** §3.4.2-3.4.4: the signature value, before percent-encoding into the header. */
export function oauth1Signature(input: SignInput): string {
  const key = `${percentEncode(input.consumerSecret)}&${percentEncode(input.tokenSecret ?? '')}`;
  switch (input.method) {
    case 'HMAC-SHA1': return createHmac('sha1', key).update(input.baseString).digest('base64');
    case 'HMAC-SHA256': return createHmac('sha256', key).update(input.baseString).digest('base64');
    case 'PLAINTEXT': return key;
    case 'RSA-SHA1': {
      if (!input.privateKey) throw new Error('RSA-SHA1 needs a private key');
      return createSign('RSA-SHA1').update(input.baseString).sign(input.privateKey, 'base64');
    }
  }
}

/** The oauth_body_hash extension: base64 of the body's hash with the signature method's hash. */
export function bodyHashAlgorithm(method: OAuth1Method): string {
  return method === 'HMAC-SHA256' ? 'sha256' : 'sha1';
}

export function sha(alg: string, data: Uint8Array): string {
  return createHash(alg).update(data).digest('base64');
}

/** §3.5.1: `OAuth realm="..", oauth_x="..", ...`, every value percent-encoded and quoted. */
export function authorizationHeader(params: Record<string, string>, realm?: string): string {
  const parts = Object.entries(params).map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`);
  if (realm !== undefined && realm !== '') parts.unshift(`realm="${realm.replace(/(["\\])/g, '\\$1')}"`);
  return `OAuth ${parts.join(', ')}`;
}
