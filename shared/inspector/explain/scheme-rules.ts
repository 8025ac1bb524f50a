import { maskSecret } from '../../mask';
import { basicView, digestView, findChallenge, parseChallenges } from '../challenge';
import type { Finding } from '../report';
import type { RefusalContext } from './context';
import { headerValue } from './context';
import { clip, finding, quote } from './finding';

/**
 * Rules about what was sent against what was asked: no credentials, the wrong scheme, malformed
 * Basic, Digest outcomes, API keys in the wrong place, a missing challenge, and the fallbacks
 * (credentials rejected, authenticated but forbidden) when nothing more specific applies.
 */

const offered = (ctx: RefusalContext): string => ctx.challenges.map((c) => c.scheme).join(', ');
const challengeLine = (ctx: RefusalContext): string | undefined =>
  ctx.challengeValues.length > 0 ? `${ctx.challengeHeaderName}: ${clip(ctx.challengeValues.join(', '), 300)}` : undefined;
const bodyLine = (ctx: RefusalContext): string | undefined => (ctx.messages[0] ? `Body: ${clip(ctx.messages.join(' | '))}` : undefined);

export function noCredentialFindings(ctx: RefusalContext, prior: readonly Finding[]): Finding[] {
  if (ctx.creds.any || ctx.status === 407) return [];
  // Something earlier explains the absence better (dropped on redirect, session cookie not sent).
  const explained = prior.some((f) => ['credentials-dropped-on-redirect', 'session-missing', 'session-expired', 'api-key-misplaced', 'blocked-by-network-policy'].includes(f.id));
  const hasChallenge = ctx.challenges.length > 0;
  const errorParam = ctx.challenges.some((c) => c.params.error !== undefined);
  let conf = hasChallenge ? (errorParam ? 0.85 : 0.93) : ctx.status === 403 ? 0.72 : 0.74;
  if (explained) conf = Math.min(conf, 0.55);
  const wants = hasChallenge ? `The server asks for ${offered(ctx)}` : 'The server asks for credentials without saying which kind (no WWW-Authenticate)';
  const others = ctx.creds.cookies.length > 0 ? `Cookies sent (${ctx.creds.cookies.map((c) => c.name).join(', ')}) are not session or auth cookies` : undefined;
  const fixes = hasChallenge
    ? [`Add ${ctx.challenges[0]?.scheme ?? 'the requested'} credentials: set an auth profile on this request, its folder or collection`, 'If the request inherits auth, check the parent really has auth configured and the environment defines its variables']
    : ['Add the credentials the API documents (Authorization header, API key or session cookie)', 'If the request inherits auth, check the parent really has auth configured'];
  return [finding('no-credentials', conf, ctx.status === 403 ? 'The request carried no credentials (the server answered 403 rather than 401)' : 'The request carried no credentials',
    [wants, challengeLine(ctx), 'The request has no Authorization header, no API key header or query parameter, and no session cookie', others, bodyLine(ctx)], fixes)];
}

export function schemeMismatchFindings(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  if (!a || ctx.challenges.length === 0 || ctx.status === 407) return [];
  const ev = [quote(a.header, a.raw), challengeLine(ctx), ...ctx.exchange.authLog.slice(0, 2).map((l) => `Auth log (${l.scheme}): ${l.message}`)];
  if (a.scheme === '') {
    return [finding('scheme-mismatch', 0.9, 'The Authorization header holds a raw token with no scheme word',
      ['The value does not start with a scheme such as "Bearer"', ...ev],
      [`Send "Authorization: ${ctx.challenges[0]?.scheme ?? 'Bearer'} <token>"`, 'In the auth profile, set the token prefix to the scheme the server asks for'])];
  }
  if (findChallenge(ctx.challenges, a.scheme)) return digestAlgorithmMismatch(ctx);
  const profile = ctx.profile ? `the "${ctx.profile}" profile sends` : 'the request sends';
  return [finding('scheme-mismatch', 0.9, `The server wants ${offered(ctx)}; ${profile} ${a.scheme}`, ev,
    [`Switch the auth profile to ${ctx.challenges[0]?.scheme ?? 'the offered scheme'}`, 'If the token prefix is wrong (Token vs Bearer), change the prefix in the auth settings'])];
}

