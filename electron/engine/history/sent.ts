import { withUrlForms } from '../../../shared/exchange-mask';
import { isCredentialHeader, maskSecret, redactor } from '../../../shared/mask';
import type { Exchange, HeaderList, HistoryBody, HistorySent, SentRequest } from '../../../shared/model';
import type { PreparedBody } from '../http/types';

/**
 * Names that carry credentials by convention (X-Auth-Token, api_key, client_secret...), beyond the
 * headers shared/mask.ts always masks. A history outlives the session, so it errs on the safe side.
 */
const CREDENTIAL_NAME = /auth|token|secret|passw|pwd|api[-_]?key|access[-_]?key|credential|session|signature|cookie/i;

export function looksLikeCredential(name: string): boolean {
  return isCredentialHeader(name) || CREDENTIAL_NAME.test(name);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Rewrites the values of credential-looking query parameters in a URL and leaves every other
 * character as it was: re-serialising through URL would re-encode the masks and the {{variables}}.
 */
export function mapCredentialQuery(url: string, replace: (value: string, name: string) => string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const query = url.slice(q + 1, end).replace(/(^|&)([^=&]+)=([^&]*)/g, (whole, pre: string, name: string, value: string) => {
    const key = decoded(name);
    return value === '' || !looksLikeCredential(key) ? whole : `${pre}${name}=${replace(value, key)}`;
  });
  return url.slice(0, q + 1) + query + url.slice(end);
}

const maskedUrl = (url: string): string => mapCredentialQuery(url, (v) => maskSecret(decoded(v)));

/** Credential headers arrive masked by maskExchange; credential-looking custom ones are masked here. */
function maskedHeaders(headers: HeaderList): HeaderList {
  return headers.map(([k, v]) => (isCredentialHeader(k) || !looksLikeCredential(k) ? [k, v] : [k, maskSecret(v)]));
}

/**
 * What went out: the first hop's URL (the request as resolved; a redirect's target is finalUrl),
 * and the headers of the last attempt at that URL, because an auth scheme answering a challenge
 * (Digest) sends again there and only that retry carries the header it added.
 */
export function sentOf(masked: Exchange, body: PreparedBody, secrets: readonly string[], bodyCap: number): HistorySent {
  const all: SentRequest[] = [...masked.hops.map((h) => h.request), masked.request];
  const first = all[0] ?? masked.request;
  const attempt = all.filter((r) => r.url === first.url).at(-1) ?? first;
  const kept = bodyOf(body, first.bodySize, secrets, bodyCap);
  return {
    method: attempt.method,
    url: maskedUrl(first.url),
    headers: maskedHeaders(attempt.headers),
    ...(kept ? { body: kept } : {}),
    ...(masked.request.url === first.url ? {} : { finalUrl: maskedUrl(masked.request.url) }),
  };
}

/** A URL that never reached the wire (the send failed before), masked the same way. */
export function failedUrl(url: string, secrets: readonly string[]): string {
  return maskedUrl(redactor(withUrlForms(secrets))(url));
}

/** Secrets as they can stand in a body: raw, URL- and form-encoded, and escaped inside a JSON string. */
function bodyForms(secrets: readonly string[]): string[] {
  return [...withUrlForms(secrets), ...secrets.map((s) => JSON.stringify(s).slice(1, -1))];
}

function bodyOf(body: PreparedBody, size: number, secrets: readonly string[], cap: number): HistoryBody | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'file':
      return { size, truncated: false, note: `file ${body.path}` };
    case 'multipart':
      return { size, truncated: false, note: `multipart form, ${body.fields.length} fields` };
    case 'bytes':
      return textBody(body.data, secrets, cap);
  }
}

/**
 * Reads a little past the cap before redacting, so that a secret straddling the cut is masked
 * whole rather than leaving its first half in the history.
 */
function textBody(data: Uint8Array, secrets: readonly string[], cap: number): HistoryBody {
  const forms = bodyForms(secrets);
  const slack = forms.reduce((n, f) => Math.max(n, Buffer.byteLength(f)), 0);
  const window = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, cap + slack));
  const cutShort = window.length < data.byteLength;
  let text = window.toString('utf8');
  if (cutShort) text = text.replace(/\uFFFD+$/, '');
  if (/[\uFFFD\0-\x08\x0E-\x1F]/.test(text)) return { size: data.byteLength, truncated: false, note: `binary, ${data.byteLength} bytes` };
  const redacted = redactor(forms)(text);
  const kept = cutUtf8(redacted, cap);
  return { size: data.byteLength, text: kept, truncated: cutShort || kept !== redacted };
}

/** At most `cap` bytes of UTF-8, never half a character. */
export function cutUtf8(text: string, cap: number): string {
  if (text.length <= cap / 4 || Buffer.byteLength(text) <= cap) return text;
  return Buffer.from(text).subarray(0, cap).toString('utf8').replace(/\uFFFD+$/, '');
}
