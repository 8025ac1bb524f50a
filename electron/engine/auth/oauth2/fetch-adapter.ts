import type { Exchange } from '../../../../shared/model';
import { readBodyBytes } from '../../http';
import type { PreparedRequest } from '../../http/types';

/** What the last round trip to the authorization server looked like, for error messages. */
export interface LastAnswer {
  method: string;
  url: string;
  status: number;
  contentType: string;
  /** The start of the body as text, for "answered 200 with text/html: <!DOCTYPE..." messages. */
  preview: string;
}

/** The fetch signature oauth4webapi's `customFetch` option calls. */
export type OAuthFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal | undefined },
) => Promise<Response>;

export interface EngineFetch {
  fetch: OAuthFetch;
  /** Filled after each answer; undefined until the first one arrives. */
  last(): LastAnswer | undefined;
}

/**
 * Turns oauth4webapi's fetch calls into PreparedRequests sent with the engine's `send`, so token,
 * discovery and device requests use the same proxy, TLS and timeout settings as the API call, and
 * turns the Exchange back into a fetch Response. Only the body types oauth4webapi sends are
 * handled (form bodies, strings, nothing).
 */
export function engineFetch(send: (req: PreparedRequest) => Promise<Exchange>): EngineFetch {
  let last: LastAnswer | undefined;
  const fetch: OAuthFetch = async (url, init) => {
    const headers = Object.entries(init.headers);
    const credentialHeaders = headers.some(([k]) => k.toLowerCase() === 'authorization') ? ['authorization'] : [];
    const req: PreparedRequest = {
      method: init.method,
      url,
      headers,
      body: encodeBody(init.body),
      credentialHeaders,
      credentialQuery: [],
    };
    const exchange = await send(req);
    const bytes = await readBodyBytes(exchange.response.body);
    const contentType = headerValue(exchange, 'content-type') ?? '';
    last = {
      method: init.method,
      url,
      status: exchange.response.status,
      contentType,
      preview: Buffer.from(bytes.subarray(0, 200)).toString('utf8'),
    };
    return toResponse(exchange, bytes);
  };
  return { fetch, last: () => last };
}

function encodeBody(body: unknown): PreparedRequest['body'] {
  if (body === undefined || body === null) return { kind: 'none' };
  if (body instanceof URLSearchParams) {
    return { kind: 'bytes', data: Buffer.from(body.toString(), 'utf8'), contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  if (typeof body === 'string') return { kind: 'bytes', data: Buffer.from(body, 'utf8') };
  if (body instanceof Uint8Array) return { kind: 'bytes', data: body };
  throw new TypeError(`engineFetch: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

function headerValue(exchange: Exchange, name: string): string | undefined {
  return exchange.response.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

// Statuses whose Response must have a null body (the Fetch standard's "null body status").
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function toResponse(exchange: Exchange, bytes: Uint8Array): Response {
  const { status, statusText, headers } = exchange.response;
  const h = new Headers();
  for (const [k, v] of headers) {
    try {
      h.append(k, v);
    } catch {
      // A header value fetch refuses (obs-text...) is irrelevant to OAuth processing; skip it.
    }
  }
  const safeStatus = status >= 200 && status <= 599 ? status : 502;
  return new Response(NULL_BODY.has(safeStatus) ? null : new Uint8Array(bytes), { status: safeStatus, statusText, headers: h });
}
