import { z } from 'zod';
import { GrpcCallType, GrpcRequest, GrpcStatus, StreamClose, StreamKind, StreamMessage, WebSocketRequest } from '../model';
import { ExplainEntry } from '../inspector/report';
import { CollectionId, Id } from './ids';
import { SendResult } from './send-payloads';

// Live streams: WebSocket connections, event streams and gRPC calls, and what polling them answers.

export const WsConnectInput = z.object({
  /** Chosen by the caller, as sendId is: the later ws.* and stream.* calls name the connection by it. */
  connectionId: Id,
  request: WebSocketRequest,
  collectionId: CollectionId.optional(),
  folders: z.array(z.string()).default([]),
  environment: z.string().optional(),
  requestId: z.string().optional(),
});
export type WsConnectInput = z.input<typeof WsConnectInput>;

export const WsConnected = z.object({
  /** `refused`: the server answered the handshake with another status (the inspector explains a 401/403). */
  state: z.enum(['open', 'refused']),
  /** The handshake as an exchange (masked), with the inspector's explanation when it was refused. */
  handshake: SendResult,
});
export type WsConnected = z.infer<typeof WsConnected>;

/**
 * What a live stream delivered since `after`: a WebSocket connection's frames, or the events of a
 * request.send whose answer is an event stream (named by its sendId) while it runs and a while
 * after. The renderer polls it, as the Runner view polls runner.poll.
 */
export const StreamProgress = z.object({
  /**
   * `waiting`: a send whose answer has not started streaming (or is not a stream);
   * `reconnecting`: an event stream that ended waits to reconnect (at `reconnectAt`).
   */
  state: z.enum(['waiting', 'open', 'closing', 'closed', 'streaming', 'reconnecting', 'done']),
  /** When a reconnecting event stream sends again (ISO time). */
  reconnectAt: z.string().optional(),
  kind: StreamKind.optional(),
  messages: z.array(StreamMessage),
  next: z.number().int(),
  /** Messages before the oldest kept in memory (they are in the log file). */
  omitted: z.number().int().default(0),
  /** The JSON-lines file with the whole log, once it spilled past the in-memory cap. */
  file: z.string().optional(),
  protocol: z.string().optional(),
  close: StreamClose.optional(),
  ended: z.string().optional(),
  /**
   * A WebSocket closed with 1008 (policy violation), or a gRPC call that ended with UNAUTHENTICATED
   * (16) or PERMISSION_DENIED (7): the inspector's explanation, as for a refused HTTP request.
   */
  explanation: ExplainEntry.optional(),
  /** A gRPC call's final status, once it ended. */
  grpcStatus: GrpcStatus.optional(),
});
export type StreamProgress = z.infer<typeof StreamProgress>;

/** A gRPC request and where it lives, for describing its services and starting calls. */
export const GrpcTarget = z.object({
  request: GrpcRequest,
  collectionId: CollectionId.optional(),
  folders: z.array(z.string()).default([]),
  environment: z.string().optional(),
});
export type GrpcTarget = z.input<typeof GrpcTarget>;

export const GrpcStartInput = GrpcTarget.extend({
  /** Chosen by the caller: grpc.send/end/cancel/result and stream.poll name the call by it. */
  callId: Id,
  requestId: z.string().optional(),
  /**
   * The message a unary or server-streaming call sends (JSON; {{variables}} resolved); absent: the
   * request's first enabled saved message, else `{}`. Client-streaming and bidirectional calls start
   * with nothing sent: grpc.send each message, grpc.end to half-close.
   */
  message: z.string().max(16 * 1024 * 1024).optional(),
});
export type GrpcStartInput = z.input<typeof GrpcStartInput>;

export const GrpcStarted = z.object({
  callType: GrpcCallType,
  /** `package.Service/Method` as called. */
  rpc: z.string(),
  /** The message type the call sends, fully qualified (for grpc.template). */
  requestType: z.string(),
});
export type GrpcStarted = z.infer<typeof GrpcStarted>;
