/**
 * Whether the NAME of a header, query parameter, form field or variable says its value is a
 * credential. Imports use it to move such values to the secret store. The name is split into
 * words (`X-Api-Key`, `x_api_key` and `xApiKey` all read "x api key"), and the LAST word decides,
 * so `token_type`, `token_url`, `password_policy` or `secret_name` are not credentials while
 * `access_token`, `x-auth-token`, `client_secret` and `db_password` are.
 */

/** A last word that alone makes a credential. */
const CREDENTIAL_WORDS = new Set([
  'authorization', 'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'cookie',
  'credentials', 'sessionid', 'jsessionid', 'phpsessid',
]);

/** The last two words, for names where the last word alone is too common ("key", "id"). */
const CREDENTIAL_PAIRS = new Set([
  'api key', 'secret key', 'private key', 'access key', 'subscription key', 'functions key', 'auth key', 'app key',
  'master key', 'client key', 'session id', 'auth token',
]);

/** Tokens that page, sync or deduplicate rather than authenticate (`pageToken`, `next_token`). */
const NOT_CREDENTIAL_BEFORE_TOKEN = new Set(['page', 'next', 'prev', 'previous', 'continuation', 'pagination', 'cursor', 'sync', 'resume', 'change', 'idempotency']);

/** Whole names that are credentials though their words are too plain to list (`?auth=`, `X-Auth`, `pass`). */
const CREDENTIAL_NAMES = new Set(['auth', 'x auth', 'pass', 'sid', 'session', 'jwt', 'bearer']);

/** `XApiKey` → ['x', 'api', 'key']; `APIKey` → ['api', 'key']; `access_token` → ['access', 'token']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined) return false;
  const before = words.at(-2);
  if (CREDENTIAL_NAMES.has(words.join(' '))) return true;
  if (before !== undefined && CREDENTIAL_PAIRS.has(`${before} ${last}`)) return true;
  if (!CREDENTIAL_WORDS.has(last)) return false;
  return !(last === 'token' && before !== undefined && NOT_CREDENTIAL_BEFORE_TOKEN.has(before));
}
