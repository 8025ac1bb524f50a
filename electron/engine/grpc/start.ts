import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client, Metadata } from '@grpc/grpc-js';
import { KeyholeError } from '../../../shared/errors';
import { recentRedactor } from '../../../shared/mask';
import type { Exchange, GrpcDescription, GrpcMethodInfo, GrpcRequest, HeaderList } from '../../../shared/model';
import { authFor, type EngineServices } from '../execute/execute';
import type { FilePolicy } from '../execute/file-policy';
import type { Prepared } from '../execute/prepare';
import { isoTime } from '../http/iso-time';
import type { PreparedRequest } from '../http/types';
import { StreamLogWriter } from '../stream/log';
import { GrpcCall, type GrpcCallEnd } from './call';
import { grpcTarget, metadataOf, pairsOf, type GrpcClients, type GrpcTarget } from './channel';
import type { DefinitionCache, GrpcDefinitions } from './definitions';
import { findMethod, findType } from './describe';
import { messageTemplate } from './template';

const DEFAULT_MAX_DECODED = 1024 * 1024 * 1024;

export interface GrpcContext {
  prepared: Prepared;
  request: GrpcRequest;
  services: EngineServices;
  environment?: string | undefined;
  definitions: DefinitionCache;
  /** The session's open clients (closed with the session). */
  clients: GrpcClients;
  baseDir: string | undefined;
  policy: FilePolicy | undefined;
  /** The secret values in force, masked in the log (message data, metadata, status details). */
  secrets: readonly string[];
}

/** A call the engine started: the live call, its method, and the exchange it ends as. */
export interface StartedGrpc {
  call: GrpcCall;
  method: GrpcMethodInfo;
  log: StreamLogWriter;
  description: GrpcDescription;
  /** Waits for the call's status and builds its exchange (raw: mask it before showing it). */
  finish(): Promise<Exchange>;
  /** Secrets the auth scheme made (a signed JWT): masked along with the stored ones. */
  madeSecrets: string[];
}

/** The request with auth applied, its target, metadata and client: what describing and calling share. */
interface Connected { req: PreparedRequest; target: GrpcTarget; metadata: Metadata; client: Client; madeSecrets: string[]; log: Exchange['authLog'] }

async function connect(c: GrpcContext): Promise<Connected> {
  let req = c.prepared.request;
  let log: Exchange['authLog'] = [];
  let madeSecrets: string[] = [];
  // No auth needs no scheme context (a call with none is the common case, and built per call).
  if (c.prepared.auth.type !== 'none') {
    const a = authFor(c.prepared, c.services, c.environment);
    ({ log, madeSecrets } = a);
    if (a.scheme) req = await a.scheme.apply(a.auth, req, a.ctx);
  }
  const target = grpcTarget(req.url, c.request.name);
  const { metadata, userAgent } = metadataOf(req.headers, c.request.name);
  const client = await c.clients.get(target, c.prepared.settings, req.baseDir, userAgent);
  return { req, target, metadata, client, madeSecrets, log };
}

/** The request's deadline: its own, else its total timeout; 0 is none. */
export function deadlineOf(c: Pick<GrpcContext, 'prepared' | 'request'>): number {
  return c.request.deadlineMs ?? c.prepared.settings.timeoutMs;
}

/** The definitions of the request's proto source; reflection goes over `connected` (the request's TLS, metadata and auth). */
function definitionsFor(c: GrpcContext, refresh: boolean, connected: Connected | undefined): Promise<GrpcDefinitions> {
  if (c.request.proto.type === 'files') return c.definitions.get(c.request.proto, { baseDir: c.baseDir, policy: c.policy, requestName: c.request.name, reflection: noReflection }, refresh);
  const origin = grpcTarget(c.prepared.request.url, c.request.name).origin;
  return c.definitions.get(c.request.proto, {
    baseDir: c.baseDir, policy: c.policy, requestName: c.request.name,
    reflection: () => {
      if (!connected) throw new KeyholeError('internal', `gRPC request ${c.request.name}: reflection without a connection`);
      // The call's deadline is for the call: describing the server is bounded like a handshake.
      const s = c.prepared.settings;
      const ms = s.connectTimeoutMs > 0 && (s.headersTimeoutMs ?? 1) > 0 ? s.connectTimeoutMs + (s.headersTimeoutMs ?? 30_000) : 0;
      return { client: connected.client, metadata: connected.metadata, deadline: () => (ms > 0 ? Date.now() + ms : Infinity), origin };
    },
  }, refresh);
}

/** Files need no server: a function of its own rather than a closure made per call. */
function noReflection(): never {
  throw new KeyholeError('internal', 'gRPC definitions from files asked for server reflection');
}

/** Describes the request's services (files, or reflection over a connection of its own). */
export async function describeGrpc(c: GrpcContext, refresh: boolean): Promise<GrpcDescription> {
  const connected = c.request.proto.type === 'reflection' ? await connect(c) : undefined;
  return (await definitionsFor(c, refresh, connected)).description;
}

