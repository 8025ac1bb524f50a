import type { Exchange } from '../../model';
import type { ExplainEntry } from '../report';
import { encodeBase64Text } from '../text';
import { buildContext, type ExplainOptions } from './context';
import { explainExchanges, explainOne, maskedUrl, REFUSAL_STATUSES } from './explain';
import { readGraphqlRefusal } from './graphql-refusal';
import { CookieHistory } from './session-rules';
import { explainGrpcStatus } from './grpc-status';

/** RFC 6455 §7.4.1: "an endpoint is terminating the connection because it has received a message that violates its policy". */
export const POLICY_VIOLATION = 1008;

/**
 * A WebSocket the server accepted and then closed with 1008 is refused after the handshake, which
 * is how many servers turn away a missing or bad token. It is explained like an HTTP refusal: the
 * handshake's credentials are judged by the same rules, with the close reason as the server's
 * words. The entry's `status` is the close code (1008), so no rule reads it as a 401 or 403.
 */
export function explainPolicyClose(handshake: Exchange, close: { code: number; reason: string }, earlier: readonly Exchange[] = [], options: ExplainOptions = {}): ExplainEntry | undefined {
  if (close.code !== POLICY_VIOLATION) return undefined;
  const refused: Exchange = {
    ...handshake,
    response: {
      ...handshake.response, status: POLICY_VIOLATION, statusText: 'Policy Violation',
      body: { storage: 'inline', base64: encodeBase64Text(close.reason) },
      bodySizeDecoded: close.reason.length, bodySizeCompressed: close.reason.length,
    },
  };
  const ctx = buildContext(refused, earlier.length, earlier.slice(-20), options);
  const history = new CookieHistory();
  for (const e of earlier) history.record(e);
  const said = `The server accepted the WebSocket handshake, then closed it with ${POLICY_VIOLATION} (policy violation)${close.reason === '' ? ' and no reason' : `: "${close.reason.slice(0, 300)}"`}`;
  const findings = explainOne(ctx, history).map((f) => ({ ...f, evidence: [said, ...f.evidence] }));
  return { index: earlier.length, method: 'GET', url: maskedUrl(ctx), status: POLICY_VIOLATION, findings };
}

/**
 * The explanation of one exchange when it was refused: a 401, 403 or 407, or a GraphQL response
 * whose errors refuse (explained with the exchanges before it), a WebSocket the server closed
 * with 1008 after its handshake, or a gRPC call that ended with status 16 or 7.
 */
export function explainIfRefused(exchange: Exchange, earlier: readonly Exchange[] = [], options: ExplainOptions = {}): ExplainEntry | undefined {
  if (exchange.grpc) return explainGrpcStatus(exchange, earlier, options);
  if (REFUSAL_STATUSES.has(exchange.response.status) || (!exchange.stream && readGraphqlRefusal(exchange))) {
    const list = [...earlier, exchange];
    return explainExchanges(list, options).entries.find((e) => e.index === list.length - 1);
  }
  const close = exchange.stream?.kind === 'websocket' ? exchange.stream.close : undefined;
  return close && close.by === 'server' ? explainPolicyClose(exchange, close, earlier, options) : undefined;
}
