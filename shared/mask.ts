/**
 * What a masked secret looks like wherever it is shown: one fixed string, so the output tells
 * neither a character of the secret nor its length. ASCII, so reports and logs stay one byte a
 * character.
 */
export const MASK = '****';

/**
 * Passwords, client secrets, private keys, API keys, signatures and every value the user marked
 * secret: the fixed mask. An empty value stays empty, since "nothing was sent" is the diagnosis
 * and reveals no secret.
 */
export function maskSecret(value: string): string {
  return value === '' ? '' : MASK;
}

/**
 * Prefixes that a token's format makes public (a JWT's header always encodes to `eyJ`; GitHub,
 * GitLab, OpenAI, Anthropic, Stripe, Slack, npm and Google print theirs on every token). Shown so
 * a reader can tell which kind of token went out; they say nothing of the token's secret part.
 */
const PUBLIC_TOKEN_PREFIX = /^(?:eyJ|gh[opsur]_|github_pat_|glpat-|sk-(?:proj-|ant-)?|(?:sk|pk|rk)_(?:live|test)_|xox[abeoprs]-|npm_|ya29\.)/;

/** Characters a token must have beyond its prefix for the prefix to be shown at all. */
const PREFIX_MIN_REST = 8;

/** Tokens this long may show their last 4 characters, to tell two tokens apart. */
const TAIL_MIN_LENGTH = 24;

/**
 * Bearer tokens, access, refresh and session tokens: the public prefix of their format, the fixed
 * mask, and the last 4 characters of a token of 24 characters or more ("eyJ****x9Qk").
 */
export function maskToken(value: string): string {
  if (value === '') return '';
  const prefix = PUBLIC_TOKEN_PREFIX.exec(value)?.[0] ?? '';
  const shownPrefix = value.length - prefix.length >= PREFIX_MIN_REST ? prefix : '';
  const tail = value.length >= TAIL_MIN_LENGTH ? value.slice(-4) : '';
  return `${shownPrefix}${MASK}${tail}`;
}

/** Replaces every occurrence of every known secret in a text (longest first, so overlaps mask fully). */
export function redact(text: string, secrets: Iterable<string>): string {
  return redactor(secrets)(text);
}

/**
 * `redact` with the secret list sorted once: masking an exchange redacts dozens of strings, and
 * rebuilding the list for each is a visible share of a long run. A known secret may be anything
 * (a password in a URL, a key echoed in a body), so each is replaced by the fixed mask.
 */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };
}

/**
 * `redactor(secrets)` for a list met recently (`build` makes one when it is not): a session masks
 * call after call with the same few lists, and building one sorts and filters the list each time.
 * Keyed by the values themselves, so a changed secret gets a redactor of its own.
 */
const recent = new Map<string, (text: string) => string>();
export function recentRedactor(secrets: readonly string[], tag = '', build: (secrets: readonly string[]) => (text: string) => string = redactor): (text: string) => string {
  const key = `${tag}\u0000${secrets.join('\u0000')}`;
  let found = recent.get(key);
  if (!found) {
    found = build(secrets);
    if (recent.size >= 64) recent.delete(recent.keys().next().value as string);
    recent.set(key, found);
  }
  return found;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-amz-security-token']);

/** True for header names whose values are credentials and must be masked in any output. */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/** Authorization schemes whose credential is a token (RFC 6750 Bearer, RFC 9449 DPoP, `token`). */
const TOKEN_SCHEMES = new Set(['bearer', 'dpop', 'token']);

/**
 * Masks a credential header value but keeps its scheme word visible ("Bearer eyJ****x9Qk",
 * "Basic ****"). A token scheme's credential is masked as a token; any other (Basic's encoded
 * password, Digest's response, a signature, an API key) wholesale.
 */
export function maskHeaderValue(name: string, value: string): string {
  if (!isCredentialHeader(name)) return value;
  const lower = name.toLowerCase();
  // A Cookie header is all name=value pairs; a Set-Cookie has one, then attributes (Path, Expires)
  // that are no secret and tell the reader where and how long the cookie holds.
  if (lower === 'cookie') return value.replace(/(^|;\s*)([^=;]+)=([^;]*)/g, (_m, pre: string, k: string, v: string) => `${pre}${k}=${maskToken(v)}`);
  if (lower === 'set-cookie') return value.replace(/^([^=;]+)=([^;]*)/, (_m, k: string, v: string) => `${k}=${maskToken(v)}`);
  const m = /^(\S+)\s+(.+)$/.exec(value);
  if (m && m[1] && m[2] && /^[A-Za-z][A-Za-z0-9-]*$/.test(m[1])) {
    return `${m[1]} ${TOKEN_SCHEMES.has(m[1].toLowerCase()) ? maskToken(m[2]) : maskSecret(m[2])}`;
  }
  return maskSecret(value);
}
