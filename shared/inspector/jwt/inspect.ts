import type { JwtInspection } from '../report';
import { cleanTokenText, decodeToken } from './decode';
import { resolveKeys, type CandidateKey, type Fetcher, type KeySource } from './keys';
import { verifySignature } from './verify';

export interface InspectJwtOptions {
  /** Reference time for exp/nbf/iat; now by default. */
  at?: Date | undefined;
  /** Verify against these keys; without a key source the report has no `verification`. */
  key?: KeySource | undefined;
  /** Already resolved keys (the explainer resolves once for a whole HAR). */
  keys?: readonly CandidateKey[] | undefined;
  fetcher?: Fetcher | undefined;
}

/**
 * Decodes a token and, when a key source is given, verifies its signature. The one entry point the
 * CLI and the desktop panel share; never throws (bad input and unusable keys are in the result).
 */
export async function inspectJwt(token: string, options: InspectJwtOptions = {}): Promise<JwtInspection> {
  const at = options.at ?? new Date();
  let keys = options.keys;
  let keyProblem: string | undefined;
  if (keys === undefined && options.key !== undefined) {
    const set = await resolveKeys(options.key, options.fetcher);
    if (set.ok) keys = set.keys;
    else keyProblem = set.message;
  }
  const decoded = decodeToken(token, { at, keyCount: keys?.length });
  if (!decoded.ok) return decoded;
  const report = decoded.report;
  if (keys === undefined && keyProblem === undefined) return decoded;
  const header = report.header;
  const alg = typeof header.alg === 'string' ? header.alg : null;
  const kid = typeof header.kid === 'string' ? header.kid : null;
  if (keyProblem !== undefined) {
    report.verification = { verified: false, alg, kid, reason: 'key-unusable', message: keyProblem };
  } else if (report.kind === 'JWE') {
    report.verification = { verified: false, alg, kid, reason: 'key-unusable', message: 'An encrypted token (JWE) is decrypted, not verified: its signature, if any, is inside' };
  } else {
    report.verification = await verifySignature(cleanTokenText(token, []), header, keys ?? []);
  }
  return decoded;
}
