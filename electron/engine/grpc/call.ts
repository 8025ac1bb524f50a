import type { CallOptions, Client, ClientWritableStream, Metadata, StatusObject } from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { KeyholeError } from '../../../shared/errors';
import { grpcStatusName, type GrpcCallType, type GrpcStatus, type HeaderList } from '../../../shared/model';
import type { StreamLogWriter } from '../stream/log';
import { pairsOf } from './channel';
import { encodeMessage, decodeMessage } from './codec';

export interface GrpcCallEnd {
  status: GrpcStatus;
  headers: HeaderList;
  trailers: HeaderList;
  /** The last message received, as JSON text (a unary call's answer). */
  last?: string | undefined;
  received: number;
  sent: number;
}

const identity = (b: Buffer): Buffer => b;

export interface GrpcCallInput {
  client: Client;
  /** `package.Service/Method`. */
  rpc: string;
  callType: GrpcCallType;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
  metadata: Metadata;
  /** 0: no deadline. */
  deadlineMs: number;
  log: StreamLogWriter;
  /** Masks secrets in metadata values (the log masks message data itself). */
  redact: (text: string) => string;
  signal?: AbortSignal | undefined;
}

/** What grpc-js hands back for any call kind: events, and a way to cancel. */
type WireCall = NodeJS.EventEmitter & { cancel(): void };

/**
 * One gRPC call of any of the four kinds, made the way grpc-js makes it (a unary call is one
 * message and its answer, so it starts when its message is sent). Every message in and out, the
 * response headers, the trailers and the status go to the live log as they happen, with its caps:
 * past maxDecodedBodyBytes the call is cancelled.
 */
export class GrpcCall {
  state: 'open' | 'half-closed' | 'closed' = 'open';
  readonly done: Promise<GrpcCallEnd>;
  readonly callType: GrpcCallType;
  /** Client-streaming and bidirectional calls stream what is sent. */
  private readonly stream: ClientWritableStream<Buffer> | undefined;
  private wire: WireCall | undefined;
  private received = 0;
  private sent = 0;
  private last: string | undefined;
  private headers: HeaderList = [];
  private settle!: (end: GrpcCallEnd) => void;
  private readonly onAbort = (): void => { this.cancel(); };

  constructor(private readonly o: GrpcCallInput) {
    this.callType = o.callType;
    o.log.append({ direction: 'info', type: 'open', data: `Calling ${o.rpc} (${o.callType})${o.deadlineMs > 0 ? `, deadline ${o.deadlineMs} ms` : ''}`, size: 0 });
    this.done = new Promise<GrpcCallEnd>((resolve) => { this.settle = resolve; });
    o.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (o.callType === 'client-streaming' || o.callType === 'bidi') {
      const path = `/${o.rpc}`;
      const stream = o.callType === 'bidi'
        ? o.client.makeBidiStreamRequest(path, identity, identity, o.metadata, this.options())
        : o.client.makeClientStreamRequest(path, identity, identity, o.metadata, this.options(), (_e, value?: Buffer) => { if (value) this.receive(value); });
      this.stream = stream;
      this.listen(stream);
    }
    if (o.signal?.aborted) this.cancel();
  }

  /** Sends one message (a parsed JSON value of the request type). */
  send(value: unknown, where: string): void {
    if (this.state !== 'open') {
      throw new KeyholeError('usage', `The gRPC call is ${this.state === 'closed' ? 'over' : 'half-closed'}: no more messages can be sent`, { hint: this.state === 'closed' ? 'Start the call again.' : 'Half-closing ends what the client sends; start a new call to send more.' });
    }
    if (this.sent > 0 && !this.stream) {
      throw new KeyholeError('usage', `A ${this.callType} call sends one message`, { hint: 'Client-streaming and bidirectional methods take several.' });
    }
    const { bytes, json } = encodeMessage(this.o.requestType, value, where);
    this.sent += 1;
    this.o.log.append({ direction: 'out', type: 'message', data: json, size: bytes.length });
    if (this.stream) this.stream.write(bytes);
    else {
      // A unary or server-streaming call goes out whole: its one message, then the half-close.
      const path = `/${this.o.rpc}`;
      this.listen(this.o.callType === 'unary'
        ? this.o.client.makeUnaryRequest(path, identity, identity, bytes, this.o.metadata, this.options(), (_e, value?: Buffer) => { if (value) this.receive(value); })
        : this.o.client.makeServerStreamRequest(path, identity, identity, bytes, this.o.metadata, this.options()));
      this.halfClosed();
    }
    this.checkCap();
  }

