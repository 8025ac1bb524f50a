import { Cookie, CookieJar } from 'tough-cookie';
import { KeyholeError } from '../../../shared/errors';

/**
 * A jar that sends Secure cookies over https only, loopback included: an API client talking to
 * http://localhost should behave as it will against the real https host.
 */
/**
 * Jars that have ever held a cookie. Looking cookies up costs tough-cookie a domain/path walk on
 * every request; an empty jar (most API runs) skips it.
 */
const jarsWithCookies = new WeakSet<CookieJar>();

/** A jar filled from outside a response (the cookie manager) is looked up from then on. */
export function markJarUsed(jar: CookieJar): void {
  jarsWithCookies.add(jar);
}

export function createCookieJar(): CookieJar {
  return new CookieJar(undefined, { allowSecureOnLocal: false, rejectPublicSuffixes: true });
}

export async function serializeCookieJar(jar: CookieJar): Promise<string> {
  return JSON.stringify(await jar.serialize());
}

/** Rebuilds a jar from serializeCookieJar's JSON, with this module's jar options. */
export async function deserializeCookieJar(json: string): Promise<CookieJar> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new KeyholeError('file-malformed', `Cookie jar is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const list = typeof parsed === 'object' && parsed !== null ? (parsed as { cookies?: unknown }).cookies : undefined;
  if (!Array.isArray(list)) throw new KeyholeError('file-malformed', 'Cookie jar JSON has no "cookies" array');
  const jar = createCookieJar();
  for (const raw of list) {
    const cookie = Cookie.fromJSON(raw);
    if (cookie) {
      await jar.store.putCookie(cookie);
      jarsWithCookies.add(jar);
    }
  }
  return jar;
}

/**
 * The Cookie header value the jar holds for a URL at the engine's time ('' when none), in RFC 6265
 * §5.4 order. Expiry is checked here against `now`: tough-cookie's own check reads the system
 * clock and counts Max-Age from the last access rather than from when the cookie was set.
 */
export function jarCookieHeader(jar: CookieJar, url: URL, now: () => Date): string | Promise<string> {
  // An empty jar (most API runs) answers at once: no promise to await, no clock or URL text read.
  if (!jarsWithCookies.has(jar)) return '';
  return lookUpCookies(jar, url.href, now());
}

async function lookUpCookies(jar: CookieJar, url: string, now: Date): Promise<string> {
  const cookies = await jar.getCookies(url, { http: true, expire: false, sort: true });
  return cookies
    .filter((c) => expiresAt(c, now) > now.getTime())
    .map((c) => c.cookieString())
    .join('; ');
}

function expiresAt(c: Cookie, now: Date): number {
  if (c.maxAge === 'Infinity') return Infinity;
  if (typeof c.maxAge === 'number') {
    const base = c.creation instanceof Date ? c.creation.getTime() : now.getTime();
    return c.maxAge <= 0 ? -Infinity : base + c.maxAge * 1000;
  }
  if (c.expires instanceof Date) return c.expires.getTime();
  return Infinity;
}

/** Stores every Set-Cookie of a response; invalid or refused cookies become warnings, not failures. */
export async function storeSetCookies(jar: CookieJar, url: string, setCookies: readonly string[], now: Date): Promise<string[]> {
  const warnings: string[] = [];
  for (const header of setCookies) {
    try {
      const stored = await jar.setCookie(header, url, { now, http: true, ignoreError: false });
      if (stored !== undefined) jarsWithCookies.add(jar);
      if (stored === undefined) warnings.push(`Set-Cookie from ${new URL(url).host} was not stored`);
    } catch (e) {
      const name = header.split('=')[0]?.trim() ?? '';
      warnings.push(`Set-Cookie "${name}" from ${new URL(url).host} was refused: ${(e as Error).message}`);
    }
  }
  return warnings;
}

/** The user's own Cookie header first, then the jar's cookies (names the user set win). */
export function mergeCookieHeader(user: string | undefined, fromJar: string): string | undefined {
  if (fromJar === '') return user;
  if (user === undefined || user.trim() === '') return fromJar;
  const userNames = new Set(user.split(';').map((p) => p.split('=')[0]?.trim()).filter((n) => n));
  const extra = fromJar.split('; ').filter((p) => !userNames.has(p.split('=')[0]?.trim()));
  return extra.length === 0 ? user : `${user}; ${extra.join('; ')}`;
}

/** A cookie as a script sees it (pm.cookies, the legacy responseCookies, pm.cookies.jar()). */
export interface JarCookie {
  name: string;
  value: string;
  domain?: string | undefined;
  path?: string | undefined;
  secure?: boolean | undefined;
  httpOnly?: boolean | undefined;
  expires?: string | undefined;
}

/** Scripts' synchronous view of a session's jar (its store is in memory, so tough-cookie answers at once). */
export interface ScriptJar {
  list(url: string): JarCookie[];
  set(url: string, name: string, value: string): void;
  unset(url: string, name: string): void;
  clear(url: string): void;
}

export function scriptJar(jar: CookieJar, now: () => Date): ScriptJar {
  const live = (url: string): Cookie[] => {
    if (!jarsWithCookies.has(jar)) return [];
    const at = now();
    return jar.getCookiesSync(url, { http: true, expire: false, sort: true }).filter((c) => expiresAt(c, at) > at.getTime());
  };
  const expire = (url: string, c: Cookie): void => {
    jar.setCookieSync(`${c.key}=; Domain=${c.domain ?? ''}; Path=${c.path ?? '/'}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`, url, { now: now(), ignoreError: true });
  };
  return {
    list: (url) => live(url).map((c) => ({
      name: c.key, value: c.value, domain: c.domain ?? undefined, path: c.path ?? undefined, secure: c.secure, httpOnly: c.httpOnly,
      expires: c.expires instanceof Date ? c.expires.toISOString() : undefined,
    })),
    set: (url, name, value) => {
      if (jar.setCookieSync(`${name}=${value}`, url, { now: now(), ignoreError: false }) !== undefined) jarsWithCookies.add(jar);
    },
    unset: (url, name) => { for (const c of live(url)) if (c.key === name) expire(url, c); },
    clear: (url) => { for (const c of live(url)) expire(url, c); },
  };
}
