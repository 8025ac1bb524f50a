import type { WebSocketMessage, WebSocketWait } from '../../../shared/model';
import type { WsConnection } from './connection';
import type { OutgoingMessage } from './messages';

/** Listening time when a request says neither how many messages to wait for nor how long. */
export const DEFAULT_WAIT_MS = 1_000;

/**
 * A WebSocket request as `keyhole run` and `keyhole send` play it: every enabled saved message in
 * order, then listen (WebSocketWait: a count, a time, or the server closing), then close normally.
 * `stop` (Ctrl+C, the app's Stop) ends the listening early; the connection is closed either way.
 */
export async function playWebSocket(conn: WsConnection, o: {
  messages: readonly WebSocketMessage[];
  resolve: (m: WebSocketMessage) => Promise<OutgoingMessage>;
  wait: WebSocketWait | undefined;
  /** The request's total timeout: the ceiling of a wait for a count of messages. */
  timeoutMs: number;
  stop?: AbortSignal | undefined;
}): Promise<void> {
  try {
    for (const m of o.messages) {
      if (!m.enabled) continue;
      if (conn.state !== 'open') break;
      await conn.send(await o.resolve(m));
    }
    const count = o.wait?.messages;
    const ms = o.wait?.ms ?? (count === undefined ? DEFAULT_WAIT_MS : o.timeoutMs > 0 ? o.timeoutMs : undefined);
    const why = await conn.waitFor(count, ms, o.stop);
    if (why === 'time' && count !== undefined && conn.received < count) {
      conn.log.ended = `waited ${ms ?? 0} ms for ${count} message(s), ${conn.received} arrived`;
    } else if (why === 'cancelled') conn.log.ended = 'stopped';
  } finally {
    if (conn.state === 'open') await conn.close(1000, '');
    else await conn.closed;
    await conn.log.finish();
  }
}