/** Answering a SHA-256 Digest challenge with MD5 (seen in other clients) is a scheme mismatch too. */
function digestAlgorithmMismatch(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  if (!a || a.schemeKey !== 'digest') return [];
  const sent = parseChallenges(a.raw).challenges[0]?.params.algorithm ?? 'MD5';
  const algs = ctx.challenges.filter((c) => c.schemeKey === 'digest').map((c) => digestView(c).algorithm);
  if (algs.some((x) => x.toLowerCase() === sent.toLowerCase())) return [];
  return [finding('scheme-mismatch', 0.88, `The server offers Digest with ${algs.join(', ')}; the client answered with ${sent}`,
    [`Sent algorithm=${sent}`, challengeLine(ctx)], [`Use a client that supports Digest ${algs[0] ?? ''} (RFC 7616), or set the Digest algorithm in the auth profile`])];
}

export function basicFindings(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  if (!a || a.schemeKey !== 'basic') return [];
  const v = a.value.trim();
  const ev = (decoded: string): string[] => [`${a.header}: Basic ${maskSecret(v)}`, decoded];
  const fixes = ['Encode "username:password" as base64 (the auth profile\'s Basic type does this for you)', 'Check the username and password variables are both set'];
  if (v === '') return [finding('malformed-basic-credentials', 0.95, 'The Basic credentials are empty', ev('Nothing follows "Basic"'), fixes)];
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || v.length % 4 !== 0) {
    const plain = v.includes(':') ? ` (it looks like "${v.split(':')[0]}:…" sent without base64 encoding)` : '';
    return [finding('malformed-basic-credentials', 0.94, `The Basic value is not valid base64${plain}`, ev(`Value length ${v.length}${/[^A-Za-z0-9+/=]/.test(v) ? `, character ${JSON.stringify(/[^A-Za-z0-9+/=]/.exec(v)?.[0])} is not base64` : ''}`), fixes)];
  }
  let bin: string;
  try {
    bin = atob(v);
  } catch {
    return [finding('malformed-basic-credentials', 0.9, 'The Basic value does not decode as base64', ev('atob refused it'), fixes)];
  }
  const colon = bin.indexOf(':');
  if (colon < 0) {
    return [finding('malformed-basic-credentials', 0.93, `The Basic value decodes to "${clip(bin, 40)}" with no colon and no password`,
      ev(`Decoded: "${clip(bin, 40)}" (RFC 7617 §2 needs user-id ":" password)`), fixes)];
  }
  const user = bin.slice(0, colon);
  const password = bin.slice(colon + 1);
  const nonAscii = /[^\x20-\x7e]/.test(bin);
  const charset = ctx.challenges.map((c) => basicView(c).charset).find((x) => x !== undefined);
  if (nonAscii && charset?.toLowerCase() !== 'utf-8') {
    return [finding('malformed-basic-credentials', 0.72, 'The Basic credentials hold non-ASCII characters the server did not declare it accepts',
      ev(`Decoded: "${user}:${maskSecret(password)}"; the challenge has no charset="UTF-8" (RFC 7617 §2.1)`),
      ['Try the latin1 charset in the Basic auth settings, or avoid non-ASCII characters in the username/password'])];
  }
  return [];
}

