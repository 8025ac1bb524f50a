import { randomUUID } from 'node:crypto';
import type { KeyholeError } from '../../../shared/errors';
import { withUrlForms } from '../../../shared/exchange-mask';
import { maskSecret, redactor } from '../../../shared/mask';
import { isGrpcRequest, type Folder, type HeaderList, type HistoryAuth, type HistoryConnection, type HistoryEntry, type Request, type WebSocketMessage, type WebSocketRequest } from '../../../shared/model';
import { resolveText } from '../../../shared/variables';
import { effectiveAuth } from '../execute/auth-chain';
import type { SentExchange, Session } from '../session';
import { composedOf } from './composed';
import { failedUrl, looksLikeCredential, sentOf } from './sent';
import { dynamicSources } from '../variables/postman-random';

/** A send from the app, as the request.send handler knows it. */
export interface SendContext {
  request: Request;
  collectionId?: string | undefined;
  requestId?: string | undefined;
  environment?: string | undefined;
  /** Names of the request's folders, outermost first, and the folders themselves when found. */
  folderNames: readonly string[];
  folders: readonly Folder[];
  /** The session it went through; absent when none could open (an unknown environment). */
  session?: Pick<Session, 'collection' | 'environment' | 'secretValues' | 'scopes'> | undefined;
}

/** Request bodies (as sent, and as composed) are kept up to this many bytes each. */
export const DEFAULT_BODY_CAP = 64 * 1024;

export function entryOfSend(ctx: SendContext, sent: SentExchange, bodyCap = DEFAULT_BODY_CAP): HistoryEntry {
  const e = sent.masked;
  return {
    id: e.id,
    startedAt: e.startedAt,
    totalMs: e.timings.total,
    ...common(ctx, e.environment, sent.secrets, bodyCap),
    sent: sentOf(e, sent.body, sent.secrets, bodyCap),
    status: e.response.status,
    statusText: e.response.statusText,
  };
}

/**
 * A WebSocket as the app opened it: the handshake as sent (URL, headers masked as for HTTP), its
 * status (101, or the refusal), and when it opened, what it carried until it closed. The duration
 * runs from the handshake to the close.
 */
export function entryOfConnection(ctx: SendContext, opened: SentExchange, connection: HistoryConnection | undefined, bodyCap = DEFAULT_BODY_CAP): HistoryEntry {
  const e = opened.masked;
  return {
    id: e.id,
    startedAt: e.startedAt,
    totalMs: connection?.durationMs ?? e.timings.total,
    ...common(ctx, e.environment, opened.secrets, bodyCap),
    sent: sentOf(e, { kind: 'none' }, opened.secrets, bodyCap),
    status: e.response.status,
    statusText: e.response.statusText,
    ...(connection ? { connection } : {}),
  };
}

/**
 * A gRPC call as the app made it: the call as sent (`POST grpc://host:port/pkg.Svc/Method`, its
 * metadata masked as HTTP headers are), the messages both ways (sampled as a WebSocket's frames),
 * and its final status, response headers and trailers, credential-looking values masked.
 */
export function entryOfCall(ctx: SendContext, sent: SentExchange, connection: HistoryConnection, bodyCap = DEFAULT_BODY_CAP): HistoryEntry {
  const entry = entryOfSend(ctx, sent, bodyCap);
  const g = sent.masked.grpc;
  if (!g) return { ...entry, connection };
  const redact = redactor(withUrlForms(sent.secrets));
  const pairs = (list: HeaderList): [string, string][] => list.map(([k, v]) => [k, looksLikeCredential(k) ? maskSecret(v) : redact(v)]);
  return {
    ...entry,
    connection,
    grpc: { ...g, headers: pairs(g.headers), trailers: pairs(g.trailers), ...(g.status ? { status: { ...g.status, details: redact(g.status.details) } } : {}) },
  };
}

/**
 * The request with the messages typed and sent on its connection added after its saved ones (a
 * message equal to a saved one is not repeated), so re-opening it from the history can send them
 * again. They are added disabled: a run of the re-opened request sends what its file chose.
 */
export function withSentMessages(request: WebSocketRequest, sent: readonly WebSocketMessage[]): WebSocketRequest {
  const same = (a: WebSocketMessage, b: WebSocketMessage): boolean => a.type === b.type && a.text === b.text && a.path === b.path;
  const messages = [...request.messages];
  let n = 0;
  for (const m of sent) {
    if (messages.some((x) => same(x, m))) continue;
    n += 1;
    messages.push({ ...m, name: `sent ${n}`, enabled: false });
  }
  return { ...request, messages };
}

/** A send that failed before a response (network, timeout, an unresolved variable, a script). */
export function entryOfFailure(ctx: SendContext, error: KeyholeError, startedAt: Date, totalMs: number, bodyCap = DEFAULT_BODY_CAP): HistoryEntry {
  const secrets = ctx.session?.secretValues ?? [];
  return {
    id: randomUUID(),
    startedAt: startedAt.toISOString(),
    totalMs,
    ...common(ctx, ctx.session?.environment?.name, secrets, bodyCap),
    sent: { method: ctx.request.method.toUpperCase(), url: failedUrl(resolvedUrl(ctx, startedAt), secrets), headers: [] },
    error: { code: error.code, message: redactor(secrets)(error.message) },
  };
}

function common(ctx: SendContext, environment: string | undefined, secrets: readonly string[], bodyCap: number) {
  const composed = composedOf(ctx.request, secrets, bodyCap);
  return {
    name: ctx.request.name,
    ...(ctx.collectionId === undefined ? {} : { collectionId: ctx.collectionId }),
    ...(ctx.requestId === undefined ? {} : { requestId: ctx.requestId }),
    ...(environment === undefined ? {} : { environment }),
    folders: [...ctx.folderNames],
    auth: authOf(ctx),
    composed: composed.request,
    omitted: composed.omitted,
  };
}

/** The scheme that decided, and the profile and environment when it came from one; never a value. */
function authOf(ctx: SendContext): HistoryAuth {
  const own = ctx.request.auth;
  const fallback: HistoryAuth = own.type === 'profile'
    ? { scheme: 'profile', profile: own.profile, ...(ctx.environment === undefined ? {} : { environment: ctx.environment }) }
    : { scheme: own.type };
  const s = ctx.session;
  if (!s) return fallback;
  try {
    const eff = effectiveAuth(own, ctx.folders, s.collection, s.environment, ctx.request.name);
    return {
      scheme: eff.auth.type,
      source: eff.source,
      ...(eff.profile === undefined ? {} : { profile: eff.profile, ...(s.environment ? { environment: s.environment.name } : {}) }),
    };
  } catch {
    // The profile is not bound in this environment: the send failed for that, and says so.
    return fallback;
  }
}

/** The URL with what variables resolve; as composed when they do not (that may be why it failed). A gRPC call's ends with its method. */
function resolvedUrl(ctx: SendContext, at: Date): string {
  const r = ctx.request;
  const url = isGrpcRequest(r) && r.rpc !== '' ? `${r.url.replace(/\/+$/, '')}/${r.rpc}` : r.url;
  if (!ctx.session) return url;
  try {
    return resolveText(url, { scopes: ctx.session.scopes, dynamic: dynamicSources(() => at), where: 'the URL' }).text;
  } catch {
    return url;
  }
}
