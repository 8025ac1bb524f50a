import type { Exchange } from '../../model';
import type { ExplainEntry } from '../report';
import { encodeBase64Text } from '../text';
import { buildContext, type ExplainOptions } from './context';
import { explainOne } from './explain';
import { CookieHistory } from './session-rules';

/** gRPC's refusals and the HTTP status whose rules judge them (gRPC's HTTP mapping, grpc/doc/http-grpc-status-mapping.md). */
export const GRPC_REFUSALS: ReadonlyMap<number, { http: number; name: string }> = new Map([
  [16, { http: 401, name: 'UNAUTHENTICATED' }],
  [7, { http: 403, name: 'PERMISSION_DENIED' }],
]);

/**
 * A gRPC call that ended with UNAUTHENTICATED (16) or PERMISSION_DENIED (7) is a refusal, explained
 * with the same findings as an HTTP 401 or 403: the metadata sent are the credentials (Bearer
 * token, API key, Basic), the status message is the server's words, and the response headers and
 * trailers stand for the response's headers (a WWW-Authenticate there counts). The entry's
 * `status` is the gRPC code, so nothing reads it as an HTTP status; its evidence starts with what
 * the server answered.
 */
export function explainGrpcStatus(exchange: Exchange, earlier: readonly Exchange[] = [], options: ExplainOptions = {}): ExplainEntry | undefined {
  const status = exchange.grpc?.status;
  const refusal = status ? GRPC_REFUSALS.get(status.code) : undefined;
  if (!status || !refusal) return undefined;
  const grpc = exchange.grpc;
  const body = JSON.stringify({ message: status.details });
  const refused: Exchange = {
    ...exchange,
    // The rules read URLs (cookies, origins) in their http(s) form, as the call's HTTP/2 request is.
    request: { ...exchange.request, url: exchange.request.url.replace(/^grpc(s?):\/\//i, 'http$1://') },
    response: {
      ...exchange.response, status: refusal.http, statusText: refusal.name,
      headers: [...exchange.response.headers, ...(grpc?.trailers ?? []), ['content-type', 'application/json']],
      body: { storage: 'inline', base64: encodeBase64Text(body) },
      bodySizeDecoded: body.length, bodySizeCompressed: body.length,
    },
  };
  const ctx = buildContext(refused, earlier.length, earlier.slice(-20), options);
  const history = new CookieHistory();
  for (const e of earlier) history.record(e);
  const said = `The call ended with gRPC status ${status.code} ${status.name}${status.details === '' ? ' and no message' : `: "${status.details.slice(0, 300)}"`}`;
  const findings = explainOne(ctx, history).map((f) => ({ ...f, evidence: [said, ...f.evidence] }));
  return { index: earlier.length, method: 'POST', url: exchange.request.url, status: status.code, findings };
}
