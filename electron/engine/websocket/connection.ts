import type WebSocket from 'ws';
import { KeyholeError } from '../../../shared/errors';
import type { StreamClose } from '../../../shared/model';
import type { StreamLogWriter } from '../stream/log';
import type { OutgoingMessage } from './messages';

/** How long a close waits for the server's close frame before the socket is torn down. */
const CLOSE_GRACE_MS = 3_000;

const toBuffer = (data: WebSocket.RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

/**
 * An open WebSocket and its live log: every frame in or out, pings and pongs, the close (code,
 * reason, who) and errors go to the log as they happen, with the log's caps. Past the cap on all
 * payload (maxDecodedBodyBytes) the connection is closed with 1009, as a body past it is refused.
 */
export class WsConnection {
  state: 'open' | 'closing' | 'closed' = 'open';
  /** Text and binary messages received. */
  received = 0;
  readonly closed: Promise<StreamClose>;
  private closedByClient = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly socket: WebSocket, readonly log: StreamLogWriter) {
    if (socket.protocol) log.protocol = socket.protocol;
    log.append({ direction: 'info', type: 'open', data: `Connected to ${socket.url}${socket.protocol ? ` (subprotocol ${socket.protocol})` : ''}`, size: 0 });
    socket.on('message', (raw, isBinary) => {
      const buf = toBuffer(raw);
      log.append(isBinary
        ? { direction: 'in', type: 'binary', data: buf.toString('base64'), size: buf.length }
        : { direction: 'in', type: 'text', data: buf.toString('utf8'), size: buf.length });
      this.received += 1;
      this.checkCap();
      this.wake();
    });
    socket.on('ping', (d) => { log.append({ direction: 'in', type: 'ping', data: d.toString('utf8'), size: d.length }); });
    socket.on('pong', (d) => { log.append({ direction: 'in', type: 'pong', data: d.toString('utf8'), size: d.length }); });
    socket.on('error', (e) => { log.append({ direction: 'info', type: 'error', data: e.message, size: 0 }); });
    this.closed = new Promise<StreamClose>((resolve) => {
      socket.once('close', (code, reasonBuf) => {
        const by = code === 1006 ? 'network' : this.closedByClient ? 'client' : 'server';
        const m = log.append({ direction: by === 'server' ? 'in' : 'info', type: 'close', data: '', code, reason: reasonBuf.toString('utf8'), size: reasonBuf.length });
        const close: StreamClose = { code, reason: m.reason ?? '', by };
        log.close = close;
        this.state = 'closed';
        this.wake();
        resolve(close);
      });
    });
  }

  /**
   * Sends one message and logs it. A write that fails later (the connection dropped) shows as the
   * connection's error and close, as it would in any client: waiting for each write's callback cost
   * a round trip's worth of latency per message for nothing the log does not already show.
   */
  send(m: OutgoingMessage): void {
    this.assertOpen();
    if (m.type === 'binary' || typeof m.data !== 'string') {
      const bytes = typeof m.data === 'string' ? Buffer.from(m.data, 'utf8') : m.data;
      const binary = m.type === 'binary';
      this.socket.send(binary ? bytes : bytes.toString('utf8'), { binary });
      this.log.append(binary
        ? { direction: 'out', type: 'binary', data: bytes.toString('base64'), size: bytes.length }
        : { direction: 'out', type: 'text', data: bytes.toString('utf8'), size: bytes.length });
    } else {
      this.socket.send(m.data, { binary: false });
      this.log.append({ direction: 'out', type: 'text', data: m.data, size: Buffer.byteLength(m.data) });
    }
    this.checkCap();
  }

  ping(text = ''): void {
    this.assertOpen();
    this.socket.ping(Buffer.from(text, 'utf8'));
    this.log.append({ direction: 'out', type: 'ping', data: text, size: Buffer.byteLength(text) });
  }

  /**
   * Closes with `code` and `reason` (RFC 6455 §7.4: 1000, or 3000-4999 for applications) and
   * resolves with how it closed; a server that never answers the close frame is cut off after 3 s.
   */
  close(code = 1000, reason = ''): Promise<StreamClose> {
    if (this.state !== 'open') return this.closed;
    if (!(code === 1000 || code === 1009 || (code >= 3000 && code <= 4999))) {
      throw new KeyholeError('invalid-input', `Close code ${code} cannot be sent: use 1000 (normal) or 3000-4999 (application codes)`, { details: { code } });
    }
    if (Buffer.byteLength(reason) > 123) throw new KeyholeError('invalid-input', 'A close reason is at most 123 bytes (RFC 6455 §5.5)');
    this.closedByClient = true;
    this.state = 'closing';
    this.socket.close(code, reason);
    const timer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    timer.unref();
    void this.closed.then(() => clearTimeout(timer));
    return this.closed;
  }

  /** Drops the connection without a close handshake (the app quits, a run is stopped). */
  terminate(): void {
    this.closedByClient = true;
    this.socket.terminate();
  }

  /**
   * Resolves once `count` messages have arrived (counting from the start), `ms` have passed, or the
   * connection closed, whichever comes first; never rejects.
   */
  waitFor(count: number | undefined, ms: number | undefined, signal?: AbortSignal): Promise<'count' | 'time' | 'closed' | 'cancelled'> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (why: 'count' | 'time' | 'closed' | 'cancelled'): void => {
        this.waiters.delete(check);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(why);
      };
      const check = (): void => {
        if (count !== undefined && this.received >= count) finish('count');
        else if (this.state === 'closed') finish('closed');
      };
      const onAbort = (): void => finish('cancelled');
      if (ms !== undefined) timer = setTimeout(() => finish('time'), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(check);
      if (signal?.aborted) finish('cancelled');
      else check();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private checkCap(): void {
    if (!this.log.overCap || this.state !== 'open') return;
    this.log.ended = 'the connection carried more than maxDecodedBodyBytes; Keyhole closed it (1009)';
    void this.close(1009, 'message too big for the log');
  }

  private assertOpen(): void {
    if (this.state !== 'open') {
      throw new KeyholeError('usage', `The WebSocket is ${this.state}; connect again to send`, { hint: 'Reconnect, then send the message.' });
    }
  }
}
