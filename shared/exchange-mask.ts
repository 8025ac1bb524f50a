import { maskHeaderValue, redactor } from './mask';
import type { Exchange, HeaderList, SentRequest } from './model';

/**
 * The exchange as it may be shown or saved: credential headers masked, and every known secret
 * value (variables marked secret, auth secret fields) redacted wherever it appears — URL, headers,
 * body preview, auth log. The live exchange keeps raw values because the inspector verifies them.
 */
export function maskExchange(e: Exchange, secrets: readonly string[]): Exchange {
  const redact = redactor(withUrlForms(secrets));
  const headers = (h: HeaderList): HeaderList => h.map(([k, v]) => [k, redact(maskHeaderValue(k, v))]);
  const request = (r: SentRequest): SentRequest => ({
    ...r,
    url: redact(r.url),
    headers: headers(r.headers),
    ...(r.bodyPreview === undefined ? {} : { bodyPreview: redact(r.bodyPreview) }),
  });
  return {
    ...e,
    request: request(e.request),
    response: { ...e.response, headers: headers(e.response.headers) },
    hops: e.hops.map((h) => ({ ...h, request: request(h.request), responseHeaders: headers(h.responseHeaders), ...(h.location === undefined ? {} : { location: redact(h.location) }) })),
    authLog: e.authLog.map((l) => ({ ...l, message: redact(l.message) })),
    warnings: e.warnings.map((w) => redact(w)),
  };
}

/**
 * A secret in a URL is percent-encoded, by an auth scheme (encodeURIComponent), a form-style query
 * (space as '+') or the URL parser itself (a {{secret}} resolved into the query or path): each of
 * those forms is the same secret and is redacted too.
 */
function withUrlForms(secrets: readonly string[]): string[] {
  const out = new Set(secrets);
  for (const s of secrets) {
    out.add(encodeURIComponent(s));
    out.add(new URLSearchParams({ s }).toString().slice(2));
    if (URL.canParse(`http://h/?${s}`)) out.add(new URL(`http://h/?${s}`).search.slice(1));
    if (URL.canParse(`http://h/${s}`)) out.add(new URL(`http://h/${s}`).pathname.slice(1));
  }
  return [...out];
}
