import { KeyholeError } from '../../../shared/errors';
import type { KeyValue } from '../../../shared/model';

/**
 * Builds the URL to send: a missing scheme means http:// (as Postman and curl assume), and enabled
 * query rows are appended after any query already typed into the URL. A WebSocket request's URL
 * (ws://, wss://, or no scheme for ws://) comes back in its handshake's http:// or https:// form,
 * which is what auth schemes sign, cookies match and origin rules compare; the WebSocket client
 * turns it back (websocket/urls.ts).
 */
export function buildUrl(raw: string, query: readonly KeyValue[], requestName: string, protocol: 'http' | 'websocket' = 'http'): string {
  const trimmed = raw.trim();
  if (trimmed === '') {
    throw new KeyholeError('url-invalid', `Request ${requestName} has no URL`, { hint: 'Type a URL such as https://api.example.com/v1/users.' });
  }
  const schemed = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${protocol === 'websocket' ? 'ws' : 'http'}://${trimmed}`;
  const withScheme = protocol === 'websocket' ? schemed.replace(/^ws(s?):\/\//i, 'http$1://') : schemed;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KeyholeError('url-invalid', `Request ${requestName} has an invalid URL: ${trimmed}`, { details: { url: trimmed } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KeyholeError('url-invalid', protocol === 'websocket'
      ? `WebSocket request ${requestName} uses ${url.protocol} — use ws: or wss:`
      : `Request ${requestName} uses ${url.protocol} — only http: and https: are sent${/^wss?:$/.test(url.protocol) ? ' (a ws:// URL is a WebSocket request: `keyhole send` connects to it, the app has New WebSocket)' : ''}`, { details: { url: trimmed } });
  }
  const rows = query.filter((q) => q.enabled !== false && q.key !== '');
  if (rows.length === 0) return url.toString();
  const extra = rows.map((q) => `${encodeQueryPart(q.key)}=${encodeQueryPart(q.value)}`).join('&');
  url.search = url.search ? `${url.search}&${extra}` : `?${extra}`;
  return url.toString();
}

/** Like encodeURIComponent but leaves characters that are safe in a query as typed. */
function encodeQueryPart(s: string): string {
  return encodeURIComponent(s).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%40/g, '@');
}
