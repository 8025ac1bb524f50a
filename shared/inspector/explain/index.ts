export { explainExchanges, REFUSAL_STATUSES } from './explain';
export type { ExplainOptions } from './context';
export { verifyTokens } from './verify-tokens';
export { explainIfRefused, explainPolicyClose, POLICY_VIOLATION } from './websocket-close';
export { readGraphqlRefusal, type GraphqlRefusal } from './graphql-refusal';
export { explainGrpcStatus, GRPC_REFUSALS } from './grpc-status';
