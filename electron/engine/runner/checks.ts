import { isFailedClose, isGrpcRequest, type Exchange, type Request } from '../../../shared/model';
import type { Assertion } from './result';

/**
 * The declarative status check: below 400 by default, or one of the listed statuses. A gRPC call
 * checks its gRPC status instead: OK (0), or one of the request's `expect.grpcStatus`.
 */
export function statusAssertion(request: Request, exchange: Exchange): Assertion {
  if (exchange.grpc) return grpcStatusAssertion(request, exchange);
  const status = exchange.response.status;
  const expected = request.expect?.status;
  if (expected && expected.length > 0) {
    const passed = expected.includes(status);
    return { name: `status is ${expected.join(' or ')}`, passed, message: passed ? undefined : `expected ${expected.join(' or ')}, got ${status}` };
  }
  const passed = status < 400;
  return { name: 'status is below 400', passed, message: passed ? undefined : `got ${status} ${exchange.response.statusText}`.trim() };
}

/** A WebSocket request also checks how its connection ended: a policy, protocol or server-error close fails it. */
export function closeAssertions(exchange: Exchange): Assertion[] {
  const s = exchange.stream;
  if (s?.kind !== 'websocket' || !s.close) return [];
  const { code, reason, by } = s.close;
  const passed = !isFailedClose(code);
  return [{ name: 'WebSocket closed cleanly', passed, message: passed ? undefined : `closed by the ${by} with ${code}${reason ? ` (${reason})` : ''}` }];
}

function grpcStatusAssertion(request: Request, exchange: Exchange): Assertion {
  const s = exchange.grpc?.status;
  const got = s ? `${s.code} ${s.name}${s.details ? ` (${s.details})` : ''}` : 'no status';
  const expected = isGrpcRequest(request) ? request.expect?.grpcStatus : undefined;
  if (expected && expected.length > 0) {
    const passed = s !== undefined && expected.includes(s.code);
    return { name: `gRPC status is ${expected.join(' or ')}`, passed, message: passed ? undefined : `expected ${expected.join(' or ')}, got ${got}` };
  }
  const passed = s?.code === 0;
  return { name: 'gRPC status is OK', passed, message: passed ? undefined : `got ${got}` };
}
