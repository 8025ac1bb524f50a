import { Cookie, type CookieJar } from 'tough-cookie';
import { KeyholeError } from '../../../shared/errors';
import { maskToken } from '../../../shared/mask';
import type { CookieInfo } from '../../../shared/model';
import { markJarUsed } from './cookies';

/**
 * The cookie manager's view of a jar: list (values masked), reveal one, set, delete, clear.
 * Works on the live jar of an open session so the next send sees the change at once.
 */
export async function listCookies(jar: CookieJar): Promise<CookieInfo[]> {
  const all = await jar.store.getAllCookies();
  return all.map((c) => info(c, maskToken(c.value)));
}

export async function revealCookie(jar: CookieJar, key: { domain: string; path: string; name: string }): Promise<string | null> {
  const c = await jar.store.findCookie(key.domain, key.path, key.name);
  return c?.value ?? null;
}

export async function putCookie(jar: CookieJar, c: CookieInfo, now: Date): Promise<void> {
  const expires = c.expires === undefined ? 'Infinity' : new Date(c.expires);
  if (expires instanceof Date && Number.isNaN(expires.getTime())) {
    throw new KeyholeError('invalid-input', `Cookie "${c.name}": expires "${c.expires}" is not a date`, { hint: 'Use an ISO date such as 2030-01-01T00:00:00Z, or leave it empty for a session cookie.' });
  }
  if (/[;\r\n]/.test(c.value) || /[;=\s]/.test(c.name)) {
    throw new KeyholeError('invalid-input', `Cookie "${c.name}" has a character a cookie cannot hold (";", "=", a space or a line break)`, { hint: 'Cookie names are tokens; values may not contain ";" or line breaks.' });
  }
  const cookie = new Cookie({
    key: c.name, value: c.value, domain: c.domain.replace(/^\./, '').toLowerCase(), path: c.path || '/',
    expires, secure: c.secure, httpOnly: c.httpOnly, hostOnly: c.hostOnly ?? false, creation: now, lastAccessed: now,
    ...(c.sameSite ? { sameSite: c.sameSite } : {}),
  });
  await jar.store.putCookie(cookie);
  markJarUsed(jar);
}

export async function deleteCookie(jar: CookieJar, key: { domain: string; path: string; name: string }): Promise<boolean> {
  const found = await jar.store.findCookie(key.domain, key.path, key.name);
  if (!found) return false;
  await jar.store.removeCookie(key.domain, key.path, key.name);
  return true;
}

export async function clearCookies(jar: CookieJar): Promise<void> {
  await jar.removeAllCookies();
}

function info(c: Cookie, value: string): CookieInfo {
  return {
    name: c.key, value, domain: c.domain ?? '', path: c.path ?? '/',
    ...(c.expires instanceof Date ? { expires: c.expires.toISOString() } : {}),
    secure: c.secure, httpOnly: c.httpOnly, hostOnly: c.hostOnly ?? false,
    ...(c.sameSite && c.sameSite !== 'unspecified' && c.sameSite !== 'none' ? { sameSite: c.sameSite as 'strict' | 'lax' } : c.sameSite === 'none' ? { sameSite: 'none' as const } : {}),
  };
}
