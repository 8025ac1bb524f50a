import type { Exchange } from '../../model';
import { verifySignature } from '../jwt/verify';
import { decodeToken } from '../jwt/decode';
import type { CandidateKey } from '../jwt/keys';
import type { JwtVerification } from '../report';
import { REFUSAL_STATUSES } from './explain';
import { extractCredentials } from './credentials';
import { readGraphqlRefusal } from './graphql-refusal';

/**
 * Verifies the bearer JWT of every refused exchange against the user's keys (jose is async, the
 * explainer is not): the result map goes into explainExchanges' `verifications` option.
 */
export async function verifyTokens(exchanges: readonly Exchange[], keys: readonly CandidateKey[]): Promise<Map<string, JwtVerification>> {
  const out = new Map<string, JwtVerification>();
  for (const ex of exchanges) {
    if (!REFUSAL_STATUSES.has(ex.response.status) && !readGraphqlRefusal(ex)) continue;
    let url: URL | undefined;
    try {
      url = new URL(ex.request.url);
    } catch {
      url = undefined;
    }
    const token = extractCredentials(ex.request.headers, url).token;
    if (!token?.looksJwt || out.has(token.cleaned)) continue;
    const decoded = decodeToken(token.cleaned, { at: new Date(Date.parse(ex.startedAt)) });
    if (!decoded.ok || decoded.report.kind !== 'JWS') continue;
    out.set(token.cleaned, await verifySignature(token.cleaned, decoded.report.header, keys));
  }
  return out;
}
