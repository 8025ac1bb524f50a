/**
 * The inspector: why was a request refused (explainExchanges), what is in this token (inspectJwt),
 * and what did the server challenge for (parseChallenges). Pure code: the renderer runs it too.
 */
import type { Exchange } from '../model';
import { explainExchanges, verifyTokens, type ExplainOptions } from './explain';
import type { CandidateKey } from './jwt';
import type { ExplainReport } from './report';

export { explainExchanges, explainIfRefused, explainPolicyClose, explainGrpcStatus, GRPC_REFUSALS, POLICY_VIOLATION, verifyTokens, REFUSAL_STATUSES, readGraphqlRefusal, type ExplainOptions, type GraphqlRefusal } from './explain';
export { inspectJwt, decodeToken, resolveKeys, keysFromText, type InspectJwtOptions, type KeySource, type Fetcher, type CandidateKey, type KeySet } from './jwt';
export { parseChallenges, bearerView, digestView, basicView, resourceMetadataOf, findChallenge, type Challenge, type ParsedChallenges } from './challenge';
export { harToExchanges } from './har';
export * from './report';

/** explainExchanges with every refused JWT verified against `keys` first (the --key path). */
export async function explainWithKeys(exchanges: readonly Exchange[], keys: readonly CandidateKey[], options: ExplainOptions = {}): Promise<ExplainReport> {
  const verifications = await verifyTokens(exchanges, keys);
  return explainExchanges(exchanges, { ...options, verifications });
}
