import { maskSecret } from '../../mask';
import { basicView, digestView, findChallenge, parseChallenges } from '../challenge';
import type { Finding } from '../report';
import type { RefusalContext } from './context';
import { headerValue } from './context';
import { clip, finding, quote } from './finding';
import { FORBIDDEN_WORDS, NOT_AUTHENTICATED, REJECTED_WORDS } from './wording';

/**
 * Rules about what was sent against what was asked: no credentials, the wrong scheme, malformed
 * Basic, Digest outcomes, a missing challenge, and the fallbacks (credentials rejected,
 * authenticated but forbidden) when nothing more specific applies.
 */

/**
 * Challenges that name a verdict, not a scheme to answer with: npm's registry sends
 * "WWW-Authenticate: ipaddress" (token used outside its CIDR ranges) and "otp" (one-time password).
 */
const VERDICT_CHALLENGES = new Set(['ipaddress', 'otp']);
const schemeChallenges = (ctx: RefusalContext) => ctx.challenges.filter((c) => !VERDICT_CHALLENGES.has(c.schemeKey));

/**
 * The server read the credentials it was sent and refused them: its words say the key or token is
 * invalid, or a vendor header says so (Atlassian's X-Seraph-LoginReason). A challenge naming some
 * other scheme then only lists what else it takes.
 */
function readAndRefused(ctx: RefusalContext): string | undefined {
  const seraph = headerValue(ctx.resHeaders, 'x-seraph-loginreason');
  if (seraph && /AUTHENTICATED_FAILED|AUTHENTICATION_DENIED/i.test(seraph)) return `X-Seraph-LoginReason: ${seraph}`;
  if (!REJECTED_WORDS.test(ctx.said)) return undefined;
  // "Invalid token" after a Basic request is about a token that was never sent: not a judgement of the Basic credentials.
  const about = ctx.creds.authorization?.schemeKey === 'basic' ? /password|user|credentials|login|authenticat/ : /key|token|credentials|session|grant|authenticat/;
  return about.test(ctx.said) ? bodyLine(ctx) ?? challengeLine(ctx) : undefined;
}

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
  // Frameworks answer "not authenticated" with 403 too (DRF, Kubernetes' system:anonymous, API Gateway).
  const saysNobody = NOT_AUTHENTICATED.test(ctx.said);
  let conf = hasChallenge ? (errorParam ? 0.85 : 0.93) : saysNobody ? 0.9 : ctx.status === 403 ? 0.72 : 0.74;
  if (explained) conf = Math.min(conf, 0.55);
  const wants = hasChallenge ? `The server asks for ${offered(ctx)}` : 'The server asks for credentials without saying which kind (no WWW-Authenticate)';
  const others = ctx.creds.cookies.length > 0 ? `Cookies sent (${ctx.creds.cookies.map((c) => c.name).join(', ')}) are not session or auth cookies` : undefined;
  const fixes = hasChallenge
    ? [`Add ${ctx.challenges[0]?.scheme ?? 'the requested'} credentials: set an auth profile on this request, its folder or collection`, 'If the request inherits auth, check the parent really has auth configured and the environment defines its variables']
    : ['Add the credentials the API documents (Authorization header, API key or session cookie)', 'If the request inherits auth, check the parent really has auth configured'];
  const title = ctx.status !== 403 ? 'The request carried no credentials'
    : saysNobody ? 'The request carried no credentials: the 403 means "not authenticated", not "not allowed"' : 'The request carried no credentials (the server answered 403 rather than 401)';
  return [finding('no-credentials', conf, title,
    [wants, challengeLine(ctx), 'The request has no Authorization header, no API key header or query parameter, and no session cookie', others, bodyLine(ctx)], fixes)];
}

