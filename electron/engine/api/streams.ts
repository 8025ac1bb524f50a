import { KeyholeError } from '../../../shared/errors';
import type { SendResult } from '../../../shared/ipc/send-payloads';
import type { StreamProgress } from '../../../shared/ipc/stream-payloads';
import type { ExplainEntry } from '../../../shared/inspector';
import type { GrpcStatus, StreamClose, WebSocketMessage } from '../../../shared/model';
import type { StreamWatch } from '../http/types';
import type { StreamLogWriter } from '../stream/log';
import type { OpenedGrpc } from '../session/grpc-session';
import type { WsConnection } from '../websocket/connection';
import type { OutgoingMessage } from '../websocket/messages';

interface Live {
  state: StreamProgress['state'];
  log?: StreamLogWriter | undefined;
  connection?: WsConnection | undefined;
  /** Resolves a message's {{variables}} from the connection's session as they are now. */
  resolve?: ((m: WebSocketMessage) => Promise<OutgoingMessage>) | undefined;
  /** Ends an event stream (its send completes with what arrived). */
  stop?: AbortController | undefined;
  explanation?: ExplainEntry | undefined;
  /** Messages sent on a WebSocket from the app, as composed (their {{variables}} unresolved). */
  sent?: WebSocketMessage[] | undefined;
  /** A gRPC call the app drives, and its end as the app shows it (exchange, explanation, tests). */
  grpc?: { opened: OpenedGrpc; result: Promise<SendResult> } | undefined;
  grpcStatus?: GrpcStatus | undefined;
}

/** Messages typed and sent on one connection that its history entry keeps for re-opening. */
const MAX_SENT_KEPT = 100;

/** Streams that ended are kept this many for a late poll; older ones are forgotten. */
const KEEP_ENDED = 16;
/** Open connections at once: each holds a socket and a log; the app shows one per tab. */
const MAX_OPEN = 64;

/**
 * The live streams of the app: WebSocket connections (by the connectionId the renderer chose) and
 * event-stream answers of request.send (by its sendId). Both hosts carry progress by polling with a
 * cursor (stream.poll), as runner.poll does: no push channel is needed on Electron's IPC or the
 * HTTP bridge.
 */
export class LiveStreams {
  private readonly live = new Map<string, Live>();

  /** A send that may answer with an event stream: its watch (for session.send) and its entry. */
  watchSend(sendId: string): StreamWatch {
    const stop = new AbortController();
    const entry: Live = { state: 'waiting', stop };
    this.put(sendId, entry);
    return {
      stop: stop.signal,
      onStart: (log) => {
        entry.log = log;
        entry.state = 'streaming';
      },
    };
  }

  /** The send finished (or failed): its stream, if any, is done. */
  sendEnded(sendId: string): void {
    const e = this.live.get(sendId);
    if (e) e.state = 'done';
  }

  /**
   * A WebSocket the app opened; `onClose` explains a 1008 close, and `onEnded` gets the messages
   * sent on it (to record it in the history) before its polls say it is closed.
   */
  addConnection(id: string, connection: WsConnection, resolve: (m: WebSocketMessage) => Promise<OutgoingMessage>, onClose: (close: StreamClose) => ExplainEntry | undefined, onEnded?: (sent: readonly WebSocketMessage[]) => Promise<unknown>): void {
    if (this.openCount() >= MAX_OPEN) {
      connection.terminate();
      throw new KeyholeError('usage', `${MAX_OPEN} WebSockets are open already; close one first`);
    }
    const previous = this.live.get(id)?.connection;
    if (previous && previous.state !== 'closed') previous.terminate();
    const entry: Live = { state: 'open', connection, log: connection.log, resolve, sent: [] };
    this.put(id, entry);
    void connection.closed.then(async (close) => {
      entry.explanation = onClose(close);
      await connection.log.finish();
      await onEnded?.(entry.sent ?? []).catch(() => undefined);
      entry.state = 'closed';
    });
  }

  /** A message went out on a connection from the app (its history entry keeps the first ones). */
  noteSent(id: string, m: WebSocketMessage): void {
    const sent = this.live.get(id)?.sent;
    if (sent && sent.length < MAX_SENT_KEPT) sent.push(m);
  }

