import { maskSecret } from '../../mask';
import type { Exchange, HeaderList } from '../../model';
import type { Finding } from '../report';
import { duration, isoSeconds, parseTime } from '../time';
import type { RefusalContext } from './context';
import { clip, finding } from './finding';

/**
 * Cookie-session checks (RFC 6265): cookies set earlier in the session that should have been sent
 * and were not (session-missing), or were sent past their expiry or cleared by the refusal
 * (session-expired). Only the session's own Set-Cookie headers count; no jar is consulted.
 */

export interface SetCookie {
  name: string;
  value: string;
  domain: string | undefined;
  path: string;
  secure: boolean;
  /** Absolute expiry in ms, undefined for a session cookie. */
  expires: number | undefined;
  /** Max-Age or Expires as written, for evidence. */
  lifetimeText: string | undefined;
  setAt: number;
  setBy: string;
}

export function parseSetCookie(value: string, setAt: number, setBy: URL): SetCookie | undefined {
  const parts = value.split(';');
  const first = parts[0] ?? '';
  const eq = first.indexOf('=');
  if (eq <= 0) return undefined;
  const c: SetCookie = {
    name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim(), domain: undefined,
    path: defaultPath(setBy.pathname), secure: false, expires: undefined, lifetimeText: undefined, setAt, setBy: setBy.href,
  };
  let maxAge: number | undefined;
  for (const attr of parts.slice(1)) {
    const i = attr.indexOf('=');
    const k = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const v = i < 0 ? '' : attr.slice(i + 1).trim();
    if (k === 'domain' && v !== '') c.domain = v.replace(/^\./, '').toLowerCase();
    else if (k === 'path' && v.startsWith('/')) c.path = v;
    else if (k === 'secure') c.secure = true;
    else if (k === 'max-age' && /^-?\d+$/.test(v)) { maxAge = Number(v); c.lifetimeText = `Max-Age=${v}`; }
    else if (k === 'expires' && maxAge === undefined) { c.expires = parseTime(v); c.lifetimeText = `Expires=${v}`; }
  }
  // RFC 6265 §5.3 step 3: Max-Age wins over Expires.
  if (maxAge !== undefined) c.expires = setAt + maxAge * 1000;
  return c;
}

function defaultPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function domainMatches(c: SetCookie, host: string): boolean {
  if (c.domain === undefined) return new URL(c.setBy).hostname.toLowerCase() === host;
  return host === c.domain || host.endsWith(`.${c.domain}`);
}

function pathMatches(cookiePath: string, reqPath: string): boolean {
  return reqPath === cookiePath || (reqPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || reqPath[cookiePath.length] === '/'));
}

const siteOf = (host: string): string => host.split('.').slice(-2).join('.');

function setCookies(headers: HeaderList, at: number, url: string): SetCookie[] {
  // Most responses set no cookie: skip the URL parse, which dominates a 10,000-entry HAR.
  if (!headers.some(([n]) => n.length === 10 && n.toLowerCase() === 'set-cookie')) return [];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  const out: SetCookie[] = [];
  for (const [n, v] of headers) {
    if (n.toLowerCase() !== 'set-cookie') continue;
    const c = parseSetCookie(v, at, u);
    if (c) out.push(c);
  }
  return out;
}

/**
 * The latest Set-Cookie per name and site, fed one exchange at a time in session order, so a
 * whole HAR is read once (linear) however many refusals it holds.
 */
export class CookieHistory {
  private readonly bySite = new Map<string, Map<string, SetCookie>>();

  record(ex: Exchange): void {
    const list = [...ex.hops.flatMap((h) => setCookies(h.responseHeaders, Date.parse(h.startedAt), h.request.url)), ...setCookies(ex.response.headers, Date.parse(ex.startedAt), ex.request.url)];
    for (const c of list) {
      const site = siteOf(new URL(c.setBy).hostname.toLowerCase());
      let m = this.bySite.get(site);
      if (!m) this.bySite.set(site, (m = new Map()));
      m.set(c.name, c);
    }
  }

  forHost(host: string): ReadonlyMap<string, SetCookie> {
    return this.bySite.get(siteOf(host)) ?? new Map();
  }
}

const SESSION_WORDS = /session|cookie|log ?in|sign ?in|not (logged|signed) in|not_authenticated|unauthenticated|login required/;

