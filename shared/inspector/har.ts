import { KeyholeError, err, ok, type Result } from '../errors';
import type { Exchange, HeaderList, Hop } from '../model';
import { encodeBase64Text } from './text';

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) to Keyhole exchanges, one exchange
 * per entry so that report indexes are HAR entry indexes. An entry whose predecessor's
 * response.redirectURL is its URL continues that redirect chain: the earlier entries become its
 * hops. Exporters disagree on details (cookies only in `cookies`, -1 for unknown sizes, relative
 * redirect URLs), so reading is lenient; only what leaves nothing to explain is an error.
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
/** Redirect chains longer than this are loops; the tail is enough to explain the last hop. */
const MAX_HOPS = 20;

function headerList(v: unknown): HeaderList {
  if (!Array.isArray(v)) return [];
  const out: HeaderList = [];
  for (const h of v) if (isObj(h) && typeof h.name === 'string') out.push([h.name, str(h.value)]);
  return out;
}

const has = (headers: HeaderList, name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);

function cookieAttrs(c: Json): string {
  let s = `${str(c.name)}=${str(c.value)}`;
  if (typeof c.path === 'string') s += `; Path=${c.path}`;
  if (typeof c.domain === 'string') s += `; Domain=${c.domain}`;
  if (typeof c.expires === 'string' && c.expires !== '') {
    const t = Date.parse(c.expires);
    if (!Number.isNaN(t)) s += `; Expires=${new Date(t).toUTCString()}`;
  }
  if (c.httpOnly === true) s += '; HttpOnly';
  if (c.secure === true) s += '; Secure';
  return s;
}

/** Some exporters list cookies only in `cookies`; rebuild the headers the wire carried. */
function withCookies(headers: HeaderList, cookies: unknown, request: boolean): HeaderList {
  if (!Array.isArray(cookies) || cookies.length === 0) return headers;
  const list = cookies.filter(isObj).filter((c) => typeof c.name === 'string');
  if (request && !has(headers, 'cookie')) {
    return [...headers, ['Cookie', list.map((c) => `${str(c.name)}=${str(c.value)}`).join('; ')]];
  }
  if (!request && !has(headers, 'set-cookie')) return [...headers, ...list.map((c): [string, string] => ['Set-Cookie', cookieAttrs(c)])];
  return headers;
}

function resolveUrl(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

function readEntry(e: unknown, i: number): Result<{ ex: Exchange; redirectTo: string | undefined }> {
  if (!isObj(e) || !isObj(e.request) || !isObj(e.response)) {
    return err(new KeyholeError('file-malformed', `HAR entry ${i} has no request or response object`, { hint: 'Each log.entries[] item needs "request" and "response" (HAR 1.2)' }));
  }
  const rq = e.request;
  const rs = e.response;
  const url = str(rq.url);
  if (url === '') return err(new KeyholeError('file-malformed', `HAR entry ${i} has no request.url`, { hint: 'Re-export the HAR; request.url is required' }));
  const started = str(e.startedDateTime);
  const startedAt = Number.isNaN(Date.parse(started)) ? new Date(0).toISOString() : started;
  const content = isObj(rs.content) ? rs.content : {};
  const text = str(content.text);
  const base64 = content.encoding === 'base64' ? text : encodeBase64Text(text);
  const postData = isObj(rq.postData) ? rq.postData : undefined;
  const timings = isObj(e.timings) ? e.timings : {};
  const redirect = str(rs.redirectURL);
  const status = typeof rs.status === 'number' ? Math.trunc(rs.status) : 0;
  const ex: Exchange = {
    id: `har-${i}`,
    startedAt,
    request: {
      method: str(rq.method, 'GET').toUpperCase(),
      url,
      headers: withCookies(headerList(rq.headers), rq.cookies, true),
      bodyPreview: postData ? str(postData.text).slice(0, 200) : undefined,
      bodySize: num(rq.bodySize),
    },
    response: {
      status,
      statusText: str(rs.statusText),
      httpVersion: str(rs.httpVersion),
      headers: withCookies(headerList(rs.headers), rs.cookies, false),
      body: { storage: 'inline', base64 },
      headersSize: num(rs.headersSize),
      bodySizeCompressed: num(rs.bodySize),
      bodySizeDecoded: num(content.size),
      contentEncoding: [],
    },
    hops: [],
    timings: {
      dns: num(timings.dns), connect: num(timings.connect), tls: num(timings.ssl),
      firstByte: num(timings.wait), download: num(timings.receive), total: num(e.time),
    },
    authLog: [],
    warnings: [],
  };
  if (typeof e.serverIPAddress === 'string') ex.remoteAddress = e.serverIPAddress;
  const redirectTo = redirect !== '' ? resolveUrl(redirect, url) : undefined;
  return ok({ ex, redirectTo });
}

function toHop(ex: Exchange, location: string | undefined): Hop {
  return {
    request: ex.request, status: ex.response.status, statusText: ex.response.statusText,
    responseHeaders: ex.response.headers, location, startedAt: ex.startedAt, removedHeaders: [],
  };
}

/** Reads a HAR document (text or already parsed JSON) into exchanges, one per entry. */
export function harToExchanges(input: string | unknown, source = 'the HAR'): Result<Exchange[]> {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input) as unknown;
    } catch (e) {
      return err(new KeyholeError('file-malformed', `${source} is not JSON: ${e instanceof Error ? e.message : String(e)}`, { hint: 'Export the HAR again (browser devtools: Network > Save all as HAR)' }));
    }
  }
  const log = isObj(doc) && isObj(doc.log) ? doc.log : undefined;
  if (!log || !Array.isArray(log.entries)) {
    return err(new KeyholeError('file-malformed', `${source} has no log.entries array, so it is not a HAR 1.2 file`, { hint: 'A HAR looks like {"log": {"version": "1.2", "entries": [...]}}' }));
  }
  const out: Exchange[] = [];
  let chain: Hop[] = [];
  let expected: string | undefined;
  for (let i = 0; i < log.entries.length; i++) {
    const r = readEntry(log.entries[i], i);
    if (!r.ok) return r;
    const { ex, redirectTo } = r.value;
    const prev = out[out.length - 1];
    if (prev && expected !== undefined && sameUrl(expected, ex.request.url)) {
      chain = [...chain, toHop(prev, expected)].slice(-MAX_HOPS);
      // startedAt stays this entry's own time: the HAR spec makes it the request time for exp/nbf.
      ex.hops = chain;
    } else {
      chain = [];
    }
    expected = redirectTo;
    out.push(ex);
  }
  return ok(out);
}

function sameUrl(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}