  /**
   * A gRPC call the app started; `finish` turns its end into what grpc.result answers (and records
   * it). Counted with the open WebSockets against MAX_OPEN.
   */
  addGrpcCall(id: string, opened: OpenedGrpc, finish: () => Promise<SendResult>): void {
    const call = opened.started.call;
    if (this.openCount() >= MAX_OPEN) {
      call.cancel();
      throw new KeyholeError('usage', `${MAX_OPEN} calls and WebSockets are open already; end one first`);
    }
    const previous = this.live.get(id)?.grpc?.opened.started.call;
    if (previous && previous.state !== 'closed') previous.cancel();
    const entry: Live = { state: 'open', log: opened.started.log };
    const result = finish().then((r) => {
      entry.grpcStatus = r.exchange.grpc?.status;
      entry.explanation = r.explanation;
      entry.state = 'closed';
      return r;
    }, (e: unknown) => {
      entry.state = 'closed';
      throw e;
    });
    // grpc.result may never be asked for: a failure is still not an unhandled rejection.
    result.catch(() => undefined);
    entry.grpc = { opened, result };
    this.put(id, entry);
  }

  /** The gRPC call named `id`. */
  grpcCall(id: string): { opened: OpenedGrpc; result: Promise<SendResult> } {
    const g = this.live.get(id)?.grpc;
    if (!g) throw new KeyholeError('invalid-input', `No gRPC call "${id}" was started`, { hint: 'Start the call first (or again: the app keeps a call only while it runs).' });
    return g;
  }

  connection(id: string): WsConnection {
    return this.socket(id).connection;
  }

  /** The connection and the resolver of its messages. */
  socket(id: string): { connection: WsConnection; resolve: (m: WebSocketMessage) => Promise<OutgoingMessage> } {
    const e = this.live.get(id);
    if (!e?.connection || !e.resolve) throw new KeyholeError('invalid-input', `No WebSocket "${id}" is open`, { hint: 'Connect first (or again: the app keeps a connection only while it runs).' });
    return { connection: e.connection, resolve: e.resolve };
  }

  poll(id: string, after: number): StreamProgress {
    const e = this.live.get(id);
    // The renderer may poll a send before its request.send call reached the host.
    if (!e) return { state: 'waiting', messages: [], next: after, omitted: 0 };
    const call = e.grpc?.opened.started.call;
    // A connection that closed is reported closed once its history entry is written.
    const state = e.connection && e.state !== 'closed' ? (e.connection.state === 'closed' ? 'closing' : e.connection.state)
      : call && e.state !== 'closed' ? (call.state === 'half-closed' ? 'closing' : call.state === 'closed' ? 'closing' : 'open')
      : e.state === 'streaming' && e.log?.reconnectAt !== undefined ? 'reconnecting' : e.state;
    const log = e.log;
    const page = log ? log.poll(after) : { messages: [], next: after, omitted: 0 };
    return {
      state, ...page,
      ...(log ? { kind: log.kind } : {}),
      ...(log?.protocol === undefined ? {} : { protocol: log.protocol }),
      ...(log?.close ? { close: log.close } : {}),
      ...(log?.ended === undefined ? {} : { ended: log.ended }),
      ...(log?.filePath === undefined ? {} : { file: log.filePath }),
      ...(log?.reconnectAt === undefined ? {} : { reconnectAt: log.reconnectAt }),
      ...(e.explanation ? { explanation: e.explanation } : {}),
      ...(e.grpcStatus ? { grpcStatus: e.grpcStatus } : {}),
    };
  }

  /** Stops an event stream, closes a WebSocket normally, or cancels a gRPC call. */
  stop(id: string): boolean {
    const e = this.live.get(id);
    if (!e) return false;
    if (e.grpc) return e.grpc.opened.started.call.cancel();
    if (e.connection) {
      if (e.connection.state !== 'open') return false;
      void e.connection.close(1000, '');
      return true;
    }
    if (!e.stop || e.state === 'done' || e.stop.signal.aborted) return false;
    e.stop.abort();
    return true;
  }

  closeAll(): void {
    for (const e of this.live.values()) {
      e.stop?.abort();
      if (e.connection && e.connection.state !== 'closed') e.connection.terminate();
      e.grpc?.opened.started.call.cancel();
    }
  }

  private openCount(): number {
    return [...this.live.values()].filter((e) => (e.connection || e.grpc) && e.state !== 'closed').length;
  }

  private put(id: string, entry: Live): void {
    this.live.delete(id);
    this.live.set(id, entry);
    const ended = [...this.live.entries()].filter(([, e]) => e.state === 'done' || e.state === 'closed');
    for (const [key] of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.live.delete(key);
  }
}