export function sessionFindings(ctx: RefusalContext, history: CookieHistory): Finding[] {
  if (!ctx.url || ctx.status === 407) return [];
  const host = ctx.url.hostname.toLowerCase();
  const earlier = history.forHost(host);
  const sent = new Map(ctx.creds.cookies.map((c) => [c.name, c.value]));
  const out: Finding[] = [];
  const at = ctx.requestTime;
  const fixesLogin = ['Log in again (run the login request first) so a fresh session cookie is stored', 'Make sure the cookie jar is enabled for this environment'];

  // Sent, but past its lifetime, or cleared by the refusal itself.
  for (const [name, value] of sent) {
    const c = earlier.get(name);
    if (c && c.expires !== undefined && c.expires <= at && c.value !== '') {
      out.push(finding('session-expired', 0.93, `The session cookie "${name}" expired ${duration(at - c.expires)} before the request`,
        [`Set-Cookie at ${isoSeconds(c.setAt)}: ${name}=${maskSecret(c.value)}; ${c.lifetimeText ?? ''} (valid until ${isoSeconds(c.expires)})`,
          `Request sent ${isoSeconds(at)} with Cookie: ${name}=${maskSecret(value)}`], fixesLogin));
    }
  }
  const cleared = setCookies(ctx.resHeaders, at, ctx.urlText).filter((c) => sent.has(c.name) && (c.value === '' || (c.expires !== undefined && c.expires <= at)));
  if (cleared.length > 0 && !out.some((f) => f.id === 'session-expired')) {
    const c = cleared[0] as SetCookie;
    out.push(finding('session-expired', 0.87, `The server cleared the session cookie "${c.name}" in its refusal: the session is over`,
      [`The ${ctx.status} response sets ${c.name}=${c.value === '' ? '(empty)' : maskSecret(c.value)}${c.lifetimeText ? `; ${c.lifetimeText}` : ''}`, `The request sent ${c.name}=${maskSecret(sent.get(c.name) ?? '')}`], fixesLogin));
  }
  if (out.length === 0 && ctx.creds.sessionCookies.length > 0 && /session.{0,30}(expired|timed? ?out|invalid|ended)|(expired|invalid).{0,20}session/.test(ctx.said)) {
    out.push(finding('session-expired', 0.82, 'The server says the session expired', [`Cookies sent: ${ctx.creds.sessionCookies.map((c) => c.name).join(', ')}`, `Body: ${clip(ctx.messages.join(' | '))}`], fixesLogin));
  }
  if (out.length > 0) return out;

  // Set earlier for this site, not sent now: say why it was not sent.
  for (const c of earlier.values()) {
    if (sent.has(c.name) || c.value === '') continue;
    if (c.expires !== undefined && c.expires <= c.setAt) continue;
    const why: string[] = [];
    if (c.expires !== undefined && c.expires <= at) {
      out.push(finding('session-expired', 0.85, `The session cookie "${c.name}" had expired, so it was not sent`,
        [`Set at ${isoSeconds(c.setAt)} with ${c.lifetimeText ?? 'an expiry'}: valid until ${isoSeconds(c.expires)}; request sent ${isoSeconds(at)}`], fixesLogin));
      continue;
    }
    if (c.secure && ctx.url.protocol === 'http:') why.push(`it is Secure and this request went over http (${ctx.url.origin})`);
    if (!domainMatches(c, host)) why.push(c.domain === undefined ? `it is host-only for ${new URL(c.setBy).hostname} and this request went to ${host}` : `its Domain=${c.domain} does not cover ${host}`);
    if (!pathMatches(c.path, ctx.url.pathname)) why.push(`its Path=${c.path} does not cover ${ctx.url.pathname}`);
    const looksSession = /sess|sid|auth|token|jwt|login|remember/i.test(c.name) || SESSION_WORDS.test(ctx.said);
    if (!looksSession) continue;
    out.push(finding('session-missing', why.length > 0 ? 0.9 : 0.88,
      why.length > 0 ? `The session cookie "${c.name}" was not sent: ${why[0]}` : `The login set the session cookie "${c.name}", but this request went out without it`,
      [`Set-Cookie from ${c.setBy} at ${isoSeconds(c.setAt)}: ${c.name}=${maskSecret(c.value)}${c.secure ? '; Secure' : ''}; Path=${c.path}${c.domain ? `; Domain=${c.domain}` : ''}`,
        ctx.creds.cookies.length === 0 ? 'The request has no Cookie header' : `The request sent only: ${ctx.creds.cookies.map((k) => k.name).join(', ')}`, ...why.map((w) => `Not sent because ${w}`),
        ctx.messages[0] ? `Body: ${clip(ctx.messages.join(' | '))}` : undefined],
      why.some((w) => w.includes('http')) ? ['Call the API over https, as the login did', ...fixesLogin] : ['Enable the cookie jar for this environment so the login cookie is sent', ...fixesLogin]));
  }
  if (out.length > 0) return out;
  if (!ctx.creds.any && ctx.challenges.length === 0 && SESSION_WORDS.test(ctx.said)) {
    out.push(finding('session-missing', 0.78, 'The resource needs a logged-in session, and the request has no session cookie',
      [`Body: ${clip(ctx.messages.join(' | '))}`, ctx.creds.cookies.length === 0 ? 'The request has no Cookie header' : `Cookies sent: ${ctx.creds.cookies.map((k) => k.name).join(', ')} (none looks like a session)`],
      ['Run the login request first in the same environment (cookie jar on), then this one']));
  }
  return out;
}
