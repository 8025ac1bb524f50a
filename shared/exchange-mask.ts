import { maskHeaderValue, redact } from './mask';
import type { Exchange, HeaderList, SentRequest } from './model';

/**
 * The exchange as it may be shown or saved: credential headers masked, and every known secret
 * value (variables marked secret, auth secret fields) redacted wherever it appears — URL, headers,
 * body preview, auth log. The live exchange keeps raw values because the inspector verifies them.
 */
export function maskExchange(e: Exchange, secrets: readonly string[]): Exchange {
  const headers = (h: HeaderList): HeaderList => h.map(([k, v]) => [k, redact(maskHeaderValue(k, v), secrets)]);
  const request = (r: SentRequest): SentRequest => ({
    ...r,
    url: redact(r.url, secrets),
    headers: headers(r.headers),
    ...(r.bodyPreview === undefined ? {} : { bodyPreview: redact(r.bodyPreview, secrets) }),
  });
  return {
    ...e,
    request: request(e.request),
    response: { ...e.response, headers: headers(e.response.headers) },
    hops: e.hops.map((h) => ({ ...h, request: request(h.request), responseHeaders: headers(h.responseHeaders), ...(h.location === undefined ? {} : { location: redact(h.location, secrets) }) })),
    authLog: e.authLog.map((l) => ({ ...l, message: redact(l.message, secrets) })),
    warnings: e.warnings.map((w) => redact(w, secrets)),
  };
}
