import { KeyholeError } from '../../../shared/errors';
import type { KeyValue } from '../../../shared/model';
import { assertNoLineBreaks } from '../http/url-text';

/**
 * Builds the URL to send: a missing scheme means http:// (as Postman and curl assume), and enabled
 * query rows are appended after any query already typed into the URL.
 */
export function buildUrl(raw: string, query: readonly KeyValue[], requestName: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') {
    throw new KeyholeError('url-invalid', `Request ${requestName} has no URL`, { hint: 'Type a URL such as https://api.example.com/v1/users.' });
  }
  assertNoLineBreaks(raw, `The URL of request "${requestName}"`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KeyholeError('url-invalid', `Request ${requestName} has an invalid URL: ${trimmed}`, { details: { url: trimmed } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KeyholeError('url-invalid', `Request ${requestName} uses ${url.protocol} — only http: and https: are sent`, { details: { url: trimmed } });
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
