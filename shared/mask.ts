/**
 * Secrets are shown as at most their first 4 and last 4 characters. Short secrets show less, so
 * that the visible part is never most of the secret.
 */
export function maskSecret(value: string): string {
  if (value.length === 0) return '';
  if (value.length <= 8) return '•'.repeat(Math.min(value.length, 8));
  if (value.length <= 16) return `${value.slice(0, 2)}…${value.slice(-2)}`;
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

/** Replaces every occurrence of every known secret in a text (longest first, so overlaps mask fully). */
export function redact(text: string, secrets: Iterable<string>): string {
  return redactor(secrets)(text);
}

/**
 * `redact` with the secret list sorted once: masking an exchange redacts dozens of strings, and
 * rebuilding the list for each was a visible share of a long run.
 */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  const masks = list.map(maskSecret);
  return (text) => {
    let out = text;
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as string;
      if (out.includes(s)) out = out.split(s).join(masks[i]);
    }
    return out;
  };
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-amz-security-token']);

/** True for header names whose values are credentials and must be masked in any output. */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/** Masks a credential header value but keeps its scheme word visible ("Bearer eyJh…xyz1"). */
export function maskHeaderValue(name: string, value: string): string {
  if (!isCredentialHeader(name)) return value;
  const lower = name.toLowerCase();
  if (lower === 'cookie' || lower === 'set-cookie') {
    return value.replace(/(^|;\s*)([^=;]+)=([^;]*)/g, (_m, pre: string, k: string, v: string) => `${pre}${k}=${maskSecret(v)}`);
  }
  const m = /^(\S+)\s+(.+)$/.exec(value);
  if (m && m[1] && m[2] && /^[A-Za-z][A-Za-z0-9-]*$/.test(m[1])) {
    // "Digest username=..., response=..." carries no secret but its response hash; mask values wholesale.
    return `${m[1]} ${maskSecret(m[2])}`;
  }
  return maskSecret(value);
}
