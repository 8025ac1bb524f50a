import { maskHeaderValue, redactor } from './mask';
import type { Exchange, HeaderList, SentRequest } from './model';

/**
 * The exchange as it may be shown or saved: credential headers masked, and every known secret
 * value (variables marked secret, auth secret fields) redacted wherever it appears — URL, headers,
 * body preview, auth log. The live exchange keeps raw values because the inspector verifies them.
 */
export function maskExchange(e: Exchange, secrets: readonly string[]): Exchange {
  const redact = redactorFor(secrets);
  const headers = (h: HeaderList): HeaderList => {
    // Most header lists hold nothing to mask: keep the list rather than copy every pair.
    const masked = h.map(([k, v]) => redact(maskHeaderValue(k, v)));
    return masked.every((v, i) => v === h[i]?.[1]) ? h : h.map(([k], i) => [k, masked[i] as string]);
  };
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
 * One run masks every exchange with the same few secrets: their encoded forms and sorted list are
 * worked out once per distinct set, not once per exchange.
 */
const recent = new Map<string, (text: string) => string>();
function redactorFor(secrets: readonly string[]): (text: string) => string {
  const key = secrets.join('\0');
  let found = recent.get(key);
  if (!found) {
    found = redactor(withUrlForms(secrets));
    if (recent.size >= 32) recent.delete(recent.keys().next().value as string);
    recent.set(key, found);
  }
  return found;
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
