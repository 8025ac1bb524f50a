import type { RefusalContext } from './context';

/**
 * Where real services read API keys, from their documentation (test/fixtures/refusals cites each).
 * Used when a key reaches a service in the header another vendor uses (api-key, x-api-key,
 * Authorization: Bearer, a subscription-key header) and the refusal does not say where it belongs:
 * several of these answer only "invalid key" or a bare 403.
 */

export interface KeyConvention {
  vendor: string;
  /** Hosts whose API follows the convention. */
  host?: RegExp;
  /** Key prefixes that identify the vendor's keys wherever they are sent. */
  prefix?: RegExp;
  /** Applies only when a sent key has the prefix (the host also takes other credentials). */
  prefixRequired?: boolean;
  /** Extra condition on the refusal, where the host alone says too little. */
  when?: (ctx: RefusalContext) => boolean;
  /** The header the key belongs in, and the scheme word when that header is Authorization. */
  header: string;
  scheme?: string;
  /** A query parameter the service also reads the key from. */
  query?: string;
  /** Authorization: Bearer is reserved for OAuth (JWT) access tokens on this service. */
  bearerForJwtOnly?: boolean;
  /** Basic auth with a fixed username and the key as password. */
  basicUser?: string;
}

const said = (re: RegExp) => (ctx: RefusalContext): boolean => re.test(ctx.said);

export const KEY_CONVENTIONS: readonly KeyConvention[] = [
  { vendor: 'Anthropic', host: /(^|\.)anthropic\.com$/, prefix: /^sk-ant-/, header: 'x-api-key' },
  { vendor: 'OpenAI', host: /^api\.openai\.com$/, header: 'Authorization', scheme: 'Bearer' },
  { vendor: 'Azure OpenAI', host: /\.(openai\.azure\.com|cognitiveservices\.azure\.com)$/, header: 'api-key', bearerForJwtOnly: true },
  { vendor: 'Azure API Management', host: /\.azure-api\.net$/, header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' },
  // A bare "Forbidden" is what API Gateway answers for a missing or unknown usage-plan key.
  { vendor: 'Amazon API Gateway', host: /\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/, header: 'x-api-key', bearerForJwtOnly: true,
    when: (ctx) => ctx.status === 403 && ctx.messages.some((m) => m.trim().toLowerCase() === 'forbidden') },
  { vendor: 'Shopify', host: /\.myshopify\.com$/, prefix: /^shp(at|ca|pa)_/, header: 'X-Shopify-Access-Token' },
  { vendor: 'Fastly', host: /^api\.fastly\.com$/, header: 'Fastly-Key' },
  { vendor: 'Google', host: /\.googleapis\.com$/, prefix: /^AIza[0-9A-Za-z_-]{20,}$/, prefixRequired: true, header: 'x-goog-api-key', query: 'key' },
  { vendor: 'Stripe', host: /^api\.stripe\.com$/, prefix: /^(sk|rk)_(test|live)_/, header: 'Authorization', scheme: 'Bearer' },
  { vendor: 'SendGrid', host: /^api\.sendgrid\.com$/, prefix: /^SG\./, header: 'Authorization', scheme: 'Bearer' },
  { vendor: 'Okta', host: /\.(okta|oktapreview|okta-emea)\.com$/, prefix: /^00[A-Za-z0-9_-]{40}$/, header: 'Authorization', scheme: 'SSWS', bearerForJwtOnly: true },
  { vendor: 'Mailgun', host: /^api(\.eu)?\.mailgun\.net$/, header: 'Authorization', scheme: 'Basic', basicUser: 'api' },
  // DRF's own sentence; its TokenAuthentication reads "Authorization: Token <key>" and nothing else.
  { vendor: 'Django REST framework', when: said(/^authentication credentials were not provided\.?$/m), header: 'Authorization', scheme: 'Token' },
];

export interface SentKey {
  /** Where it went, as a person would say it: "header api-key", "Authorization: Bearer". */
  where: string;
  value: string;
}

/** Key-like values the request carried: API-key headers and query parameters, and non-JWT Authorization values. */
export function sentKeys(ctx: RefusalContext): SentKey[] {
  const out: SentKey[] = ctx.creds.apiKeys.map((k) => ({ where: k.where === 'query' ? `query parameter ${k.name}` : `header ${k.name}`, value: k.value }));
  const a = ctx.creds.authorization;
  const t = ctx.creds.token;
  if (a && t && !t.looksJwt && t.cleaned.length >= 16 && !/\s/.test(t.cleaned)) out.push({ where: `Authorization: ${a.scheme || '(no scheme)'}`, value: t.cleaned });
  return out;
}

/** The conventions that apply to this refusal: by host, or by the prefix of a key that was sent. */
export function conventionsFor(ctx: RefusalContext, keys: readonly SentKey[]): KeyConvention[] {
  const host = ctx.url?.hostname.toLowerCase() ?? '';
  return KEY_CONVENTIONS.filter((c) => {
    const byPrefix = c.prefix !== undefined && keys.some((k) => c.prefix?.test(k.value));
    const byHost = c.host !== undefined && c.host.test(host);
    if (c.prefixRequired ? !(byPrefix && byHost) : !(byPrefix || byHost || (!c.host && !c.prefix))) return false;
    return c.when ? c.when(ctx) : true;
  });
}

/** Was a key sent where the convention reads it? */
export function keyInPlace(ctx: RefusalContext, c: KeyConvention): boolean {
  const a = ctx.creds.authorization;
  if (c.header.toLowerCase() === 'authorization') return a !== undefined && a.schemeKey === (c.scheme ?? '').toLowerCase();
  if (ctx.creds.apiKeys.some((k) => (k.where === 'header' && k.name.toLowerCase() === c.header.toLowerCase()) || (k.where === 'query' && k.name === c.query))) return true;
  // A real OAuth token in Authorization is the other way in, not a misplaced key.
  return c.bearerForJwtOnly === true && ctx.creds.token?.looksJwt === true;
}

/** "the x-api-key header", or "Authorization: Bearer <key>". */
export function placeText(c: KeyConvention): string {
  const where = c.header.toLowerCase() === 'authorization' ? `"Authorization: ${c.scheme ?? ''} <key>"` : `the ${c.header} header`;
  return c.query ? `${where} (or the ${c.query} query parameter)` : where;
}