/** A JSON template of a message type, or of the request type of the request's rpc. */
export async function templateGrpc(c: GrpcContext, type: string | undefined): Promise<{ type: string; text: string }> {
  const connected = c.request.proto.type === 'reflection' ? await connect(c) : undefined;
  const { root } = await definitionsFor(c, false, connected);
  const t = type === undefined ? findMethod(root, c.request.rpc, c.request.name).requestType : findType(root, type);
  return { type: t.fullName.replace(/^\./, ''), text: JSON.stringify(messageTemplate(t), null, 2) };
}

/**
 * Starts the request's call: auth applied to its metadata, the definitions loaded (cached), the
 * method found, the call opened with its deadline. Nothing is sent yet: the caller sends (see
 * playGrpc) and half-closes.
 */
export async function startGrpc(c: GrpcContext): Promise<StartedGrpc> {
  const startedAt = isoTime(c.services.now());
  const t0 = performance.now();
  const connected = await connect(c);
  const defs = await definitionsFor(c, false, connected);
  // What the auth scheme put in the metadata (a fetched OAuth token, a signed JWT) is as secret as
  // the stored credentials: an echoing server must not show it in the log either.
  // No scheme applied (auth none) leaves the prepared request itself: nothing was added.
  const made = connected.req === c.prepared.request ? connected.madeSecrets : [...connected.madeSecrets, ...credentialsAdded(c.prepared.request.headers, connected.req.headers)];
  const redact = recentRedactor(made.length === 0 ? c.secrets : [...c.secrets, ...made]);
  const method = findMethod(defs.root, c.request.rpc, c.request.name);
  const settings = c.prepared.settings;
  const log = new StreamLogWriter('grpc', {
    maxInMemoryBytes: settings.maxBodyInMemoryBytes, maxTotalBytes: settings.maxDecodedBodyBytes ?? DEFAULT_MAX_DECODED,
    tempDir: c.services.tempDir, now: c.services.now, redact,
  });
  const deadlineMs = deadlineOf(c);
  const call = new GrpcCall({
    client: connected.client, rpc: method.info.rpc, callType: method.info.callType, requestType: method.requestType, responseType: method.responseType,
    metadata: connected.metadata, deadlineMs, log, redact, signal: c.services.signal,
  });
  const sentHeaders = pairsOf(connected.metadata);
  const finish = async (): Promise<Exchange> => {
    const end = await call.done;
    await log.finish();
    return exchangeOf({
      startedAt, ms: performance.now() - t0, url: `${connected.target.origin}/${method.info.rpc}`, headers: sentHeaders, end, log,
      method: method.info, deadlineMs, source: defs.description.source, authLog: connected.log, profile: c.prepared.profile, environment: c.environment,
      warnings: [...c.prepared.warnings, ...(settings.proxy.mode === 'custom' ? ['The custom proxy was not used: gRPC calls take their proxy from the environment (grpc_proxy, https_proxy, no_proxy)'] : [])],
    });
  };
  return { call, method: method.info, log, description: defs.description, finish, madeSecrets: made };
}

/** Header values the auth scheme added or changed, with the credential after a scheme word (`Bearer x` gives x too). */
function credentialsAdded(before: HeaderList, after: HeaderList): string[] {
  const had = new Set(before.map(([k, v]) => `${k.toLowerCase()}\u0000${v}`));
  const out: string[] = [];
  for (const [k, v] of after) {
    if (had.has(`${k.toLowerCase()}\u0000${v}`) || v === '') continue;
    out.push(v);
    const m = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(v);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

function exchangeOf(o: {
  startedAt: string; ms: number; url: string; headers: HeaderList; end: GrpcCallEnd; log: StreamLogWriter; method: GrpcMethodInfo;
  deadlineMs: number; source: 'files' | 'reflection'; authLog: Exchange['authLog']; profile?: string | undefined; environment?: string | undefined;
  warnings: string[];
}): Exchange {
  const stream = o.log.snapshot();
  const firstOut = stream.messages.find((m) => m.direction === 'out' && m.type === 'message');
  const body = Buffer.from(o.end.last ?? '', 'utf8');
  // A call that never reached the server (no response headers, UNAVAILABLE) has no HTTP answer.
  const answered = o.end.headers.length > 0 || o.end.trailers.length > 0 || o.end.status.code !== 14;
  return {
    id: randomUUID(),
    startedAt: o.startedAt,
    request: { method: 'POST', url: o.url, headers: o.headers, bodySize: firstOut?.size ?? 0, ...(firstOut ? { bodyPreview: firstOut.data.slice(0, 2000) } : {}) },
    response: {
      status: answered ? 200 : 0, statusText: `${o.end.status.code} ${o.end.status.name}`, httpVersion: '2', headers: o.end.headers,
      body: { storage: 'inline', base64: body.toString('base64') },
      headersSize: 0, bodySizeCompressed: body.length, bodySizeDecoded: body.length, contentEncoding: [],
    },
    hops: [],
    timings: { dns: 0, connect: 0, tls: 0, firstByte: 0, download: 0, total: o.ms },
    authLog: o.authLog,
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.environment ? { environment: o.environment } : {}),
    warnings: o.warnings,
    stream,
    grpc: { rpc: o.method.rpc, callType: o.method.callType, status: o.end.status, headers: o.end.headers, trailers: o.end.trailers, deadlineMs: o.deadlineMs, source: o.source },
  };
}
