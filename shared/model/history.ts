import { z } from 'zod';
import { ErrorCode } from '../errors';
import { HeaderList } from './exchange';
import { GrpcOutcome } from './grpc';
import { StreamClose } from './stream';
import { AnyRequest } from './websocket';

/** Which auth a send used. Never a secret value: a scheme name, a profile slot and its environment. */
export const HistoryAuth = z.object({
  /** The scheme that produced the credentials ('none' when nothing was added). */
  scheme: z.string(),
  /** The profile slot, when the auth came from one (bound by `environment`). */
  profile: z.string().optional(),
  environment: z.string().optional(),
  /** Where the auth was set: "request X", "folder Users", "collection", "profile Admin (Staging)". */
  source: z.string().optional(),
});
export type HistoryAuth = z.infer<typeof HistoryAuth>;

/** The request body as it went out, known secret values masked, cut at the history's cap. */
export const HistoryBody = z.object({
  /** Bytes sent. */
  size: z.number().int().nonnegative(),
  /** The text sent, up to the cap; absent for binary bodies, files and multipart forms. */
  text: z.string().optional(),
  truncated: z.boolean().default(false),
  /** What the body was when it is not kept as text ("file /x.bin", "binary, 2048 bytes"). */
  note: z.string().optional(),
});
export type HistoryBody = z.infer<typeof HistoryBody>;

/** What went out on the wire for one send from the app: resolved, credential values masked. */
export const HistorySent = z.object({
  method: z.string(),
  /** The URL with variables resolved (the first hop; a redirect's target is `finalUrl`). */
  url: z.string(),
  headers: HeaderList,
  body: HistoryBody.optional(),
  /** Where redirects ended, when they did. */
  finalUrl: z.string().optional(),
});
export type HistorySent = z.infer<typeof HistorySent>;

/** One WebSocket frame or gRPC message (JSON) as the history keeps it: masked, cut at the history's per-frame cap. */
export const HistoryFrame = z.object({
  type: z.enum(['text', 'binary', 'message']),
  /** The text (base64 for binary), up to the cap. */
  data: z.string(),
  /** Bytes of the whole payload. */
  size: z.number().int().nonnegative(),
  truncated: z.boolean().default(false),
  /** Milliseconds since the connection opened. */
  t: z.number().nonnegative(),
});
export type HistoryFrame = z.infer<typeof HistoryFrame>;

/**
 * What a WebSocket connection or a gRPC call carried, for its history entry: every frame (message)
 * sent (up to a cap) and a sample of those received (the first ones), the counts of both, and how
 * and when it closed.
 */
export const HistoryConnection = z.object({
  kind: z.enum(['websocket', 'grpc']),
  /** The subprotocol the server chose. */
  protocol: z.string().optional(),
  sent: z.array(HistoryFrame).default([]),
  sentCount: z.number().int().nonnegative().default(0),
  /** The first received frames only; `receivedCount` counts them all. */
  received: z.array(HistoryFrame).default([]),
  receivedCount: z.number().int().nonnegative().default(0),
  close: StreamClose.optional(),
  /** From the handshake's start to the close. */
  durationMs: z.number().nonnegative(),
  /** The connection's whole log (JSON lines), when it grew past memory and was written out. */
  file: z.string().optional(),
});
export type HistoryConnection = z.infer<typeof HistoryConnection>;

/** One entry of the request history as the engine keeps it (and as `history.get` returns it). */
export const HistoryEntry = z.object({
  id: z.string().min(1),
  startedAt: z.string(),
  totalMs: z.number().nonnegative(),
  /** The request's name as the tab had it. */
  name: z.string(),
  collectionId: z.string().optional(),
  /** The stable id of the saved request the tab was bound to. */
  requestId: z.string().optional(),
  environment: z.string().optional(),
  folders: z.array(z.string()).default([]),
  sent: HistorySent,
  auth: HistoryAuth,
  /** Absent when the send failed (see `error`). */
  status: z.number().int().optional(),
  statusText: z.string().optional(),
  error: z.object({ code: ErrorCode, message: z.string() }).optional(),
  /**
   * The request as the user composed it ({{variables}} unresolved), for re-opening it in a tab. A
   * WebSocket request's `messages` are its saved ones plus those typed and sent on the connection.
   */
  composed: AnyRequest,
  /** A WebSocket connection or a gRPC call: what it carried and how it closed (absent for HTTP and refused handshakes). */
  connection: HistoryConnection.optional(),
  /** A gRPC call: its method, final status, response headers and trailers (masked). */
  grpc: GrpcOutcome.optional(),
  /** Secret values that were not kept in `composed` ("auth password", "header X-Api-Key"). */
  omitted: z.array(z.string()).default([]),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
