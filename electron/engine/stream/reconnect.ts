import { maskExchange } from '../../../shared/exchange-mask';
import { toKeyholeError } from '../../../shared/errors';
import { getHeader } from '../http/headers';
import { isoTime } from '../http/iso-time';
import type { StreamWatch } from '../http/types';
import type { SentExchange } from '../session/session';
import type { StreamLogWriter } from './log';

/** The wait before reconnecting when the server never sent `retry:` (what browsers' EventSource uses). */
export const DEFAULT_RETRY_MS = 3_000;

/** One attempt: the request sent with this Last-Event-ID (none the first time), watched by `watch`. */
export type SendAttempt = (lastEventId: string | undefined, watch: StreamWatch) => Promise<SentExchange>;

/**
 * Sends a request whose answer may be an event stream and, while it is one, reconnects as the
 * WHATWG EventSource does: when the stream ends or the connection drops, wait the last `retry:`
 * the server sent (or `defaultRetryMs`), send again with `Last-Event-ID` set to the last event id,
 * and go on in the same log. It stops when the user stops (during a stream or a wait), when the
 * idle timeout ends a stream, after `max` reconnections, when a reconnection is answered 204 (the
 * server's "no more"), anything but 200, or not text/event-stream. A reconnection that cannot be
 * sent (the server is down) is tried again after the same wait. The result is the last stream with
 * the whole log, or the answer that ended it: a refusal (a 401 once a token expired) is then what
 * the inspector explains. `now` is the engine's clock, for the "reconnecting at" time; `cancel`
 * is the send's own signal.
 */
export async function sendReconnecting(attempt: SendAttempt, watch: StreamWatch, now: () => Date, cancel?: AbortSignal): Promise<SentExchange> {
  const o = watch.reconnect ?? {};
  // Stop (the stream) and cancel (the whole send) both end the waiting.
  const stop = watch.stop && cancel ? AbortSignal.any([watch.stop, cancel]) : watch.stop ?? cancel;
  let log: StreamLogWriter | undefined;
  let lastId: string | undefined;
  let retryMs = o.defaultRetryMs ?? DEFAULT_RETRY_MS;
  let reconnects = 0;
  const inner: StreamWatch = {
    ...watch,
    reconnect: undefined,
    onStart: (l) => {
      if (log) {
        l.append({ direction: 'info', type: 'open', data: `Reconnected (attempt ${reconnects}${o.max === undefined ? '' : ` of ${o.max}`})${lastId === undefined ? '' : `, Last-Event-ID: ${lastId}`}`, size: 0 });
        return;
      }
      if (l.kind !== 'sse') return watch.onStart?.(l);
      log = l;
      l.keepOpen = true;
      l.subscribe((m) => {
        if (m.type !== 'event') return;
        if (m.id !== undefined) lastId = m.id;
        if (m.retry !== undefined) retryMs = m.retry;
      });
      inner.log = l;
      watch.onStart?.(l);
    },
  };
  let last = await attempt(undefined, inner);
  if (!log) return last;
  const own: StreamLogWriter = log;
  try {
    for (;;) {
      if (stop?.aborted || /^idle timeout/.test(own.ended ?? '')) break;
      if (o.max !== undefined && reconnects >= o.max) {
        own.ended = `the stream ended; reconnected ${reconnects} time(s), the most allowed`;
        break;
      }
      own.append({ direction: 'info', type: 'close', data: '', reason: `${own.ended ?? 'The server ended the stream'}; reconnecting in ${retryMs < 1000 ? `${retryMs} ms` : `${(retryMs / 1000).toFixed(1)} s`}`, size: 0 });
      own.reconnectAt = isoTime(new Date(now().getTime() + retryMs));
      const waited = await sleep(retryMs, stop);
      own.reconnectAt = undefined;
      if (!waited) {
        own.ended = 'stopped while waiting to reconnect';
        break;
      }
      reconnects += 1;
      own.ended = undefined;
      let next: SentExchange;
      try {
        next = await attempt(lastId, inner);
      } catch (e) {
        const err = toKeyholeError(e);
        if (err.code === 'cancelled' || stop?.aborted) break;
        // The server is away for now: EventSource keeps trying, and so does this, at the same pace.
        own.append({ direction: 'info', type: 'error', data: `Reconnecting failed: ${err.message}`, size: 0 });
        own.ended = `reconnecting failed: ${err.message}`;
        continue;
      }
      const refusal = refusalOf(next);
      // A 204 is the server's clean "no more": the last stream stays the answer.
      if (next.exchange.response.status !== 204) last = next;
      if (refusal) {
        own.append({ direction: 'info', type: 'error', data: refusal, size: 0 });
        own.ended = refusal;
        break;
      }
    }
  } finally {
    own.keepOpen = false;
    await own.finish();
  }
  const exchange = { ...last.exchange, stream: own.snapshot() };
  return { ...last, exchange, masked: maskExchange(exchange, last.secrets) };
}

/** Why a reconnection's answer ends reconnecting (EventSource's "fail the connection"), if it does. */
function refusalOf(sent: SentExchange): string | undefined {
  const { status, statusText } = sent.exchange.response;
  if (status === 204) return 'the server answered 204 No Content: it asks not to reconnect';
  if (status !== 200) return `reconnecting stopped: the server answered ${status}${statusText ? ` ${statusText}` : ''}`;
  if (sent.exchange.stream?.kind !== 'sse') {
    return `reconnecting stopped: the server answered ${getHeader(sent.exchange.response.headers, 'content-type') ?? 'no Content-Type'}, not text/event-stream`;
  }
  return undefined;
}

/** Resolves true after `ms`, or false at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
