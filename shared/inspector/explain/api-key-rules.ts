import { maskSecret } from '../../mask';
import type { Finding } from '../report';
import type { RefusalContext } from './context';
import { clip, finding } from './finding';
import { conventionsFor, keyInPlace, placeText, sentKeys, type KeyConvention, type SentKey } from './vendor-keys';
import { NOT_AUTHENTICATED, REJECTED_WORDS } from './wording';

/**
 * API keys sent where the service does not read them: the place the server names in its refusal
 * ("x-api-key header is required", "in the Authorization header, using Bearer auth"), or, when it
 * names none, the place the vendor documents (vendor-keys.ts).
 */

const HEADER_NAMED = /(?:['"`]|\b)((?:x-)?[a-z0-9-]*(?:api[-_]?key|apikey|token|key|auth[a-z-]*|secret)[a-z0-9-]*)['"`]?\s+(?:http\s+)?(?:request\s+)?header/i;
const HEADER_NAMED_AFTER = /header\s*(?:named\s+|called\s+|:\s*)?['"`]([a-z0-9-]+)['"`]/i;
const QUERY_NAMED = /(?:query(?:\s+string)?\s+param(?:eter)?\s+['"`]?([a-z0-9_-]+))|(?:['"`]([a-z0-9_-]+)['"`]\s+(?:query|url)\s+param)/i;
/** "in the Authorization header, using Bearer auth", "Authorization: Bearer YOUR_KEY". */
const AUTHORIZATION_NAMED = /authorization header,? using (bearer|basic|token) auth|authorization: (bearer|basic|token) [a-z_<{]/i;
const SAYS_MISSING = /(missing|no|required|provide|invalid|without).{0,30}(api[-_ ]?key|key)|(api[-_ ]?key).{0,30}(missing|required|not (found|provided|present))/i;

const bodyLine = (ctx: RefusalContext): string | undefined => (ctx.messages[0] ? `Body: ${clip(ctx.messages.join(' | '))}` : undefined);
const challengeLine = (ctx: RefusalContext): string | undefined =>
  ctx.challengeValues.length > 0 ? `${ctx.challengeHeaderName}: ${clip(ctx.challengeValues.join(', '), 300)}` : undefined;
const shown = (k: SentKey): string => `${k.where} ${maskSecret(k.value)}`;

function fixes(place: string): string[] {
  return [`Send the key in ${place}: in the API key auth settings choose that location and name`, 'API developer: say in the 401 body where the key is expected'];
}

export function apiKeyFindings(ctx: RefusalContext): Finding[] {
  const keys = sentKeys(ctx);
  if (keys.length === 0) return [];
  const text = ctx.messages.join(' \n ') + ' ' + ctx.challengeValues.join(' ');
  const sent = `Sent: ${keys.map(shown).join(', ')}`;
  const first = keys[0] as SentKey;
  const named = namedPlaceFinding(ctx, text, keys, sent);
  if (named) return [named];
  const byVendor = conventionFinding(ctx, keys, sent);
  if (byVendor) return [byVendor];
  if (SAYS_MISSING.test(text) && /(missing|no |required|not (found|provided|present))/i.test(text)) {
    return [finding('api-key-misplaced', 0.8, `An API key was sent (${shown(first)}), yet the server says it is missing: it reads the key from somewhere else`,
      [sent, bodyLine(ctx)], ['Check the API documentation for the header or query parameter name of the key (and any prefix it needs)'])];
  }
  return [];
}

/** The refusal itself says where the key goes. */
function namedPlaceFinding(ctx: RefusalContext, text: string, keys: readonly SentKey[], sent: string): Finding | undefined {
  const first = keys[0] as SentKey;
  const apiKeys = ctx.creds.apiKeys;
  const header = HEADER_NAMED.exec(text)?.[1] ?? HEADER_NAMED_AFTER.exec(text)?.[1];
  if (header && !/^authorization$/i.test(header) && !apiKeys.some((k) => k.where === 'header' && k.name.toLowerCase() === header.toLowerCase())) {
    return finding('api-key-misplaced', 0.92, `The API key was sent as ${shown(first)}, but the API reads it from the ${header} header`,
      [sent, bodyLine(ctx), challengeLine(ctx)], fixes(`the "${header}" header`));
  }
  const auth = AUTHORIZATION_NAMED.exec(text);
  const scheme = auth?.[1] ?? auth?.[2];
  if (scheme && ctx.creds.authorization?.schemeKey !== scheme.toLowerCase()) {
    const place = `"Authorization: ${scheme[0]?.toUpperCase()}${scheme.slice(1).toLowerCase()} <key>"`;
    return finding('api-key-misplaced', 0.92, `The API key was sent as ${shown(first)}, but the API reads it from ${place}`,
      [sent, bodyLine(ctx), challengeLine(ctx)], fixes(place));
  }
  const q = QUERY_NAMED.exec(text);
  const query = q?.[1] ?? q?.[2];
  if (query && !apiKeys.some((k) => k.where === 'query' && k.name.toLowerCase() === query.toLowerCase())) {
    return finding('api-key-misplaced', 0.88, `The API key was sent as ${shown(first)}, but the API reads the query parameter ${query}`,
      [sent, bodyLine(ctx)], fixes(`the query parameter "${query}"`));
  }
  return undefined;
}

/** The vendor documents where its keys go, and the key went elsewhere. */
function conventionFinding(ctx: RefusalContext, keys: readonly SentKey[], sent: string): Finding | undefined {
  for (const c of conventionsFor(ctx, keys)) {
    if (c.basicUser !== undefined || keyInPlace(ctx, c)) continue;
    const own = keys.find((k) => c.prefix?.test(k.value)) ?? (keys[0] as SentKey);
    const saysMissing = /missing|required|not provided|not found/.test(ctx.said) || NOT_AUTHENTICATED.test(ctx.said);
    // A key the server calls invalid was usually read where it was sent; vendors with a
    // recognisable prefix say "invalid" for a key they never looked for, so it only weighs less.
    const conf = 0.86 + (c.prefix?.test(own.value) ? 0.04 : 0) + (saysMissing ? 0.02 : 0) - (REJECTED_WORDS.test(ctx.said) ? 0.04 : 0);
    return finding('api-key-misplaced', conf, `The ${c.vendor} key was sent as ${shown(own)}, but ${c.vendor} reads it from ${placeText(c)}`,
      [sent, bodyLine(ctx), challengeLine(ctx), conventionNote(c, ctx)], fixes(placeText(c)));
  }
  return undefined;
}

function conventionNote(c: KeyConvention, ctx: RefusalContext): string {
  const note = `${c.vendor} documents API keys in ${placeText(c)}`;
  return c.bearerForJwtOnly && ctx.creds.authorization?.schemeKey === 'bearer'
    ? `${note}; Authorization: Bearer there is for OAuth access tokens (JWTs), and this value is not one` : note;
}

/** Services that take Basic with a fixed username (Mailgun: "api") and the key as password. */
export function basicUserFindings(ctx: RefusalContext): Finding[] {
  const a = ctx.creds.authorization;
  if (!a || a.schemeKey !== 'basic') return [];
  let user: string;
  try {
    const decoded = atob(a.value.trim());
    if (!decoded.includes(':')) return [];
    user = decoded.slice(0, decoded.indexOf(':'));
  } catch {
    return [];
  }
  const c = conventionsFor(ctx, []).find((x) => x.basicUser !== undefined && x.basicUser !== user);
  if (!c) return [];
  return [finding('credentials-rejected', 0.88, `${c.vendor} expects the Basic username "${c.basicUser}" with the API key as password; the request sent "${clip(user, 40)}"`,
    [`Authorization: Basic ${maskSecret(a.value.trim())} decodes to user "${clip(user, 40)}"`, bodyLine(ctx), challengeLine(ctx)],
    [`Set the Basic username to "${c.basicUser}" and the password to the API key`])];
}
