import { readFileSync } from 'node:fs';
import { Cookie } from 'tough-cookie';
import type { Exchange, GrpcOutcome, StreamClose, StreamMessage } from '../../../shared/model';
import type { JarCookie } from '../http/cookies';

/** pm.response's status line and sizes: what a test script's context carries first (context.ts). */
export interface ResponseHead {
  code: number;
  status: string;
  responseTime: number;
  responseSize: number;
}

/** What pm.response shows without its body (the body is read only when a script asks). */
export interface ResponseMeta extends ResponseHead {
  headers: [string, string][];
}

export function responseHead(x: Exchange): ResponseHead {
  // A gRPC call's code is its gRPC status (0 OK, 16 UNAUTHENTICATED...), as Postman's gRPC scripts see it.
  const g = x.grpc?.status;
  if (g) return { code: g.code, status: g.name, responseTime: Math.round(x.timings.total), responseSize: x.response.bodySizeDecoded };
  return { code: x.response.status, status: x.response.statusText, responseTime: Math.round(x.timings.total), responseSize: x.response.bodySizeDecoded };
}

export function exchangeMeta(x: Exchange): ResponseMeta {
  return Object.assign(responseHead(x), { headers: x.response.headers });
}

/** The decoded body as text (UTF-8), from memory or from the file a large body was streamed to. */
export function exchangeText(x: Exchange): string {
  const b = x.response.body;
  return b.storage === 'inline' ? Buffer.from(b.base64, 'base64').toString('utf8') : readFileSync(b.path, 'utf8');
}

/** The cookies this response set: what pm.cookies shows when the caller has no jar. */
export function responseCookies(x: Exchange): JarCookie[] {
  const out: JarCookie[] = [];
  for (const [k, v] of x.response.headers) {
    if (k.toLowerCase() !== 'set-cookie') continue;
    const c = Cookie.parse(v);
    if (c) out.push({ name: c.key, value: c.value, domain: c.domain ?? undefined, path: c.path ?? undefined, secure: c.secure, httpOnly: c.httpOnly });
  }
  return out;
}

/** What a test script sees of a stream (pm.response.stream); `messages` are every entry of the log. */
export interface StreamView {
  kind: string;
  protocol?: string | undefined;
  close?: StreamClose | undefined;
  ended?: string | undefined;
  omitted: number;
  messages: Omit<StreamMessage, 'seq'>[];
  /** A gRPC call's method, status, response headers and trailers (pm.response.grpc). */
  grpc?: GrpcOutcome | undefined;
}

export function streamView(x: Exchange): StreamView | undefined {
  const s = x.stream;
  if (!s) return undefined;
  return { kind: s.kind, protocol: s.protocol, close: s.close, ended: s.ended, omitted: s.omitted, messages: s.messages.map(({ seq: _seq, ...m }) => m), ...(x.grpc ? { grpc: x.grpc } : {}) };
}
