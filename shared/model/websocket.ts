import { z } from 'zod';
import { GrpcRequest } from './grpc';
import { Request } from './request';

/**
 * A message saved with a WebSocket request: sent from the app with one click, and by `keyhole run`
 * (every enabled one, in order, once the connection is open). {{variables}} in `text` resolve when
 * it is sent; a binary message is a file (relative to the collection folder), never bytes in YAML.
 */
export const WebSocketMessage = z.object({
  name: z.string().min(1),
  type: z.enum(['text', 'json', 'binary']).default('text'),
  /** The text of a text or JSON message. */
  text: z.string().optional(),
  /** The file a binary message sends. */
  path: z.string().optional(),
  enabled: z.boolean().default(true),
});
export type WebSocketMessage = z.infer<typeof WebSocketMessage>;

/**
 * How long `keyhole run` (and `keyhole send` without --wait) listens after the saved messages went
 * out: until `messages` have arrived, after `ms`, or when the server closes, whichever comes first.
 * With neither set it listens for 1 s; with only `messages`, at most the request's total timeout.
 */
export const WebSocketWait = z.object({
  messages: z.number().int().positive().optional(),
  ms: z.number().int().nonnegative().optional(),
});
export type WebSocketWait = z.infer<typeof WebSocketWait>;

const R = Request.shape;

/**
 * A WebSocket request: a `*.request.yaml` file that starts with `kind: websocket`. It has the HTTP
 * request's settings (URL with variables, query, headers, auth, TLS, proxy, scripts) because its
 * handshake is an HTTP GET they all apply to; `method` and `body` are fixed (GET, none) so the type
 * stays assignable to Request and the shared editors, tabs and saves handle it unchanged. A file
 * without `kind` is an HTTP request, so every existing file loads as before.
 */
export const WebSocketRequest = z.object({
  kind: z.literal('websocket'),
  name: R.name,
  url: R.url,
  query: R.query,
  headers: R.headers,
  /** Offered in Sec-WebSocket-Protocol, in order of preference. */
  subprotocols: z.array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a subprotocol is a token (RFC 6455 §4.1)')).default([]),
  auth: R.auth,
  settings: R.settings,
  messages: z.array(WebSocketMessage).default([]),
  wait: WebSocketWait.optional(),
  description: R.description,
  expect: R.expect,
  scripts: R.scripts,
  id: R.id,
  method: z.literal('GET').default('GET'),
  body: z.object({ mode: z.literal('none') }).default({ mode: 'none' }),
});
export type WebSocketRequest = z.infer<typeof WebSocketRequest>;

/** What a request file or a request draft holds: a WebSocket or gRPC request (it says so) or an HTTP one. */
export const AnyRequest = z.union([WebSocketRequest, GrpcRequest, Request]);
export type AnyRequest = z.infer<typeof AnyRequest>;

export function isWebSocketRequest(r: unknown): r is WebSocketRequest {
  return typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'websocket';
}
