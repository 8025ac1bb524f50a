import { maskSecret } from '../../mask';
import type { Exchange } from '../../model';
import type { ExplainEntry, ExplainReport, Finding, JwtVerification } from '../report';
import { buildContext, type ExplainOptions, type RefusalContext } from './context';
import { extractCredentials } from './credentials';
import { finding } from './finding';
import { asHttpRefusal, graphqlFindings, readGraphqlRefusal, refusalInfo } from './graphql-refusal';
import { proxyFindings, networkPolicyFindings } from './network-rules';
import { rank } from './rank';
import { relateRootCauses } from './root-cause';
import { redirectFindings } from './redirect-rules';
import { apiKeyFindings, basicUserFindings } from './api-key-rules';
import { basicFindings, challengeMissingFindings, digestFindings, forbiddenFindings, noCredentialFindings, rejectedFindings, schemeMismatchFindings } from './scheme-rules';
import { CookieHistory, sessionFindings } from './session-rules';
import { scopeFindings } from './scope-rules';
import { audienceIssuerFindings, malformedTokenFindings, opaqueRefusal, signatureFindings, tokenTimeFindings } from './token-rules';

/** Statuses the explainer reports on: authentication (401), proxy authentication (407), authorization (403). */
export const REFUSAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 407]);

/** Explains one refused exchange; `earlier` are the exchanges before it in the same session. */
export function explainOne(ctx: RefusalContext, history: CookieHistory): Finding[] {
  const prior: Finding[] = [
    ...proxyFindings(ctx),
    ...networkPolicyFindings(ctx),
    ...redirectFindings(ctx),
    ...sessionFindings(ctx, history),
    ...apiKeyFindings(ctx),
  ];
  const specific: Finding[] = [
    ...prior,
    ...signatureFindings(ctx),
    ...malformedTokenFindings(ctx),
    ...basicFindings(ctx),
    ...basicUserFindings(ctx),
    ...digestFindings(ctx),
    ...tokenTimeFindings(ctx),
    ...scopeFindings(ctx),
    ...audienceIssuerFindings(ctx),
    ...schemeMismatchFindings(ctx),
    ...noCredentialFindings(ctx, prior),
  ];
  const fallbacks: Finding[] = [...challengeMissingFindings(ctx), ...forbiddenFindings(ctx, specific)];
  // "Rejected" is what is left when nothing names a defect; it never outranks a specific finding.
  const namedDefect = specific.some((f) => f.confidence >= 0.7);
  // And "the token looks fine" is only said when nothing found fault with it.
  const opaque = namedDefect ? [] : opaqueRefusal(ctx);
  const rejected = namedDefect ? rejectedFindings(ctx).map((f) => ({ ...f, confidence: Math.min(f.confidence, 0.5) }))
    : opaque.length > 0 ? opaque : rejectedFindings(ctx);
  const all = [...specific, ...fallbacks, ...rejected];
  if (all.length === 0) all.push(nothingKnown(ctx));
  return rank(relateRootCauses(all, ctx), ctx.creds.secrets);
}

function nothingKnown(ctx: RefusalContext): Finding {
  return finding(ctx.creds.any ? 'credentials-rejected' : 'no-credentials', 0.3, `The server refused the request (${ctx.status}) without saying why`,
    [`${ctx.status} ${ctx.exchange.response.statusText}`.trim(), 'Checked: challenge headers, credentials sent, token, cookies, redirects, body text: none names the cause'],
    ['Check the API documentation for the credentials this endpoint needs', 'Compare with a request that works (same environment and profile)']);
}

/** A GraphQL refusal (errors[] with UNAUTHENTICATED, FORBIDDEN...) judged as the 401 or 403 it stands for. */
function explainGraphql(ex: Exchange, i: number, earlier: readonly Exchange[], options: ExplainOptions, history: CookieHistory): ExplainEntry | undefined {
  const found = readGraphqlRefusal(ex);
  if (!found) return undefined;
  const { exchange, refusal } = asHttpRefusal(ex, found, extractCredentials(ex.request.headers, urlOf(ex.request.url)).any);
  const ctx = buildContext(exchange, i, earlier, options);
  const findings = graphqlFindings(refusal, ctx, explainOne(ctx, history), `HTTP ${ex.response.status} ${ex.response.statusText}`.trim());
  return { index: i, method: ex.request.method, url: maskedUrl(ctx), status: ex.response.status, findings, graphql: refusalInfo(refusal) };
}

function urlOf(text: string): URL | undefined {
  try { return new URL(text); } catch { return undefined; }
}

/** Credential query values in the URL are masked in the report too (text replace keeps it readable). */
export function maskedUrl(ctx: RefusalContext): string {
  let out = ctx.urlText;
  for (const k of ctx.creds.apiKeys) {
    if (k.where !== 'query') continue;
    for (const form of new Set([k.value, encodeURIComponent(k.value)])) out = out.split(`=${form}`).join(`=${maskSecret(k.value)}`);
  }
  if (ctx.url?.password) out = out.split(`:${ctx.url.password}@`).join(`:${maskSecret(ctx.url.password)}@`);
  return out;
}

/**
 * Explains every 401/403/407 in a list of exchanges (a HAR, or the app's history), in order, each
 * judged at its own request time with the cookies set before it. Pure and synchronous; to verify
 * JWT signatures, resolve them first with verifyTokens() and pass `verifications`.
 */
export function explainExchanges(exchanges: readonly Exchange[], options: ExplainOptions = {}): ExplainReport {
  const entries: ExplainEntry[] = [];
  const history = new CookieHistory();
  for (let i = 0; i < exchanges.length; i++) {
    const ex = exchanges[i] as Exchange;
    if (REFUSAL_STATUSES.has(ex.response.status)) {
      const ctx = buildContext(ex, i, exchanges.slice(Math.max(0, i - 20), i), options);
      entries.push({ index: i, method: ex.request.method, url: maskedUrl(ctx), status: ex.response.status, findings: explainOne(ctx, history) });
    } else {
      const graphql = explainGraphql(ex, i, exchanges.slice(Math.max(0, i - 20), i), options, history);
      if (graphql) entries.push(graphql);
    }
    history.record(ex);
  }
  return { entries };
}

export type { ExplainOptions, JwtVerification };