export function digestFindings(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  if (!a || a.schemeKey !== 'digest') return [];
  const ch = ctx.challenges.find((c) => c.schemeKey === 'digest');
  if (!ch) return [];
  const view = digestView(ch);
  const sent = parseChallenges(a.raw).challenges[0]?.params ?? {};
  const ev = [`Authorization: Digest username="${sent.username ?? '?'}", realm="${sent.realm ?? '?'}", nonce="${sent.nonce ?? '?'}", uri="${sent.uri ?? '?'}" (response hash not shown)`, challengeLine(ctx)];
  if (view.stale) {
    return [finding('digest-stale-nonce', 0.96, 'The Digest nonce expired (stale=true): the password was right, repeat with the new nonce', ev,
      ['Retry once with the new nonce from this challenge (Keyhole\'s Digest auth does this automatically)', 'If it repeats, the server\'s nonce lifetime is shorter than the time between requests'])];
  }
  const notes: string[] = [];
  if (sent.realm !== undefined && view.realm !== undefined && sent.realm !== view.realm) notes.push(`The realm answered ("${sent.realm}") is not the one challenged ("${view.realm}")`);
  const target = ctx.url ? ctx.url.pathname + ctx.url.search : undefined;
  if (sent.uri !== undefined && target !== undefined && sent.uri !== target && sent.uri !== ctx.urlText) notes.push(`uri="${sent.uri}" does not match the request target ${target}`);
  if (sent.nonce !== undefined && view.nonce !== undefined && sent.nonce !== view.nonce) notes.push('The nonce answered differs from the one now challenged, but the server did not say stale: the old nonce may be unknown to it');
  return [finding('credentials-rejected', notes.length > 0 ? 0.75 : 0.8,
    notes.length > 0 ? 'The Digest response was refused: it does not match the challenge' : 'The Digest credentials were refused: wrong username or password (the nonce was not stale)',
    [...ev, ...notes], ['Check the username and password in the Digest auth profile', 'Check the realm: some servers keep a different user list per realm'])];
}

