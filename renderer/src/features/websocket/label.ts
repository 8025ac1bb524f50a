import { isGrpcRequest, isWebSocketRequest, type Request } from '../../../../shared/model';

/** What the tab strip and the tree show where an HTTP request shows its method. */
export function methodLabel(r: Request): string {
  return isWebSocketRequest(r) ? 'WS' : isGrpcRequest(r) ? 'gRPC' : r.method;
}
