import type { Exchange, HeaderList } from '../../model';
import { parseChallenges, type Challenge } from '../challenge';
import type { JwtInspection, JwtVerification } from '../report';
import { decodeBase64Text } from '../text';
import { extractCredentials, type Credentials } from './credentials';
import { decodeToken } from '../jwt/decode';

/**
 * Everything the rules look at for one refused exchange, computed once: parsed challenges, the
 * credentials as sent, the decoded bearer token, the response body's text and messages.
 */

export interface ExplainOptions {
  /** Active auth profile and environment names (when the exchange does not carry them). */
  profile?: string | undefined;
  environment?: string | undefined;
  /** Verification results by token text, from verifyTokens() (keys are only used when given). */
  verifications?: ReadonlyMap<string, JwtVerification> | undefined;
  /** What the API is known to expect, when the user or the OpenAPI document says so. */
  expectedAudience?: string | undefined;
  expectedIssuer?: string | undefined;
}

export interface RefusalContext {
  index: number;
  exchange: Exchange;
  /** The most recent exchanges before this one in the same session, oldest first. */
  earlier: readonly Exchange[];
  status: number;
  method: string;
  url: URL | undefined;
  urlText: string;
  requestTime: number;
  reqHeaders: HeaderList;
  resHeaders: HeaderList;
  /** WWW-Authenticate (or Proxy-Authenticate for 407) challenges. */
  challenges: Challenge[];
  challengeHeaderName: string;
  challengeValues: string[];
  challengeProblems: string[];
  creds: Credentials;
  /** The bearer-ish token (cleaned of quotes and prefixes) and its decoding, when one was sent. */
  token: string | undefined;
  jwt: JwtInspection | undefined;
  verification: JwtVerification | undefined;
  bodyText: string;
  /** The body parsed as JSON, when it is JSON (vendors put scopes and codes in fields). */
  json: unknown;
  /** Human-readable strings from the body (JSON messages, HTML title/text), lower-cased in `said`. */
  messages: string[];
  /** Everything the server said in words (challenge params + body messages), lower-cased. */
  said: string;
  profile: string | undefined;
  environment: string | undefined;
  options: ExplainOptions;
}

export function headerValues(headers: HeaderList, name: string): string[] {
  const key = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === key) out.push(v);
  return out;
}

export const headerValue = (headers: HeaderList, name: string): string | undefined => headerValues(headers, name)[0];

// "errors", "errorSummary", "errorMessages": Shopify, Okta and Atlassian put their sentence there.
const MESSAGE_KEYS = /^(error|errors|error_description|errordescription|message|msg|detail|details|title|reason|description|error_message|errormessage|errormessages|errorsummary|error_summary|fault|faultstring|code|status_message|hint)$/i;

function collectMessages(v: unknown, out: string[], depth: number, key: string): void {
  if (out.length >= 20 || depth > 5) return;
  if (typeof v === 'string') {
    // Only message-like fields: an id or a URL in the body says nothing about the refusal.
    if (key === '' || MESSAGE_KEYS.test(key)) out.push(v.slice(0, 500));
  } else if (Array.isArray(v)) {
    for (const x of v) collectMessages(x, out, depth + 1, key);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) collectMessages(x, out, depth + 1, k);
  }
}

const NAMED_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Block pages spell text as entities (Akamai writes "Reference&#32;&#35;18&#46;..."). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return NAMED_ENTITIES[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
  });
}

/** The body as JSON, or undefined when it is not JSON. */
export function bodyJson(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** Messages from a JSON body, or the visible text of an HTML or plain-text one. */
export function bodyMessages(text: string, json: unknown = bodyJson(text)): string[] {
  const t = text.trim();
  if (t === '') return [];
  if (json !== undefined) {
    const out: string[] = [];
    collectMessages(json, out, 0, '');
    return out;
  }
  const visible = decodeEntities(t.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return visible === '' ? [] : [visible.slice(0, 500)];
}

export function buildContext(exchange: Exchange, index: number, earlier: readonly Exchange[], options: ExplainOptions): RefusalContext {
  const status = exchange.response.status;
  const reqHeaders = exchange.request.headers;
  const resHeaders = exchange.response.headers;
  const challengeHeaderName = status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const challengeValues = headerValues(resHeaders, challengeHeaderName);
  const parsed = parseChallenges(challengeValues);
  let url: URL | undefined;
  try {
    url = new URL(exchange.request.url);
  } catch {
    url = undefined;
  }
  const creds = extractCredentials(reqHeaders, url);
  const token = creds.token?.cleaned;
  const jwt = token !== undefined && creds.token?.looksJwt ? decodeToken(token, { at: new Date(Date.parse(exchange.startedAt)) }) : undefined;
  const body = exchange.response.body;
  const bodyText = body.storage === 'inline' ? decodeBase64Text(body.base64, 16 * 1024) : '';
  const json = bodyJson(bodyText);
  const messages = bodyMessages(bodyText, json);
  const challengeWords = parsed.challenges.flatMap((c) => [c.params.error ?? '', c.params.error_description ?? '']);
  const requestTime = Date.parse(exchange.startedAt);
  return {
    index, exchange, earlier, status,
    method: exchange.request.method,
    url, urlText: exchange.request.url,
    requestTime: Number.isNaN(requestTime) ? 0 : requestTime,
    reqHeaders, resHeaders,
    challenges: parsed.challenges,
    challengeHeaderName, challengeValues,
    challengeProblems: parsed.problems.map((p) => p.message),
    creds, token, jwt,
    verification: token !== undefined ? options.verifications?.get(token) : undefined,
    bodyText, json, messages,
    said: [...challengeWords, ...messages].join(' \n ').toLowerCase(),
    profile: exchange.profile ?? options.profile,
    environment: exchange.environment ?? options.environment,
    options,
  };
}