const HEADER_NAMED = /(?:['"`]|\b)((?:x-)?[a-z0-9-]*(?:api[-_]?key|apikey|token|key|auth[a-z-]*|secret)[a-z0-9-]*)['"`]?\s+(?:http\s+)?(?:request\s+)?header/i;
const HEADER_NAMED_AFTER = /header\s*(?:named\s+|called\s+|:\s*)?['"`]([a-z0-9-]+)['"`]/i;
const QUERY_NAMED = /(?:query(?:\s+string)?\s+param(?:eter)?\s+['"`]?([a-z0-9_-]+))|(?:['"`]([a-z0-9_-]+)['"`]\s+(?:query|url)\s+param)/i;

export function apiKeyFindings(ctx: RefusalContext): Finding[] {
  const keys = ctx.creds.apiKeys;
  const text = ctx.messages.join(' \n ') + ' ' + ctx.challengeValues.join(' ');
  const namedHeader = HEADER_NAMED.exec(text)?.[1] ?? HEADER_NAMED_AFTER.exec(text)?.[1];
  const q = QUERY_NAMED.exec(text);
  const namedQuery = q?.[1] ?? q?.[2];
  const saysMissing = /(missing|no|required|provide|invalid|without).{0,30}(api[-_ ]?key|key)|(api[-_ ]?key).{0,30}(missing|required|not (found|provided|present))/i.test(text);
  if (keys.length === 0) return [];
  const sentAt = keys.map((k) => `${k.where === 'query' ? 'query parameter' : 'header'} ${k.name}=${maskSecret(k.value)}`);
  const fixes = (where: string): string[] => [`Send the key ${where}: in the API key auth settings choose that location and name`, 'API developer: say in the 401 body where the key is expected (as this one does)'];
  if (namedHeader && !/^authorization$/i.test(namedHeader) && !keys.some((k) => k.where === 'header' && k.name.toLowerCase() === namedHeader.toLowerCase())) {
    return [finding('api-key-misplaced', 0.92, `The API key was sent as ${sentAt[0]}, but the API reads it from the ${namedHeader} header`,
      [`Sent: ${sentAt.join(', ')}`, bodyLine(ctx), challengeLine(ctx)], fixes(`in the "${namedHeader}" header`))];
  }
  if (namedQuery && !keys.some((k) => k.where === 'query' && k.name.toLowerCase() === namedQuery.toLowerCase())) {
    return [finding('api-key-misplaced', 0.88, `The API key was sent as ${sentAt[0]}, but the API reads the query parameter ${namedQuery}`,
      [`Sent: ${sentAt.join(', ')}`, bodyLine(ctx)], fixes(`as the query parameter "${namedQuery}"`))];
  }
  if (saysMissing && /(missing|no |required|not (found|provided|present))/i.test(text)) {
    return [finding('api-key-misplaced', 0.8, `An API key was sent (${sentAt[0]}), yet the server says it is missing: it reads the key from somewhere else`,
      [`Sent: ${sentAt.join(', ')}`, bodyLine(ctx)], ['Check the API documentation for the header or query parameter name of the key (and any prefix it needs)'])];
  }
  return [];
}

export function challengeMissingFindings(ctx: RefusalContext): Finding[] {
  if (ctx.status !== 401 || ctx.challenges.length > 0) return [];
  const server = headerValue(ctx.resHeaders, 'server');
  return [finding('challenge-missing', ctx.creds.any ? 0.64 : 0.45, 'The 401 has no WWW-Authenticate header, so the server does not say what it wants',
    ['No WWW-Authenticate header (RFC 9110 §15.5.2 requires one on a 401)', server ? `Server: ${server}` : undefined, bodyLine(ctx),
      ctx.creds.any ? `Credentials were sent (${describeSent(ctx)}) and refused` : undefined],
    ['Check the credentials are the ones this API expects (the 401 gives no other clue)', 'API developer: add a WWW-Authenticate challenge to 401 responses (often lost in .htaccess, a gateway or middleware)'])];
}

export function describeSent(ctx: RefusalContext): string {
  const c = ctx.creds;
  const parts: string[] = [];
  if (c.authorization) parts.push(`Authorization ${c.authorization.scheme || '(no scheme)'}`);
  for (const k of c.apiKeys) parts.push(`${k.where} ${k.name}`);
  if (c.sessionCookies.length > 0) parts.push(`cookie ${c.sessionCookies.map((k) => k.name).join(', ')}`);
  return parts.join('; ');
}

const FORBIDDEN_WORDS = /permission|not allowed|forbidden|access denied|not authori[sz]ed to|\brole\b|privilege|no access|not permitted|denied/;

export function forbiddenFindings(ctx: RefusalContext): Finding[] {
  if (!ctx.creds.any) return [];
  const worded = FORBIDDEN_WORDS.test(ctx.said);
  if (ctx.status === 403) {
    return [finding('authenticated-but-forbidden', worded ? 0.86 : 0.7, 'The server knows who you are and still says no: a permission, not a login, problem',
      [`403 Forbidden with credentials (${describeSent(ctx)})`, bodyLine(ctx), challengeLine(ctx)],
      ['Ask the API owner to grant this user or client the permission named above', 'Check you are calling the right resource (id, tenant, project) for this account'])];
  }
  if (ctx.status === 401 && worded && /permission|not allowed|not permitted|privilege/.test(ctx.said)) {
    return [finding('authenticated-but-forbidden', 0.6, 'The 401 names a permission: the credentials were accepted but lack a right', [bodyLine(ctx)], ['Ask the API owner for the permission named above'])];
  }
  return [];
}

const REJECTED_WORDS = /invalid (credentials|api[-_ ]?key|key|token|username|password|user)|bad credentials|wrong (password|username|credentials)|incorrect|unknown (api[-_ ]?key|key|user)|revoked|not recogni[sz]ed|authentication failed|login failed/;

export function rejectedFindings(ctx: RefusalContext): Finding[] {
  if (!ctx.creds.any || ctx.status === 407) return [];
  const worded = REJECTED_WORDS.test(ctx.said);
  const what = ctx.creds.authorization?.scheme ? `${ctx.creds.authorization.scheme} credentials` : ctx.creds.apiKeys[0] ? 'the API key' : 'the session cookie';
  return [finding('credentials-rejected', ctx.challenges.length > 0 ? (worded ? 0.78 : 0.7) : (worded ? 0.66 : 0.58), `The server refused ${what}`,
    [`Sent: ${describeSent(ctx)}`, ctx.creds.authorization ? quote(ctx.creds.authorization.header, ctx.creds.authorization.raw) : undefined, challengeLine(ctx), bodyLine(ctx),
      ...ctx.exchange.authLog.slice(0, 2).map((l) => `Auth log (${l.scheme}): ${l.message}`)],
    ['Check the username/password, key or token is current and for this environment', 'If it was revoked or rotated, get a new one'])];
}
