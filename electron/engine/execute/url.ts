import { KeyholeError } from '../../../shared/errors';
import type { KeyValue } from '../../../shared/model';
import { assertNoLineBreaks } from '../http/url-text';

/**
 * Builds the URL to send: a missing scheme means http:// (as Postman and curl assume), and enabled
 * query rows are appended after any query already typed into the URL. A WebSocket request's URL
 * (ws://, wss://, or no scheme for ws://) comes back in its handshake's http:// or https:// form,
 * which is what auth schemes sign, cookies match and origin rules compare; the WebSocket client
 * turns it back (websocket/urls.ts).
 */
export function buildUrl(raw: string, query: readonly KeyValue[], requestName: string, encoding: 'keyhole' | 'postman' | 'as-written' = 'keyhole', protocol: 'http' | 'websocket' | 'grpc' = 'http'): string {
  // Without query rows the URL depends on its text, encoding and protocol alone, and a run sends
  // the same few again and again: parsing one is a visible share of a request.
  const plain = !query.some(isRow);
  const key = plain ? `${protocol}\u0000${encoding}\u0000${raw}` : '';
  const known = plain ? built.get(key) : undefined;
  if (known !== undefined) return known;
  const url = parseUrl(raw, query, requestName, encoding, protocol);
  if (plain) {
    if (built.size >= 256) built.delete(built.keys().next().value as string);
    built.set(key, url);
  }
  return url;
}

/** URLs built lately from a text, encoding and protocol with no query rows. */
const built = new Map<string, string>();
const isRow = (q: KeyValue): boolean => q.enabled !== false && q.key !== '';

function parseUrl(raw: string, query: readonly KeyValue[], requestName: string, encoding: 'keyhole' | 'postman' | 'as-written', protocol: 'http' | 'websocket' | 'grpc'): string {
  const trimmed = raw.trim();
  if (trimmed === '') {
    throw new KeyholeError('url-invalid', `Request ${requestName} has no URL`, { hint: 'Type a URL such as https://api.example.com/v1/users.' });
  }
  assertNoLineBreaks(raw, `The URL of request "${requestName}"`);
  const schemed = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${protocol === 'websocket' ? 'ws' : protocol === 'grpc' ? 'grpc' : 'http'}://${trimmed}`;
  // A gRPC URL likewise: grpc:// is plaintext HTTP/2 (http://), grpcs:// is TLS (https://).
  const withScheme = protocol === 'websocket' ? schemed.replace(/^ws(s?):\/\//i, 'http$1://') : protocol === 'grpc' ? schemed.replace(/^grpc(s?):\/\//i, 'http$1://') : schemed;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KeyholeError('url-invalid', `Request ${requestName} has an invalid URL: ${trimmed}`, { details: { url: trimmed } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KeyholeError('url-invalid', protocol === 'websocket'
      ? `WebSocket request ${requestName} uses ${url.protocol} — use ws: or wss:`
      : protocol === 'grpc' ? `gRPC request ${requestName} uses ${url.protocol} — use grpc: (plaintext) or grpcs: (TLS)`
      : `Request ${requestName} uses ${url.protocol} — only http: and https: are sent${/^wss?:$/.test(url.protocol) ? ' (a ws:// URL is a WebSocket request: `keyhole send` connects to it, the app has New WebSocket)' : ''}`, { details: { url: trimmed } });
  }
  const rows = query.filter(isRow);
  // disableUrlEncoding: the text as typed (checked above to be a URL), rows appended unencoded;
  // the transport puts its path and query on the wire without normalising them.
  if (encoding === 'as-written') {
    const text = withScheme.split('#')[0] ?? '';
    if (rows.length === 0) return text;
    return `${text}${text.includes('?') ? '&' : '?'}${rows.map((q) => `${q.key}=${q.value}`).join('&')}`;
  }
  if (rows.length === 0) return url.toString();
  const extra = encoding === 'postman'
    ? rows.map((q) => `${postmanQueryPart(q.key, true)}=${postmanQueryPart(q.value, false)}`).join('&')
    : rows.map((q) => `${encodeQueryPart(q.key)}=${encodeQueryPart(q.value)}`).join('&');
  url.search = url.search ? `${url.search}&${extra}` : `?${extra}`;
  return url.toString();
}

/** Like encodeURIComponent but leaves characters that are safe in a query as typed. */
function encodeQueryPart(s: string): string {
  return encodeURIComponent(s).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%40/g, '@');
}

/**
 * Postman's query encoding (postman-url-encoder): only controls, space, " # ' < > and & (and = in
 * a key) are escaped, and non-ASCII as UTF-8; braces, plus signs and the rest go as typed.
 */
function postmanQueryPart(s: string, key: boolean): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const escape = c <= 0x20 || c >= 0x7f || ch === '"' || ch === '#' || ch === "'" || ch === '<' || ch === '>' || ch === '&' || (key && ch === '=');
    // A lone surrogate has no UTF-8 form: it goes as U+FFFD, as TextEncoder would send it.
    out += !escape ? ch : c >= 0xd800 && c <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(ch);
  }
  return out;
}