  /** Half-closes: nothing more will be sent. A unary or server-streaming call half-closes with its message. */
  end(): void {
    if (this.state !== 'open') return;
    if (!this.stream) {
      throw new KeyholeError('usage', `A ${this.callType} call needs its message before it can end`, { hint: 'Send the message: the call half-closes with it.' });
    }
    this.stream.end();
    this.halfClosed();
  }

  /** Cancels the call; it ends with CANCELLED (1). Returns false when it was over already. */
  cancel(): boolean {
    if (this.state === 'closed') return false;
    if (this.wire) this.wire.cancel();
    // Not started yet (a unary call before its message): it ends here.
    else this.finish({ code: 1, details: 'Cancelled before the message was sent', metadata: undefined });
    return true;
  }

  private options(): CallOptions {
    return this.o.deadlineMs > 0 ? { deadline: Date.now() + this.o.deadlineMs } : {};
  }

  private listen(call: WireCall): void {
    this.wire = call;
    const log = this.o.log;
    call.on('metadata', (m: Metadata) => {
      this.headers = this.masked(pairsOf(m));
      log.append({ direction: 'in', type: 'headers', data: `${this.headers.length} response header${this.headers.length === 1 ? '' : 's'}`, size: 0, metadata: this.headers });
    });
    // Client-streaming and unary answers come through their callback instead.
    if (this.callType === 'bidi' || this.callType === 'server-streaming') call.on('data', (buf: Buffer) => this.receive(buf));
    // A non-OK status is also emitted as 'error'; the status event is what counts.
    call.on('error', () => undefined);
    call.on('status', (s: StatusObject) => this.finish(s));
  }

  private receive(buf: Buffer): void {
    const text = decodeMessage(this.o.responseType, buf);
    this.received += 1;
    this.last = text;
    this.o.log.append({ direction: 'in', type: 'message', data: text, size: buf.length });
    this.checkCap();
  }

  private halfClosed(): void {
    this.state = 'half-closed';
    this.o.log.append({ direction: 'out', type: 'end', data: 'half-close: the client sends no more messages', size: 0 });
  }

  private finish(s: Pick<StatusObject, 'code' | 'details'> & { metadata: Metadata | undefined }): void {
    if (this.state === 'closed') return;
    const o = this.o;
    o.signal?.removeEventListener('abort', this.onAbort);
    const trailers = this.masked(pairsOf(s.metadata));
    if (trailers.length > 0) o.log.append({ direction: 'in', type: 'trailers', data: `${trailers.length} trailer${trailers.length === 1 ? '' : 's'}`, size: 0, metadata: trailers });
    // grpc-js reports "OK" as the details of a call that succeeded: it says nothing.
    const details = s.code === 0 && s.details === 'OK' ? '' : o.redact(s.details ?? '');
    const status: GrpcStatus = { code: s.code, name: grpcStatusName(s.code), details };
    o.log.append({ direction: s.code === 0 ? 'info' : 'in', type: 'status', data: `${s.code} ${status.name}${details ? `: ${details}` : ''}`, size: 0, code: s.code, reason: details });
    this.state = 'closed';
    this.settle({ status, headers: this.headers, trailers, last: this.last, received: this.received, sent: this.sent });
  }

  private masked(pairs: HeaderList): HeaderList {
    return pairs.map(([k, v]) => [k, this.o.redact(v)]);
  }

  private checkCap(): void {
    if (!this.o.log.overCap || this.state === 'closed') return;
    this.o.log.ended = 'the call carried more than maxDecodedBodyBytes; Keyhole cancelled it';
    this.cancel();
  }
}
