import type { HeaderList } from '../../../shared/model';
import type { PreparedRequest } from '../http/types';

/**
 * Small pure edits on a PreparedRequest. Each returns a new request and records the credential's
 * name, so the transport can drop it on a change of origin.
 */

export function getHeader(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

function addName(list: readonly string[], name: string): string[] {
  return list.some((n) => n.toLowerCase() === name.toLowerCase()) ? [...list] : [...list, name];
}

/** Sets a header, replacing any header of the same name (case-insensitive), and marks it a credential. */
export function setCredentialHeader(req: PreparedRequest, name: string, value: string): PreparedRequest {
  const lower = name.toLowerCase();
  return {
    ...req,
    headers: [...req.headers.filter(([k]) => k.toLowerCase() !== lower), [name, value]],
    credentialHeaders: addName(req.credentialHeaders, name),
  };
}

/** True when the request already carries a header of that name (the user set it by hand). */
export function hasHeader(req: PreparedRequest, name: string): boolean {
  return getHeader(req.headers, name) !== undefined;
}

/**
 * Appends `name=value` to the URL's query without re-serializing the parameters already there
 * (URLSearchParams would rewrite their encoding, and signatures cover the exact bytes).
 */
export function appendQuery(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const pair = `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`;
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${pair}${fragment}`;
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded (so '+' is %2B). */
export function encodeQueryComponent(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function addCredentialQuery(req: PreparedRequest, name: string, value: string): PreparedRequest {
  return { ...req, url: appendQuery(req.url, name, value), credentialQuery: addName(req.credentialQuery, name) };
}

/** Adds a cookie to the Cookie header (merging with any the request already has) and marks Cookie a credential. */
export function addCookie(req: PreparedRequest, name: string, value: string): PreparedRequest {
  const existing = getHeader(req.headers, 'cookie');
  const pair = `${name}=${value}`;
  const merged = existing && existing.trim() !== '' ? `${existing.replace(/;\s*$/, '')}; ${pair}` : pair;
  return setCredentialHeader(req, 'Cookie', merged);
}
