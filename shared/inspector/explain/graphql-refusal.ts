import type { Exchange } from '../../model';
import type { Finding, GraphqlRefusalInfo } from '../report';
import { decodeBase64Text, encodeBase64Text } from '../text';
import { headerValue, type RefusalContext } from './context';
import { clip, finding } from './finding';
import { rank } from './rank';

/**
 * GraphQL servers refuse inside a 200: the response's `errors[]` says UNAUTHENTICATED or FORBIDDEN
 * (GraphQL over HTTP lets a server answer 200 whatever the errors), and with partial data only the
 * refused fields are null. Each vendor spells it its own way; this module reads them all into one
 * verdict, which the explainer then judges as the HTTP refusal it stands for (401 or 403), so the
 * same rules read the credentials, the token and the scopes.
 */

type Verdict = 'unauthenticated' | 'forbidden' | 'either';

export interface GraphqlRefusedError {
  message: string;
  /** The error's path joined with dots ("repository.issues.0"), or undefined for a request-level error. */
  path: string | undefined;
  /** The code as the server spelled it (extensions.code, GitHub's type, AppSync's errorType...). */
  code: string | undefined;
  verdict: Verdict;
}

export interface GraphqlRefusal {
  errors: GraphqlRefusedError[];
  /** Fields of `data` that did come back: the refusal is of some fields only. */
  answered: string[];
  /** The status the refusal stands for: 401 (who are you?) or 403 (not you). */
  as: 401 | 403;
}

/**
 * Codes by vendor. Apollo Server's UNAUTHENTICATED/FORBIDDEN (the de-facto convention), Apollo
 * Router's UNAUTHORIZED_FIELD_OR_TYPE, Hasura's access-denied/invalid-jwt/invalid-headers,
 * GitHub's type FORBIDDEN/INSUFFICIENT_SCOPES, Shopify's ACCESS_DENIED, AppSync's errorType
 * UnauthorizedException/Unauthorized, Spring GraphQL's classification UNAUTHORIZED/FORBIDDEN and
 * Lighthouse's category authentication/authorization.
 */
const CODES: Record<string, Verdict> = {
  unauthenticated: 'unauthenticated', 'invalid-jwt': 'unauthenticated', 'invalid-headers': 'unauthenticated',
  unauthorizedexception: 'unauthenticated', authentication: 'unauthenticated', not_authenticated: 'unauthenticated',
  authentication_required: 'unauthenticated', invalid_token: 'unauthenticated', token_expired: 'unauthenticated',
  // "Unauthorized" means "who are you?" as in HTTP; AppSync's field-level errorType "Unauthorized" is read apart (verdictOf).
  unauthorized: 'unauthenticated',
  forbidden: 'forbidden', access_denied: 'forbidden', 'access-denied': 'either', permission_denied: 'forbidden',
  insufficient_scopes: 'forbidden', authorization: 'forbidden', not_authorized: 'either', unauthorized_field_or_type: 'either',
};

/** graphql-shield's "Not Authorised!", and servers that only put words in the message. */
const REFUSING_MESSAGE = /\bnot authori[sz]ed\b|\bunauthori[sz]ed\b|\bnot authenticated\b|\bunauthenticated\b|\baccess denied\b|\bpermission denied\b|\bforbidden\b|must be (signed|logged) in|authentication (is )?required|\binsufficient (permissions|scopes?)\b|not been granted the required scopes/i;

/** Codes that say the document or its input is wrong: a word like "forbidden" in their message is about the query. */
const NOT_REFUSALS = new Set(['graphql_parse_failed', 'graphql_validation_failed', 'bad_user_input', 'bad_request', 'persisted_query_not_found', 'persisted_query_not_supported', 'operation_resolution_failure', 'validation-failed', 'parse-failed']);

const LOGIN_WORDS = /authenticat|\bjwt\b|\btoken\b|credential|(signed|logged) in|log ?in\b|sign ?in\b/i;

const MAX_BODY = 256 * 1024;

