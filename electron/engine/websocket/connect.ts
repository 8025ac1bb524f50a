import type WebSocket from 'ws';
import type { Exchange } from '../../../shared/model';
import { authFor, finalHop, type EngineServices } from '../execute/execute';
import type { Prepared } from '../execute/prepare';
import { StreamLogWriter } from '../stream/log';
import { WsConnection } from './connection';
import { handshake } from './handshake';

export type WsConnected =
  /** `exchange` is the handshake (101), raw: the inspector reads it; mask it before showing it. */
  | { kind: 'open'; connection: WsConnection; exchange: Exchange }
  | { kind: 'refused'; exchange: Exchange };

const DEFAULT_MAX_DECODED = 1024 * 1024 * 1024;

/**
 * Opens a WebSocket for a prepared request the way `execute` sends an HTTP one: the auth scheme
 * (profile, Basic, Bearer, API key, OAuth 2.0 with refresh, JWT, SigV4...) applied to the
 * handshake, and a 401 answered once by a scheme that can (Digest, an OAuth token refreshed), the
 * refused first attempt kept as a hop. The connection's log masks `redact`'s secrets.
 */
export async function connectWebSocket(prepared: Prepared, services: EngineServices, o: { subprotocols: readonly string[]; environment?: string | undefined; redact?: ((t: string) => string) | undefined }): Promise<WsConnected> {
  const { auth, scheme, ctx, log } = authFor(prepared, services, o.environment);
  const settings = prepared.settings;
  let connection: WsConnection | undefined;
  const adopt = (socket: WebSocket): void => {
    connection = new WsConnection(socket, new StreamLogWriter('websocket', {
      maxInMemoryBytes: settings.maxBodyInMemoryBytes, maxTotalBytes: settings.maxDecodedBodyBytes ?? DEFAULT_MAX_DECODED,
      tempDir: services.tempDir, now: services.now, redact: o.redact,
    }));
  };
  const attempt = (req: typeof prepared.request) => handshake({
    req, settings, subprotocols: o.subprotocols, cookieJar: services.cookieJar, now: services.now, env: services.env, signal: services.signal, adopt,
  });
  let req = prepared.request;
  if (scheme) req = await scheme.apply(auth, req, ctx);
  let result = await attempt(req);
  const status = result.exchange.response.status;
  if (result.kind === 'refused' && (status === 401 || status === 407) && scheme?.retry) {
    const again = await scheme.retry(auth, req, result.exchange, ctx, 1);
    if (again) {
      const first = result.exchange;
      result = await attempt(again);
      result.exchange = { ...result.exchange, startedAt: first.startedAt, hops: [finalHop(first)] };
    }
  }
  const exchange = Object.assign({}, result.exchange, { authLog: log, profile: prepared.profile, environment: o.environment });
  if (result.kind === 'refused' || !connection) return { kind: 'refused', exchange };
  return { kind: 'open', connection, exchange };
}