export function schemeMismatchFindings(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  const challenges = schemeChallenges(ctx);
  if (!a || challenges.length === 0 || ctx.status === 407) return [];
  const ev = [quote(a.header, a.raw), challengeLine(ctx), ...ctx.exchange.authLog.slice(0, 2).map((l) => `Auth log (${l.scheme}): ${l.message}`)];
  if (a.scheme === '') {
    return [finding('scheme-mismatch', 0.9, 'The Authorization header holds a raw token with no scheme word',
      ['The value does not start with a scheme such as "Bearer"', ...ev],
      [`Send "Authorization: ${challenges[0]?.scheme ?? 'Bearer'} <token>"`, 'In the auth profile, set the token prefix to the scheme the server asks for'])];
  }
  if (findChallenge(challenges, a.scheme)) return digestAlgorithmMismatch(ctx);
  const profile = ctx.profile ? `the "${ctx.profile}" profile sends` : 'the request sends';
  const refused = readAndRefused(ctx);
  if (refused) {
    return [finding('scheme-mismatch', 0.45, `The challenge names ${offered(ctx)}, not ${a.scheme}, but the server read the ${a.scheme} credentials and refused them`,
      [...ev, `The server judged the credentials themselves: ${refused}`], ['Only if the credentials are right: try the scheme the challenge names'])];
  }
  return [finding('scheme-mismatch', 0.9, `The server wants ${offered(ctx)}; ${profile} ${a.scheme}`, ev,
    [`Switch the auth profile to ${challenges[0]?.scheme ?? 'the offered scheme'}`, 'If the token prefix is wrong (Token vs Bearer), change the prefix in the auth settings'])];
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

/** Findings that show the server never knew who was calling, so a 403 cannot be a permission verdict. */
const NOBODY_KNOWN = new Set(['api-key-misplaced', 'blocked-by-network-policy', 'session-missing', 'session-expired', 'credentials-dropped-on-redirect']);

export function forbiddenFindings(ctx: RefusalContext, specific: readonly Finding[] = []): Finding[] {
  if (!ctx.creds.any) return [];
  const worded = FORBIDDEN_WORDS.test(ctx.said);
  if (ctx.status === 403) {
    const nobody = NOT_AUTHENTICATED.test(ctx.said) ? 0.4 : specific.some((f) => NOBODY_KNOWN.has(f.id) && f.confidence >= 0.8) ? 0.6 : 1;
    return [finding('authenticated-but-forbidden', Math.min(nobody, worded ? 0.86 : 0.7), 'The server knows who you are and still says no: a permission, not a login, problem',
      [`403 Forbidden with credentials (${describeSent(ctx)})`, bodyLine(ctx), challengeLine(ctx)],
      ['Ask the API owner to grant this user or client the permission named above', 'Check you are calling the right resource (id, tenant, project) for this account'])];
  }
  if (ctx.status === 401 && worded && /permission|not allowed|not permitted|privilege/.test(ctx.said)) {
    return [finding('authenticated-but-forbidden', 0.6, 'The 401 names a permission: the credentials were accepted but lack a right', [bodyLine(ctx)], ['Ask the API owner for the permission named above'])];
  }
  return [];
}

export function rejectedFindings(ctx: RefusalContext): Finding[] {
  if (!ctx.creds.any || ctx.status === 407) return [];
  const refused = readAndRefused(ctx);
  const worded = refused !== undefined;
  const what = ctx.creds.authorization?.scheme ? `${ctx.creds.authorization.scheme} credentials` : ctx.creds.apiKeys[0] ? 'the API key' : 'the session cookie';
  const a = ctx.creds.authorization;
  // The challenge offers another scheme, yet the server judged these credentials: they were read, and are wrong.
  const otherScheme = worded && a !== undefined && a.scheme !== '' && schemeChallenges(ctx).length > 0 && !findChallenge(schemeChallenges(ctx), a.scheme);
  const conf = otherScheme ? 0.86 : ctx.challenges.length > 0 ? (worded ? 0.78 : 0.7) : (worded ? 0.66 : 0.58);
  return [finding('credentials-rejected', conf, `The server refused ${what}`,
    [`Sent: ${describeSent(ctx)}`, a ? quote(a.header, a.raw) : undefined, challengeLine(ctx), bodyLine(ctx),
      otherScheme ? `The challenge names ${offered(ctx)}, but the server judged the ${a?.scheme ?? ''} credentials (${refused ?? ''}): they were read and refused` : undefined,
      refused?.startsWith('X-Seraph') ? refused : undefined,
      ...ctx.exchange.authLog.slice(0, 2).map((l) => `Auth log (${l.scheme}): ${l.message}`)],
    ['Check the username/password, key or token is current and for this environment', 'If it was revoked or rotated, get a new one'])];
}
