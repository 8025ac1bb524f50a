import { z } from 'zod';
import { GrpcOutcome } from './grpc';
import { StreamLog } from './stream';

/** Headers as sent or received: ordered pairs, because order and repeats matter (Set-Cookie). */
export const HeaderList = z.array(z.tuple([z.string(), z.string()]));
export type HeaderList = z.infer<typeof HeaderList>;

export const SentRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: HeaderList,
  /** A printable description of the body ("JSON, 120 bytes", or the text itself when small). */
  bodyPreview: z.string().optional(),
  bodySize: z.number().int().nonnegative().default(0),
});
export type SentRequest = z.infer<typeof SentRequest>;

export const ResponseBody = z.discriminatedUnion('storage', [
  /** Small bodies travel inline, base64 so that binary survives IPC and JSON. */
  z.object({ storage: z.literal('inline'), base64: z.string() }),
  /** Bodies past the in-memory cap were streamed to this file and never held whole. */
  z.object({ storage: z.literal('file'), path: z.string() }),
]);
export type ResponseBody = z.infer<typeof ResponseBody>;

export const ReceivedResponse = z.object({
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string(),
  headers: HeaderList,
  body: ResponseBody,
  /** Bytes on the wire (before decoding) and after Content-Encoding was undone. */
  headersSize: z.number().int().nonnegative(),
  bodySizeCompressed: z.number().int().nonnegative(),
  bodySizeDecoded: z.number().int().nonnegative(),
  contentEncoding: z.array(z.string()).default([]),
});
export type ReceivedResponse = z.infer<typeof ReceivedResponse>;

/** Milliseconds per phase; a phase that did not happen (reused connection: no DNS) is 0. */
export const Timings = z.object({
  dns: z.number().nonnegative(),
  connect: z.number().nonnegative(),
  tls: z.number().nonnegative(),
  firstByte: z.number().nonnegative(),
  download: z.number().nonnegative(),
  total: z.number().nonnegative(),
});
export type Timings = z.infer<typeof Timings>;

/** One step of a redirect chain, including the headers removed before the next hop and why. */
export const Hop = z.object({
  request: SentRequest,
  status: z.number().int(),
  statusText: z.string().default(''),
  responseHeaders: HeaderList,
  location: z.string().optional(),
  startedAt: z.string(),
  removedHeaders: z.array(z.string()).default([]),
  removedReason: z.string().optional(),
  /** A refusal the auth scheme answered by sending again (a Digest challenge): newman counts it as a request. */
  authRoundTrip: z.boolean().optional(),
});
export type Hop = z.infer<typeof Hop>;

export const AuthLogEntry = z.object({
  scheme: z.string(),
  message: z.string(),
  profile: z.string().optional(),
  environment: z.string().optional(),
});
export type AuthLogEntry = z.infer<typeof AuthLogEntry>;

export const Exchange = z.object({
  id: z.string(),
  /** ISO time the (first hop of the) request was sent: the reference for exp/nbf and cookie dates. */
  startedAt: z.string(),
  request: SentRequest,
  response: ReceivedResponse,
  /** Earlier hops of a redirect chain, in order; the final hop is request/response above. */
  hops: z.array(Hop).default([]),
  timings: Timings,
  remoteAddress: z.string().optional(),
  tls: z.object({ verified: z.boolean(), protocol: z.string().optional(), authorizedError: z.string().optional() }).optional(),
  /** What the auth scheme did, in words, secrets masked. */
  authLog: z.array(AuthLogEntry).default([]),
  profile: z.string().optional(),
  environment: z.string().optional(),
  warnings: z.array(z.string()).default([]),
  /** The messages of a WebSocket connection or the events of a streamed response (SSE, NDJSON). */
  stream: StreamLog.optional(),
  /** A gRPC call: its method, response metadata and status (the messages are `stream`). */
  grpc: GrpcOutcome.optional(),
});
export type Exchange = z.infer<typeof Exchange>;
