import type { HeaderList } from '../../model';
import { cleanTokenText } from '../jwt/decode';

/**
 * What credentials a request carried, and where: Authorization (scheme + value), API keys in
 * headers or the query string, cookies. Names follow common practice (OpenAPI apiKey schemes,
 * cloud gateways); a credential the rules do not recognise by name is simply not counted.
 */

export interface AuthorizationValue {
  header: string;
  raw: string;
  /** The scheme word as sent, '' when the value has no scheme (a raw token). */
  scheme: string;
  schemeKey: string;
  /** Everything after the scheme and its separating space(s), untouched. */
  value: string;
}

export interface ApiKeyCredential {
  where: 'header' | 'query';
  name: string;
  value: string;
}

export interface CookieCredential { name: string; value: string }

export interface TokenCredential {
  /** Where it came from ("Authorization", "query access_token"). */
  from: string;
  raw: string;
  /** With quotes, a doubled scheme word and surrounding whitespace removed. */
  cleaned: string;
  looksJwt: boolean;
}

export interface Credentials {
  authorization: AuthorizationValue | undefined;
  authorizationCount: number;
  proxyAuthorization: AuthorizationValue | undefined;
  apiKeys: ApiKeyCredential[];
  cookies: CookieCredential[];
  /** Cookies whose names look like a session or auth cookie. */
  sessionCookies: CookieCredential[];
  token: TokenCredential | undefined;
  /** Any credential for the origin server (not the proxy). */
  any: boolean;
  /** Every secret value seen, so evidence can be redacted wholesale. */
  secrets: string[];
}

const API_KEY_HEADER = /^(x-)?(api[-_]?key|apikey|api[-_]?token|auth[-_]?token|access[-_]?token|x?-?token|app[-_]?key|app[-_]?id|client[-_]?secret|subscription[-_]?key|ocp-apim-subscription-key|x-functions-key|private-token|x-goog-api-key|x-[a-z0-9-]*-(key|token|secret))$/i;
const NOT_CREDENTIAL_HEADER = /^(x-)?(csrf|xsrf|x-csrf-token|x-xsrf-token|x-request-id|x-correlation-id)/i;
const API_KEY_QUERY = /^(api[-_]?key|apikey|key|access[-_]?token|token|auth|auth[-_]?token|api[-_]?token|app[-_]?key|appkey|appid|app_id|subscription-key|client_secret|private_token|x-api-key)$/i;
const SESSION_COOKIE = /sess|^sid$|[-_.]sid$|^connect\.sid|auth|token|jwt|login|remember|identity|^_?user|^laravel|^ci_session/i;
/** Anti-forgery cookies ("csrftoken", "XSRF-TOKEN") prove nothing about who is calling. */
const NOT_SESSION_COOKIE = /csrf|xsrf/i;
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.|$)/;

export function parseAuthorization(header: string, raw: string): AuthorizationValue {
  const m = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(\s+)([\s\S]*)$/.exec(raw);
  // A value that is one word is a scheme alone ("Bearer") or a raw token ("eyJ..."): tokens are long.
  if (!m) {
    const word = raw.trim();
    const isScheme = /^[A-Za-z][A-Za-z0-9-]*$/.test(word) && word.length <= 20 && !JWT_SHAPE.test(word);
    return { header, raw, scheme: isScheme ? word : '', schemeKey: isScheme ? word.toLowerCase() : '', value: isScheme ? '' : raw };
  }
  const scheme = m[1] as string;
  if (JWT_SHAPE.test(scheme) || scheme.length > 30) return { header, raw, scheme: '', schemeKey: '', value: raw };
  return { header, raw, scheme, schemeKey: scheme.toLowerCase(), value: m[3] as string };
}

function parseCookieHeader(value: string, out: CookieCredential[]): void {
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name !== '') out.push({ name, value: eq < 0 ? '' : part.slice(eq + 1).trim() });
  }
}

const TOKEN_SCHEMES = new Set(['bearer', 'token', 'jwt', 'dpop', 'oauth']);

/**
 * A JWT's first segment is base64url JSON, so it starts "ey" ('{'); dotted API keys such as
 * SendGrid's "SG.xxx.yyy" have three segments too and are not JWTs.
 */
function looksJwt(text: string): boolean {
  const segments = text.split('.').length;
  return JWT_SHAPE.test(text) || (text.startsWith('ey') && (segments === 3 || segments === 5));
}

export function extractCredentials(headers: HeaderList, url: URL | undefined): Credentials {
  const c: Credentials = {
    authorization: undefined, authorizationCount: 0, proxyAuthorization: undefined,
    apiKeys: [], cookies: [], sessionCookies: [], token: undefined, any: false, secrets: [],
  };
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (key === 'authorization') {
      c.authorizationCount++;
      c.authorization ??= parseAuthorization(name, value);
    } else if (key === 'proxy-authorization') {
      c.proxyAuthorization ??= parseAuthorization(name, value);
    } else if (key === 'cookie') {
      parseCookieHeader(value, c.cookies);
    } else if (API_KEY_HEADER.test(key) && !NOT_CREDENTIAL_HEADER.test(key) && value.trim() !== '') {
      c.apiKeys.push({ where: 'header', name, value });
    }
  }
  if (url) {
    for (const [name, value] of url.searchParams) {
      if (API_KEY_QUERY.test(name) && value !== '') c.apiKeys.push({ where: 'query', name, value });
    }
  }
  c.sessionCookies = c.cookies.filter((k) => SESSION_COOKIE.test(k.name) && !NOT_SESSION_COOKIE.test(k.name) && k.value !== '');
  const a = c.authorization;
  if (a && (TOKEN_SCHEMES.has(a.schemeKey) || a.scheme === '')) {
    const cleaned = cleanTokenText(a.value.replace(/^bearer\s+/i, ''), []);
    c.token = { from: a.header, raw: a.value, cleaned, looksJwt: looksJwt(cleaned) };
  } else {
    const q = c.apiKeys.find((k) => k.where === 'query' && /access[-_]?token/i.test(k.name));
    if (q) c.token = { from: `query parameter ${q.name}`, raw: q.value, cleaned: q.value.trim(), looksJwt: JWT_SHAPE.test(q.value.trim()) };
  }
  c.any = a !== undefined || c.apiKeys.length > 0 || c.sessionCookies.length > 0;
  if (a) c.secrets.push(a.value, a.value.trim());
  if (c.proxyAuthorization) c.secrets.push(c.proxyAuthorization.value);
  if (c.token) c.secrets.push(c.token.cleaned);
  for (const k of c.apiKeys) c.secrets.push(k.value);
  for (const k of c.cookies) c.secrets.push(k.value);
  return c;
}
