import { KeyholeError } from '../../../shared/errors';
import type { HeaderList } from '../../../shared/model';
import { removeHeaders } from './headers';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that always carry credentials, whatever the auth scheme said. */
const ALWAYS_CREDENTIAL = ['Authorization', 'Proxy-Authorization', 'Cookie'];

/**
 * The method after a redirect: 303 turns anything but HEAD into GET; 301/302 turn POST into GET
 * (what browsers and curl do, RFC 9110 §15.4.2 note); 307/308 keep method and body.
 */
export function redirectMethod(status: number, method: string): { method: string; keepBody: boolean } {
  const upper = method.toUpperCase();
  if (status === 303 && upper !== 'HEAD') return { method: 'GET', keepBody: false };
  if ((status === 301 || status === 302) && upper === 'POST') return { method: 'GET', keepBody: false };
  return { method, keepBody: true };
}

/** Resolves a Location against the URL that answered; only http(s) targets are followed. */
export function redirectTarget(location: string, base: string): URL {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch (e) {
    throw new KeyholeError('redirect-refused', `Redirect from ${base} has an invalid Location: ${location.slice(0, 200)}`, { cause: e });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new KeyholeError('redirect-refused', `Redirect from ${base} to a ${target.protocol} URL was refused: only http and https are followed`, {
      hint: 'A server sending a client to file:, data: or javascript: URLs is either broken or hostile.',
      details: { location: location.slice(0, 200) },
    });
  }
  // A Location's userinfo is never sent or shown: the next hop goes to the host alone.
  target.username = '';
  target.password = '';
  return target;
}

/** Same origin = same scheme, host and port (RFC 6454); the default port counts as given. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.hostname === b.hostname && effectivePort(a) === effectivePort(b);
}

function effectivePort(u: URL): string {
  return u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
}

/** `api.example.com` matches exactly; `*.example.com` matches any subdomain (not example.com itself). */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((raw) => {
    const p = raw.trim().toLowerCase().replace(/\.$/, '');
    if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
    return p !== '' && h === p;
  });
}

export interface Stripped {
  headers: HeaderList;
  url: URL;
  /** Header names removed, then query parameters as `?name`. */
  removed: string[];
}

/**
 * Removes credentials before a hop to another origin: Authorization, Proxy-Authorization, Cookie,
 * every header and query parameter the auth scheme marked as a credential, except the headers
 * `keep` names (lower case: followAuthorizationHeader keeps `authorization`). Once removed they
 * are gone for the rest of the chain, since the caller carries the stripped request forward.
 */
export function stripCredentials(headers: HeaderList, url: URL, credentialHeaders: readonly string[], credentialQuery: readonly string[], keep: readonly string[] = []): Stripped {
  const always = keep.length === 0 ? ALWAYS_CREDENTIAL : ALWAYS_CREDENTIAL.filter((h) => !keep.includes(h.toLowerCase()));
  const { headers: kept, removed } = removeHeaders(headers, [...always, ...credentialHeaders]);
  const next = new URL(url.href);
  for (const name of new Set(credentialQuery)) {
    if (next.searchParams.has(name)) {
      next.searchParams.delete(name);
      removed.push(`?${name}`);
    }
  }
  return { headers: kept, url: next, removed };
}

/** Why the auth profile's allowedOrigins forbid forwarding credentials to `to`; undefined when they allow it. */
export function profileForbids(to: URL, allowed: { profile: string; origins: readonly string[] } | undefined): string | undefined {
  if (!allowed || allowed.origins.length === 0 || allowed.origins.includes(`${to.protocol}//${to.hostname}:${effectivePort(to)}`)) return undefined;
  return `redirect to ${to.origin}: auth profile "${allowed.profile}" may only be sent to ${allowed.origins.join(', ')}, so credentials were not forwarded although forwardCredentialsTo names ${to.hostname}`;
}

export function strippedReason(from: URL, to: URL): string {
  return `redirect from ${from.origin} to ${to.origin} changes origin: credentials are not forwarded (list the host in forwardCredentialsTo to allow it)`;
}

export function redirectLimitError(limit: number, url: string): KeyholeError {
  return new KeyholeError('redirect-limit', `More than ${limit} redirects (the limit is ${limit}); the last one pointed to ${url}`, {
    hint: 'Raise maxRedirects in the request settings, or look for a redirect loop in the hops.',
    details: { limit },
  });
}
