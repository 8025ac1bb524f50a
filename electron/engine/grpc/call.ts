import type { Client, ClientDuplexStream, Metadata, StatusObject } from '@grpc/grpc-js';
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

/**
 * One gRPC call of any of the four kinds. All go out as a bidirectional HTTP/2 stream, which is
 * what each of them is on the wire: a unary or server-streaming call is one message then the
 * half-close. Every message in and out, the response headers, the trailers and the status go to
 * the live log as they happen, with its caps: past maxDecodedBodyBytes the call is cancelled.
 */
export class GrpcCall {
  state: 'open' | 'half-closed' | 'closed' = 'open';
  readonly done: Promise<GrpcCallEnd>;
  readonly callType: GrpcCallType;
  private readonly call: ClientDuplexStream<Buffer, Buffer>;
  private received = 0;
  private sent = 0;
  private last: string | undefined;
  private headers: HeaderList = [];

  constructor(private readonly o: GrpcCallInput) {
    this.callType = o.callType;
    const log = o.log;
    log.append({ direction: 'info', type: 'open', data: `Calling ${o.rpc} (${o.callType})${o.deadlineMs > 0 ? `, deadline ${o.deadlineMs} ms` : ''}`, size: 0 });
    const options = o.deadlineMs > 0 ? { deadline: Date.now() + o.deadlineMs } : {};
    this.call = o.client.makeBidiStreamRequest(`/${o.rpc}`, (b: Buffer) => b, (b: Buffer) => b, o.metadata, options);
    this.call.on('metadata', (m: Metadata) => {
      this.headers = this.masked(pairsOf(m));
      log.append({ direction: 'in', type: 'headers', data: `${this.headers.length} response header${this.headers.length === 1 ? '' : 's'}`, size: 0, metadata: this.headers });
    });
    this.call.on('data', (buf: Buffer) => {
      const text = decodeMessage(o.responseType, buf);
      this.received += 1;
      this.last = text;
      log.append({ direction: 'in', type: 'message', data: text, size: buf.length });
      this.checkCap();
    });
    // A non-OK status is also emitted as 'error'; the status event below is what counts.
    this.call.on('error', () => undefined);
    const onAbort = (): void => { this.cancel(); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    this.done = new Promise<GrpcCallEnd>((resolve) => {
      this.call.on('status', (s: StatusObject) => {
        o.signal?.removeEventListener('abort', onAbort);
        const trailers = this.masked(pairsOf(s.metadata));
        if (trailers.length > 0) log.append({ direction: 'in', type: 'trailers', data: `${trailers.length} trailer${trailers.length === 1 ? '' : 's'}`, size: 0, metadata: trailers });
        // grpc-js reports "OK" as the details of a call that succeeded: it says nothing.
        const details = s.code === 0 && s.details === 'OK' ? '' : o.redact(s.details ?? '');
        const status: GrpcStatus = { code: s.code, name: grpcStatusName(s.code), details };
        log.append({ direction: s.code === 0 ? 'info' : 'in', type: 'status', data: `${s.code} ${status.name}${details ? `: ${details}` : ''}`, size: 0, code: s.code, reason: details });
        this.state = 'closed';
        o.client.close();
        resolve({ status, headers: this.headers, trailers, last: this.last, received: this.received, sent: this.sent });
      });
    });
    if (o.signal?.aborted) this.cancel();
  }

  /** Sends one message (a parsed JSON value of the request type). */
  send(value: unknown, where: string): void {
    if (this.state !== 'open') {
      throw new KeyholeError('usage', `The gRPC call is ${this.state === 'closed' ? 'over' : 'half-closed'}: no more messages can be sent`, { hint: this.state === 'closed' ? 'Start the call again.' : 'Half-closing ends what the client sends; start a new call to send more.' });
    }
    if (this.sent > 0 && (this.callType === 'unary' || this.callType === 'server-streaming')) {
      throw new KeyholeError('usage', `A ${this.callType} call sends one message`, { hint: 'Client-streaming and bidirectional methods take several.' });
    }
    const { bytes, json } = encodeMessage(this.o.requestType, value, where);
    this.call.write(bytes);
    this.sent += 1;
    this.o.log.append({ direction: 'out', type: 'message', data: json, size: bytes.length });
    this.checkCap();
  }

  /** Half-closes: nothing more will be sent. */
  end(): void {
    if (this.state !== 'open') return;
    this.state = 'half-closed';
    this.call.end();
    this.o.log.append({ direction: 'out', type: 'end', data: 'half-close: the client sends no more messages', size: 0 });
  }

  /** Cancels the call; it ends with CANCELLED (1). Returns false when it was over already. */
  cancel(): boolean {
    if (this.state === 'closed') return false;
    this.call.cancel();
    return true;
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
