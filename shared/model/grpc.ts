import { z } from 'zod';
import { KeyValue, Request } from './request';

/**
 * Where a gRPC request's service definitions come from: `.proto` files of the collection folder
 * (paths relative to it, confined to it like uploaded files; `importPaths` are the folders an
 * `import "a/b.proto"` is looked up in, in order, as protoc's -I), or the server's reflection
 * service (grpc.reflection.v1, else v1alpha).
 */
export const GrpcProtoSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reflection') }),
  z.object({
    type: z.literal('files'),
    files: z.array(z.string().min(1)).min(1, 'name at least one .proto file'),
    importPaths: z.array(z.string().min(1)).default([]),
  }),
]);
export type GrpcProtoSource = z.infer<typeof GrpcProtoSource>;

/**
 * A message saved with a gRPC request: JSON (the message type's proto3 JSON form) with
 * {{variables}} resolved when it is sent. A unary or server-streaming call sends the first enabled
 * one; a client-streaming or bidirectional call sends every enabled one, in order, then half-closes.
 */
export const GrpcMessage = z.object({
  name: z.string().min(1),
  text: z.string(),
  enabled: z.boolean().default(true),
});
export type GrpcMessage = z.infer<typeof GrpcMessage>;

export const GrpcCallType = z.enum(['unary', 'server-streaming', 'client-streaming', 'bidi']);
export type GrpcCallType = z.infer<typeof GrpcCallType>;

/** `package.Service/Method`, the call's HTTP/2 path without its leading slash. */
export const GrpcRpcName = z.string().regex(/^([A-Za-z_][\w]*\.)*[A-Za-z_][\w]*\/[A-Za-z_][\w]*$/, 'an rpc is package.Service/Method');

const R = Request.shape;

/**
 * A gRPC request: a `*.request.yaml` file that starts with `kind: grpc`. The URL is the server
 * (`grpc://host:port` in plaintext, `grpcs://host:port` over TLS, {{variables}} allowed); `rpc`
 * names the method. `headers` are the call's metadata (gRPC metadata travel as HTTP/2 headers, and
 * grpcurl and `keyhole send` take them with -H): the auth profile adds its credentials there
 * (`authorization: Bearer …`, an API key's header). TLS settings (CA, client certificate, verify)
 * come from `settings.tls` through the folders and the collection as for HTTP. `method` and `body`
 * are fixed (POST, none), as gRPC's HTTP/2 request is, so the type stays assignable to Request and
 * the shared editors, tabs and saves handle it unchanged.
 */
export const GrpcRequest = z.object({
  kind: z.literal('grpc'),
  name: R.name,
  url: R.url,
  /** Empty while a new request has no method chosen yet; a call needs one. */
  rpc: z.union([GrpcRpcName, z.literal('')]).default(''),
  proto: GrpcProtoSource.default({ type: 'reflection' }),
  /** The call's metadata. */
  headers: R.headers,
  messages: z.array(GrpcMessage).default([]),
  /** Deadline of the call in ms (grpc-timeout); absent: the request's total timeout (timeoutMs), 0 = none. */
  deadlineMs: z.number().int().nonnegative().optional(),
  auth: R.auth,
  settings: R.settings,
  description: R.description,
  /** Status codes that pass a run besides OK (0), e.g. [16] for a refusal demo. */
  expect: z.object({ status: z.array(z.number().int()).optional(), grpcStatus: z.array(z.number().int().min(0).max(16)).optional() }).optional(),
  scripts: R.scripts,
  id: R.id,
  method: z.literal('POST').default('POST'),
  query: z.array(KeyValue).max(0, 'a gRPC call has no query string').default([]),
  body: z.object({ mode: z.literal('none') }).default({ mode: 'none' }),
});
export type GrpcRequest = z.infer<typeof GrpcRequest>;
export type GrpcRequestInput = z.input<typeof GrpcRequest>;

export function isGrpcRequest(r: unknown): r is GrpcRequest {
  return typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'grpc';
}

/** The status names of grpc/grpc doc/statuscodes.md, by code. */
export const GRPC_STATUS_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

export function grpcStatusName(code: number): string {
  return GRPC_STATUS_NAMES[code] ?? `STATUS_${code}`;
}

const Pairs = z.array(z.tuple([z.string(), z.string()]));

export const GrpcStatus = z.object({
  code: z.number().int(),
  /** UNAUTHENTICATED, PERMISSION_DENIED... */
  name: z.string(),
  /** The server's status message (grpc-message), secrets masked. */
  details: z.string(),
});
export type GrpcStatus = z.infer<typeof GrpcStatus>;

/**
 * What a gRPC call came to, on its exchange (`exchange.grpc`): the method, the response metadata
 * (headers and trailers, masked) and the final status. The messages both ways are the exchange's
 * `stream` (kind `grpc`); its request is the call as sent (`POST grpc://host:port/pkg.Svc/Method`
 * with the metadata as headers) and its response body the last message received, as JSON.
 */
export const GrpcOutcome = z.object({
  rpc: z.string(),
  callType: GrpcCallType,
  /** Absent while the call is open. */
  status: GrpcStatus.optional(),
  headers: Pairs.default([]),
  trailers: Pairs.default([]),
  /** The deadline in force, ms (0: none). */
  deadlineMs: z.number().int().nonnegative(),
  /** Where the definitions came from. */
  source: z.enum(['reflection', 'files']),
});
export type GrpcOutcome = z.infer<typeof GrpcOutcome>;

export const GrpcMethodInfo = z.object({
  /** Method name alone (`GetUser`). */
  name: z.string(),
  /** `package.Service/Method`: what a request's `rpc` holds. */
  rpc: z.string(),
  callType: GrpcCallType,
  /** Fully-qualified message types (`users.v1.GetUserRequest`). */
  requestType: z.string(),
  responseType: z.string(),
  description: z.string().optional(),
});
export type GrpcMethodInfo = z.infer<typeof GrpcMethodInfo>;

export const GrpcServiceInfo = z.object({
  /** Fully-qualified (`users.v1.UserService`). */
  name: z.string(),
  methods: z.array(GrpcMethodInfo),
});
export type GrpcServiceInfo = z.infer<typeof GrpcServiceInfo>;

/** The services a request's proto source describes (the server's reflection service itself left out). */
export const GrpcDescription = z.object({
  source: z.enum(['reflection', 'files']),
  services: z.array(GrpcServiceInfo),
  /** The .proto files read (files source, relative to the collection folder) or received (reflection). */
  files: z.array(z.string()).default([]),
  /** e.g. "the server offers only the older server reflection, v1alpha". */
  warnings: z.array(z.string()).default([]),
});
export type GrpcDescription = z.infer<typeof GrpcDescription>;
