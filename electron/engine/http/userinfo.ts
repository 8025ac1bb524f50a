import type { PreparedRequest } from './types';

export interface Userinfo {
  req: PreparedRequest;
  /** The password and the Basic token made from it, for masking. */
  secrets: string[];
  /** Set when credentials were taken out of the URL. */
  note?: string | undefined;
}

/**
 * `http://user:pw@host/`: the userinfo never goes on the wire in the URL (undici would drop it
 * silently, and the exchange would show a URL the server never received, password included).
 * Decided like curl: it becomes `Authorization: Basic` when the request has no Authorization of its
 * own, and is dropped otherwise (an auth scheme or a hand-set header wins, as `curl -u` does).
 * Either way the URL shown and sent has no userinfo. Idempotent: a stripped request is returned as is.
 */
export function userinfoToBasic(req: PreparedRequest): Userinfo {
  // No '@' anywhere, no userinfo: skip parsing the URL on every request.
  if (!req.url.includes('@')) return { req, secrets: [] };
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { req, secrets: [] };
  }
  if (url.username === '' && url.password === '') return { req, secrets: [] };
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  url.username = '';
  url.password = '';
  const hasAuthorization = req.headers.some(([k]) => k.toLowerCase() === 'authorization');
  const token = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  const secrets = [password, token].filter((s) => s !== '');
  if (hasAuthorization) {
    return { req: { ...req, url: url.href }, secrets, note: `Credentials in the URL were removed: the request already has an Authorization header` };
  }
  return {
    req: {
      ...req,
      url: url.href,
      headers: [...req.headers, ['Authorization', `Basic ${token}`]],
      credentialHeaders: req.credentialHeaders.some((h) => h.toLowerCase() === 'authorization') ? req.credentialHeaders : [...req.credentialHeaders, 'authorization'],
    },
    secrets,
    note: `Credentials in the URL (user "${user}") were sent as Authorization: Basic, as curl does, and removed from the URL`,
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