function codeOf(e: Record<string, unknown>): string | undefined {
  const ext = typeof e.extensions === 'object' && e.extensions !== null ? e.extensions as Record<string, unknown> : {};
  for (const v of [ext.code, e.type, e.errorType, ext.classification, ext.category, e.code]) if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

function pathOf(e: Record<string, unknown>): string | undefined {
  return Array.isArray(e.path) && e.path.length > 0 ? e.path.map(String).join('.') : undefined;
}

/** GitHub answers NOT_FOUND for what the token may not see; it is a refusal when its scope headers show a scope missing. */
function githubHidden(exchange: Exchange, code: string | undefined, message: string): boolean {
  if (code !== 'NOT_FOUND' || !/could not resolve to/i.test(message)) return false;
  const have = headerValue(exchange.response.headers, 'x-oauth-scopes');
  if (have === undefined) return false;
  const scopes = have.split(/[\s,]+/).filter((s) => s !== '');
  const accepted = (headerValue(exchange.response.headers, 'x-accepted-oauth-scopes') ?? '').split(/[\s,]+/).filter((s) => s !== '');
  return accepted.length > 0 ? !accepted.some((s) => scopes.includes(s)) : !scopes.includes('repo');
}

function verdictOf(exchange: Exchange, e: Record<string, unknown>, code: string | undefined, message: string): Verdict | undefined {
  // AppSync's errorType "Unauthorized" comes from a resolver's authorization check: a permission verdict for a known caller.
  const byCode = e.errorType === 'Unauthorized' ? 'either' : code === undefined ? undefined : CODES[code.toLowerCase()];
  const worded = code === undefined || !NOT_REFUSALS.has(code.toLowerCase());
  const v = byCode ?? (githubHidden(exchange, code, message) ? 'forbidden' : worded && REFUSING_MESSAGE.test(message) ? 'either' : undefined);
  // Hasura's access-denied and a bare "Unauthorized" are said of a failed login too: the message tells which.
  return v === 'either' && LOGIN_WORDS.test(message) ? 'unauthenticated' : v;
}

/**
 * The refusal in a GraphQL response, or undefined when the response is not a GraphQL one or none
 * of its errors refuses. A GraphQL response is a JSON object whose only keys are `data`, `errors`
 * and `extensions` (GraphQL spec §7.1.1), so a REST body with an `errors` list is not read as one.
 */
export function readGraphqlRefusal(exchange: Exchange): GraphqlRefusal | undefined {
  const body = exchange.response.body;
  if (body.storage !== 'inline' || body.base64 === '') return undefined;
  const text = decodeBase64Text(body.base64, MAX_BODY);
  if (!text.includes('"errors"')) return undefined;
  let json: unknown;
  try { json = JSON.parse(text); } catch { return undefined; }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if (!Array.isArray(o.errors) || Object.keys(o).some((k) => k !== 'data' && k !== 'errors' && k !== 'extensions')) return undefined;
  const errors: GraphqlRefusedError[] = [];
  for (const e of o.errors) {
    if (typeof e !== 'object' || e === null || typeof (e as { message?: unknown }).message !== 'string') return undefined;
    const r = e as Record<string, unknown>;
    const message = r.message as string;
    const code = codeOf(r);
    const verdict = verdictOf(exchange, r, code, message);
    if (verdict) errors.push({ message, path: pathOf(r), code, verdict });
  }
  if (errors.length === 0) return undefined;
  const data = typeof o.data === 'object' && o.data !== null ? o.data as Record<string, unknown> : {};
  const answered = Object.entries(data).filter(([, v]) => v !== null).map(([k]) => k);
  return { errors, answered, as: 401 };
}

/**
 * The exchange as the HTTP refusal it stands for, so the explainer's rules judge it: the status
 * (401 for "who are you?", 403 for "not you"; an ambiguous code is 401 when nothing was sent),
 * and a body of the refusing errors' messages only, so neither data in the response nor a code
 * (UNAUTHENTICATED is not a word about sessions) is read as the server's words.
 */
export function asHttpRefusal(exchange: Exchange, refusal: GraphqlRefusal, credentialsSent: boolean): { exchange: Exchange; refusal: GraphqlRefusal } {
  const forbidden = refusal.errors.some((e) => e.verdict === 'forbidden') || (credentialsSent && !refusal.errors.some((e) => e.verdict === 'unauthenticated'));
  const as = forbidden && credentialsSent ? 403 : 401;
  const text = JSON.stringify({ errors: refusal.errors.map((e) => ({ message: e.message })) });
  return {
    refusal: { ...refusal, as },
    exchange: {
      ...exchange,
      response: {
        ...exchange.response, status: as, statusText: as === 401 ? 'Unauthorized' : 'Forbidden',
        body: { storage: 'inline', base64: encodeBase64Text(text) }, bodySizeDecoded: text.length, bodySizeCompressed: text.length,
      },
    },
  };
}

const label = (e: GraphqlRefusedError): string => e.path ?? 'the operation';

/** What the entry carries about the GraphQL refusal (the inspector's heading names the code). */
export function refusalInfo(r: GraphqlRefusal): GraphqlRefusalInfo {
  const codes = [...new Set(r.errors.map((e) => e.code ?? (r.as === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN')))];
  return { code: codes.join(', '), paths: [...new Set(r.errors.flatMap((e) => (e.path ? [e.path] : [])))], partial: r.answered.length > 0 };
}

/** Where the credentials came from: a profile (and the environment binding it), the request itself, or nowhere. */
function authSent(ctx: RefusalContext): string {
  if (!ctx.creds.any) return 'Auth sent: none (no Authorization header, API key or session cookie)';
  const scheme = ctx.exchange.authLog[0]?.scheme ?? ctx.creds.authorization?.scheme ?? (ctx.creds.apiKeys[0] ? `API key ${ctx.creds.apiKeys[0].name}` : 'cookie');
  if (ctx.profile) return `Auth sent: ${scheme} from the "${ctx.profile}" profile${ctx.environment ? ` (environment "${ctx.environment}")` : ''}`;
  return `Auth sent: ${scheme}, set inline (on the request, its folder or the collection; no profile)`;
}

/** A scope the GraphQL error names (GitHub INSUFFICIENT_SCOPES, Shopify ACCESS_DENIED). */
function namedScope(r: GraphqlRefusal, ctx: RefusalContext): Finding[] {
  for (const e of r.errors) {
    const gh = /requires one of the following scopes: \[([^\]]*)\], but your token has only been granted the: \[([^\]]*)\]/i.exec(e.message);
    const shop = /required access: `?([\w:, -]+?)`? access scopes?/i.exec(e.message);
    const needed = gh ? gh[1] : shop?.[1];
    if (!needed) continue;
    const need = needed.split(',').map((s) => s.replace(/['"\s]/g, '')).filter((s) => s !== '');
    const have = gh ? (gh[2] ?? '').split(',').map((s) => s.replace(/['"\s]/g, '')).filter((s) => s !== '') : undefined;
    const field = e.path ?? /the '(\w+)' field/i.exec(e.message)?.[1] ?? 'the operation';
    return [finding('insufficient-scope', 0.97, `The token lacks ${need.length > 1 ? 'one of the scopes' : 'the scope'} ${need.join(', ')} that ${field} needs`,
      [`Required${need.length > 1 ? ' (any one)' : ''}: ${need.join(' ')}`, have ? `Granted: ${have.join(' ') || '(none)'}` : undefined],
      [`Request a token with ${need.length > 1 ? `one of ${need.join(', ')}` : need[0] ?? ''} (add it to the auth profile's scope, or to the app's access scopes)`,
        ctx.profile ? `Then send again with the "${ctx.profile}" profile` : 'If the scope is not offered to your client, ask the API owner to grant it'])];
  }
  const hidden = r.errors.find((e) => e.code === 'NOT_FOUND');
  if (!hidden) return [];
  const have = headerValue(ctx.resHeaders, 'x-oauth-scopes') ?? '';
  return [finding('insufficient-scope', 0.8, `${label(hidden)} came back NOT_FOUND, and the token's scopes (${have || 'none'}) do not reach private resources`,
    [`X-OAuth-Scopes: ${have || '(empty)'}`, 'GitHub answers NOT_FOUND, not FORBIDDEN, for what a token may not see'],
    ['Use a token with the repo scope (or a fine-grained token with access to this repository)', 'If the resource is public, check the owner and name'])];
}

/**
 * The findings the rules made for the stand-in 401/403, said of the GraphQL answer: the GraphQL
 * error and the auth source lead every finding's evidence, evidence about the HTTP status and the
 * missing WWW-Authenticate goes (a GraphQL refusal has neither by design), and a partial answer
 * adds that the rest of the data came back.
 */
export function graphqlFindings(r: GraphqlRefusal, ctx: RefusalContext, ruled: readonly Finding[], statusLine: string): Finding[] {
  const lead = [
    `${statusLine}, but GraphQL refused ${r.errors.map((e) => `${label(e)}${e.code ? ` (${e.code})` : ''}`).join(', ')}`,
    ...r.errors.slice(0, 3).map((e) => `GraphQL error at ${label(e)}: "${clip(e.message, 300)}"`),
    r.answered.length > 0 ? `Partial data: ${r.answered.slice(0, 5).join(', ')} came back; only the refused fields are null` : undefined,
    authSent(ctx),
  ];
  // The stand-in status, the absent challenge and the body (quoted above, error by error) are not evidence here.
  const http = new RegExp(`^(${r.as} (Unauthorized|Forbidden)\\b|No WWW-Authenticate|The server asks for credentials without saying which kind|Body: )`);
  const partialFix = r.answered.length > 0 ? [`Or leave ${r.errors.map(label).join(', ')} out of the query: the rest was answered`] : [];
  // "Logged in" in a GraphQL error is not evidence of a cookie session, and a refusal code is as
  // plain as a challenge: with nothing sent, no credentials is the finding.
  const wordsOnly = (f: Finding): boolean => f.id === 'session-missing' && f.confidence < 0.8 && !ctx.creds.any;
  // A FORBIDDEN code is the server's word that it read the credentials: "rejected" is no candidate then.
  const read = r.errors.every((e) => e.verdict === 'forbidden');
  const dropped = (f: Finding): boolean => f.id === 'challenge-missing' || wordsOnly(f) || (read && f.id === 'credentials-rejected');
  const all = [...namedScope(r, ctx), ...ruled.filter((f) => !dropped(f))]
    .map((f) => (f.id === 'no-credentials' && !ctx.creds.any ? { ...f, confidence: Math.max(f.confidence, 0.9) } : f))
    .map((f) => finding(f.id, f.confidence, f.title, [...lead, ...f.evidence.filter((e) => !http.test(e))], f.fixes));
  return rank(all, ctx.creds.secrets).map((f, i) => (i === 0 ? { ...f, fixes: [...f.fixes, ...partialFix] } : f));
}
