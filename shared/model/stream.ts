import { z } from 'zod';

/**
 * One entry of a live log: a WebSocket frame (in or out), a Server-Sent Event, an NDJSON line, a
 * gRPC message (as JSON) or what happened to the connection or call (open, close, error; a call's
 * response headers and trailers, its half-close `end` and final `status`). Text is kept as text;
 * binary as base64.
 * Secret values the request used are masked in `data`, as everywhere else.
 */
export const StreamMessage = z.object({
  /** Position in the log, from 0; a poll's cursor. */
  seq: z.number().int().nonnegative(),
  /** Milliseconds since the stream (or connection) opened. */
  t: z.number().nonnegative(),
  /** ISO time it arrived or left. */
  at: z.string(),
  direction: z.enum(['in', 'out', 'info']),
  type: z.enum(['text', 'binary', 'ping', 'pong', 'open', 'close', 'error', 'event', 'line', 'message', 'headers', 'trailers', 'end', 'status']),
  /** Text as received (cut at the log's per-message cap); base64 for binary. */
  data: z.string(),
  /** Bytes of the whole payload. */
  size: z.number().int().nonnegative(),
  /** `data` holds only the start of the payload (the log file holds all of it). */
  truncated: z.boolean().default(false),
  /** Server-Sent Event fields. */
  id: z.string().optional(),
  event: z.string().optional(),
  retry: z.number().int().optional(),
  /** A close frame's code and reason; a gRPC status's code and details. */
  code: z.number().int().optional(),
  reason: z.string().optional(),
  /** gRPC response headers or trailers (masked), for `headers` and `trailers` entries. */
  metadata: z.array(z.tuple([z.string(), z.string()])).optional(),
});
export type StreamMessage = z.infer<typeof StreamMessage>;
export type StreamMessageInput = Omit<StreamMessage, 'seq' | 't' | 'at' | 'truncated'> & { truncated?: boolean };

export const StreamKind = z.enum(['websocket', 'sse', 'ndjson', 'grpc']);
export type StreamKind = z.infer<typeof StreamKind>;

export const StreamClose = z.object({
  code: z.number().int(),
  reason: z.string(),
  /** Who closed: the server's close frame, the client (user, run, timeout), or the connection dropped. */
  by: z.enum(['server', 'client', 'network']),
});
export type StreamClose = z.infer<typeof StreamClose>;

/**
 * What a streamed response or a WebSocket connection delivered, attached to its exchange. The
 * messages are the newest that fit in the in-memory cap (the request's maxBodyInMemoryBytes); past
 * it the whole log is written to `file` (JSON lines) and `omitted` counts the older ones left out.
 */
export const StreamLog = z.object({
  kind: StreamKind,
  messages: z.array(StreamMessage).default([]),
  omitted: z.number().int().nonnegative().default(0),
  file: z.string().optional(),
  /** The subprotocol the server chose (Sec-WebSocket-Protocol). */
  protocol: z.string().optional(),
  close: StreamClose.optional(),
  /** Why the stream ended early (stopped by the user, idle timeout, a cap reached). */
  ended: z.string().optional(),
});
export type StreamLog = z.infer<typeof StreamLog>;

/**
 * Close codes that mean the connection ended in error (RFC 6455 §7.4.1 and the IANA registry):
 * protocol and data errors, policy, size, a dropped connection (1006), server errors. 1000, 1001,
 * 1005 and application codes (4000-4999) end a conversation normally.
 */
const FAILED_CLOSES: ReadonlySet<number> = new Set([1002, 1003, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015]);

export function isFailedClose(code: number): boolean {
  return FAILED_CLOSES.has(code);
}
