import { mapShared } from './map-shared';
import { maskHeaderValue, recentRedactor, redactor } from './mask';
import type { Exchange, HeaderList, SentRequest, StreamLog } from './model';

/**
 * The exchange as it may be shown or saved: credential headers masked, and every known secret
 * value (variables marked secret, auth secret fields) redacted wherever it appears — URL, headers,
 * body preview, auth log. The live exchange keeps raw values because the inspector verifies them.
 */
export function maskExchange(e: Exchange, secrets: readonly string[]): Exchange {
  const redact = redactorFor(secrets);
  // Parts with nothing to mask are shared with the live exchange, not copied: both are read-only
  // values, and most of an exchange (the response above all) holds no secret.
  const req = maskRequest(e.request, redact);
  const responseHeaders = maskHeaders(e.response.headers, redact);
  const response = responseHeaders === e.response.headers ? e.response : { ...e.response, headers: responseHeaders };
  const hops = e.hops.length === 0 ? e.hops : mapShared(e.hops, (h) => {
    const hr = maskRequest(h.request, redact);
    const rh = maskHeaders(h.responseHeaders, redact);
    const location = h.location === undefined ? undefined : redact(h.location);
    return hr === h.request && rh === h.responseHeaders && location === h.location ? h : { ...h, request: hr, responseHeaders: rh, ...(location === undefined ? {} : { location }) };
  });
  const authLog = e.authLog.length === 0 ? e.authLog : mapShared(e.authLog, (l) => {
    const message = redact(l.message);
    return message === l.message ? l : { ...l, message };
  });
  const warnings = mapShared(e.warnings, redact);
  const stream = e.stream && maskStream(e.stream, redact);
  if (req === e.request && response === e.response && hops === e.hops && authLog === e.authLog && warnings === e.warnings && stream === e.stream) return e;
  return { ...e, request: req, response, hops, authLog, warnings, ...(stream ? { stream } : {}) };
}

/** Most header lists hold nothing to mask: the list is kept rather than every pair copied. */
function maskHeaders(h: HeaderList, redact: (text: string) => string): HeaderList {
  return mapShared(h, (pair) => {
    const masked = redact(maskHeaderValue(pair[0], pair[1]));
    return masked === pair[1] ? pair : [pair[0], masked];
  });
}

function maskRequest(r: SentRequest, redact: (text: string) => string): SentRequest {
  const url = redact(r.url);
  const h = maskHeaders(r.headers, redact);
  const bodyPreview = r.bodyPreview === undefined ? undefined : redact(r.bodyPreview);
  if (url === r.url && h === r.headers && bodyPreview === r.bodyPreview) return r;
  return { ...r, url, headers: h, ...(bodyPreview === undefined ? {} : { bodyPreview }) };
}

/** A stream's text messages (WebSocket frames, events) with secrets redacted; usually already done as they were logged. */
function maskStream(s: StreamLog, redact: (text: string) => string): StreamLog {
  const messages = mapShared(s.messages, (m) => {
    if (m.type === 'binary') return m;
    const data = redact(m.data);
    const reason = m.reason === undefined ? undefined : redact(m.reason);
    return data === m.data && reason === m.reason ? m : { ...m, data, ...(reason === undefined ? {} : { reason }) };
  });
  const close = s.close && redact(s.close.reason) !== s.close.reason ? { ...s.close, reason: redact(s.close.reason) } : s.close;
  return messages === s.messages && close === s.close ? s : { ...s, messages, ...(close ? { close } : {}) };
}

/**
 * One run masks every exchange with the same few secrets: their encoded forms and sorted list are
 * worked out once per distinct set, not once per exchange.
 */
const redactorFor = (secrets: readonly string[]): ((text: string) => string) => recentRedactor(secrets, 'url', urlFormsRedactor);
const urlFormsRedactor = (secrets: readonly string[]): ((text: string) => string) => redactor(withUrlForms(secrets));

/**
 * A secret in a URL is percent-encoded, by an auth scheme (encodeURIComponent), a form-style query
 * (space as '+') or the URL parser itself (a {{secret}} resolved into the query or path): each of
 * those forms is the same secret and is redacted too.
 */
export function withUrlForms(secrets: readonly string[]): string[] {
  const out = new Set(secrets);
  for (const s of secrets) {
    out.add(encodeURIComponent(s));
    out.add(new URLSearchParams({ s }).toString().slice(2));
    if (URL.canParse(`http://h/?${s}`)) out.add(new URL(`http://h/?${s}`).search.slice(1));
    if (URL.canParse(`http://h/${s}`)) out.add(new URL(`http://h/${s}`).pathname.slice(1));
  }
  return [...out];
}
