/**
 * Names of headers, query parameters and variables that carry credentials by convention:
 * `Authorization`, `X-API-Key`, `access_token`, `client_secret`, `password`... Their values are
 * treated as secrets wherever the app keeps a copy (drafts, imports). Names that merely mention a
 * credential's metadata (`token_type`, `expires_in`) are not.
 */
const EXACT = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token',
  'ocp-apim-subscription-key', 'x-goog-api-key', 'x-amz-security-token', 'private-token', 'x-vault-token',
]);
const WORDS = /(^|[-_.\s])(api[-_]?key|apikey|token|access[-_]?token|refresh[-_]?token|id[-_]?token|secret|client[-_]?secret|password|passwd|pwd|passphrase|private[-_]?key|session[-_]?id|sessionid|auth|credentials?|signature)($|[-_.\s])/i;
const NOT = /(^|[-_.\s])(type|expires?|expiry|expires[-_]in|url|uri|endpoint|name|id|length|count|hint)$/i;

export function looksLikeCredentialName(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (n === '') return false;
  if (EXACT.has(n)) return true;
  return WORDS.test(n) && !NOT.test(n);
}
