import { randomUUID } from 'node:crypto';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { rootCertificates, type TLSSocket } from 'node:tls';
import type { CookieJar } from 'tough-cookie';
import { HttpsProxyAgent } from 'https-proxy-agent';
import WebSocket from 'ws';
import { KeyholeError } from '../../../shared/errors';
import type { Exchange, HeaderList } from '../../../shared/model';
import { jarCookieHeader, mergeCookieHeader, storeSetCookies } from '../http/cookies';
import { loadTls, readProxyCa } from '../http/dispatchers';
import { assertValidHeaders, getHeader, headerBlockSize, pairsFromRaw, setHeader } from '../http/headers';
import { isoTime } from '../http/iso-time';
import { chooseProxy, type ProxyChoice } from '../http/proxy-choice';
import { transportError } from '../http/transport-errors';
import type { PreparedRequest, TransportSettings } from '../http/types';
import { userinfoToBasic } from '../http/userinfo';
import { toWebSocketUrl } from './urls';

export interface HandshakeInput {
  /** The handshake request: the http(s) form of the URL, auth already applied. */
  req: PreparedRequest;
  settings: TransportSettings;
  subprotocols: readonly string[];
  cookieJar?: CookieJar | undefined;
  now: () => Date;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Called with the socket the moment it opens, before anything awaits: a server may send its
   * first message in the same packet as the 101, and a listener attached later would miss it.
   */
  adopt?: ((socket: WebSocket) => void) | undefined;
}

export type HandshakeResult =
  | { kind: 'open'; socket: WebSocket; exchange: Exchange }
  /** The server answered the upgrade with something else than 101 (a 401, a 403, a redirect not followed). */
  | { kind: 'refused'; exchange: Exchange };

/** Bytes of a refused handshake's body kept for the inspector (it reads the start only). */
const REFUSAL_BODY_CAP = 256 * 1024;
/** ws's own cap per message; a message past it closes the connection with 1009. */
const MAX_PAYLOAD = 100 * 1024 * 1024;

/**
 * Opens a WebSocket with the `ws` client and the request's own settings: headers (cookies from the
 * environment's jar merged in), subprotocols, TLS (CA, client certificate, verify), proxy (CONNECT
 * through https-proxy-agent, as curl does for ws://), redirects and timeouts. Resolves with the
 * open socket, or with the refused answer as an exchange the inspector explains like any other.
 * Set-Cookie of either answer goes to the jar. Failures before an answer are KeyholeErrors.
 */
export async function handshake(input: HandshakeInput): Promise<HandshakeResult> {
  const { req } = userinfoToBasic(input.req);
  const { settings, now } = input;
  assertValidHeaders(req.headers);
  const url = new URL(req.url);
  const wsUrl = toWebSocketUrl(url.href);
  const startedAt = isoTime(now());
  const proxy = chooseProxy(url, settings.proxy, input.env ?? process.env);
  const tls = await loadTls({ ...settings.tls, ...req.tls }, req.baseDir);
  const proxyCa = proxy.kind === 'proxy' && settings.proxy.caFile ? await readProxyCa(settings.proxy.caFile, req.baseDir) : undefined;
  let headers = req.headers;
  if (input.cookieJar) {
    const merged = mergeCookieHeader(getHeader(headers, 'cookie'), await jarCookieHeader(input.cookieJar, url, now));
    if (merged !== undefined) headers = setHeader(headers, 'Cookie', merged);
  }
  if (input.signal?.aborted) throw cancelled(url);
  const handshakeTimeout = settings.connectTimeoutMs > 0 && (settings.headersTimeoutMs ?? 1) > 0 ? settings.connectTimeoutMs + (settings.headersTimeoutMs ?? 30_000) : 0;
  const t0 = performance.now();
  // The request as it went out (ws adds Sec-WebSocket-Key, -Version, -Protocol, Upgrade, Host):
  // the 101's IncomingMessage does not point back at it, so it is taken as ws sends it.
  let lastRequest: ClientRequest | undefined;
  const socket = new WebSocket(wsUrl, [...input.subprotocols], {
    finishRequest: (creq: ClientRequest) => {
      lastRequest = creq;
      creq.end();
    },
    headers: headerObject(headers),
    ...(proxy.kind === 'proxy' ? { agent: proxyAgent(proxy, settings.connectTimeoutMs, proxyCa) } : {}),
    ...tls.options,
    ...(handshakeTimeout > 0 ? { handshakeTimeout } : {}),
    followRedirects: settings.followRedirects,
    maxRedirects: settings.maxRedirects,
    maxPayload: Math.min(settings.maxDecodedBodyBytes ?? MAX_PAYLOAD, MAX_PAYLOAD),
  });
  const result = await new Promise<HandshakeResult>((resolve, reject) => {
    let settled = false;
    let upgraded: IncomingMessage | undefined;
    const done = (): boolean => {
      if (settled) return false;
      settled = true;
      input.signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (!done()) return;
      socket.terminate();
      reject(cancelled(url));
    };
    input.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('upgrade', (res) => { upgraded = res; });
    socket.once('open', () => {
      if (!done()) return;
      input.adopt?.(socket);
      const res = upgraded as IncomingMessage;
      const sent = sentHeaders(lastRequest, headers);
      resolve({ kind: 'open', socket, exchange: exchangeOf({ startedAt, wsUrl: socket.url, sent, res, body: Buffer.alloc(0), ms: performance.now() - t0 }) });
    });
    socket.once('unexpected-response', (creq, res) => {
      void readCapped(res).then((body) => {
        creq.destroy();
        if (!done()) return;
        resolve({ kind: 'refused', exchange: exchangeOf({ startedAt, wsUrl, sent: sentHeaders(creq, headers), res, body, ms: performance.now() - t0 }) });
      });
    });
    // Errors after the outcome (a refused handshake torn down, a connection that drops) are the
    // connection's business (connection.ts); before it they are why it failed.
    socket.on('error', (e) => {
      if (!done()) return;
      reject(handshakeError(e, url, proxy, settings));
    });
  });
  if (input.cookieJar) {
    const setCookies = result.exchange.response.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v);
    if (setCookies.length > 0) result.exchange.warnings.push(...await storeSetCookies(input.cookieJar, url.href, setCookies, now()));
  }
  return result;
}

function proxyAgent(proxy: Extract<ProxyChoice, { kind: 'proxy' }>, timeout: number, ca: string | undefined): HttpsProxyAgent<string> {
  // The proxy's own certificate is verified against the system roots plus its CA only, as for HTTP.
  return new HttpsProxyAgent(proxy.url, {
    ...(proxy.token === undefined ? {} : { headers: { 'Proxy-Authorization': proxy.token } }),
    rejectUnauthorized: true,
    ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
    ...(timeout > 0 ? { timeout } : {}),
  });
}

/** ws takes headers as an object: repeated names are joined as HTTP allows (cookies with "; "). */
function headerObject(headers: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const [k, v] of headers) {
    const lower = k.toLowerCase();
    const key = seen.get(lower);
    if (key === undefined) {
      seen.set(lower, k);
      out[k] = v;
    } else out[key] = `${out[key] ?? ''}${lower === 'cookie' ? '; ' : ', '}${v}`;
  }
  return out;
}

/** The handshake's headers as they went out (the client adds Sec-WebSocket-Key and the rest). */
function sentHeaders(creq: ClientRequest | undefined, fallback: HeaderList): HeaderList {
  if (!creq) return fallback;
  const out: [string, string][] = [];
  for (const name of creq.getRawHeaderNames()) {
    const v = creq.getHeader(name);
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [String(v)]) out.push([name, one]);
  }
  return out;
}

async function readCapped(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= REFUSAL_BODY_CAP) break;
    }
  } catch {
    // A body cut short still explains what it holds.
  }
  res.destroy();
  return Buffer.concat(chunks).subarray(0, REFUSAL_BODY_CAP);
}

function exchangeOf(o: { startedAt: string; wsUrl: string; sent: HeaderList; res: IncomingMessage; body: Buffer; ms: number }): Exchange {
  const headers = pairsFromRaw(o.res.rawHeaders);
  const socket = o.res.socket as (TLSSocket & { encrypted?: boolean }) | null;
  const status = o.res.statusCode ?? 0;
  return {
    id: randomUUID(),
    startedAt: o.startedAt,
    request: { method: 'GET', url: o.wsUrl, headers: o.sent, bodySize: 0 },
    response: {
      status, statusText: o.res.statusMessage ?? '', httpVersion: o.res.httpVersion || '1.1', headers,
      body: { storage: 'inline', base64: o.body.toString('base64') },
      headersSize: Buffer.byteLength(`HTTP/${o.res.httpVersion} ${status} ${o.res.statusMessage ?? ''}\r\n`) + headerBlockSize(headers),
      bodySizeCompressed: o.body.length, bodySizeDecoded: o.body.length, contentEncoding: [],
    },
    hops: [],
    timings: { dns: 0, connect: 0, tls: 0, firstByte: o.ms, download: 0, total: o.ms },
    ...(socket?.remoteAddress ? { remoteAddress: socket.remoteAddress } : {}),
    ...(socket?.encrypted ? { tls: { verified: socket.authorized, protocol: socket.getProtocol() ?? undefined, ...(socket.authorizationError ? { authorizedError: String(socket.authorizationError) } : {}) } } : {}),
    authLog: [],
    warnings: [],
  };
}

function cancelled(url: URL): KeyholeError {
  return new KeyholeError('cancelled', `WebSocket to ${url.host} was cancelled`);
}

function handshakeError(e: Error, url: URL, proxy: ProxyChoice, settings: TransportSettings): KeyholeError {
  if (/handshake has timed out/i.test(e.message)) {
    return new KeyholeError('timeout', `WebSocket handshake with ${url.host} did not complete within ${settings.connectTimeoutMs + (settings.headersTimeoutMs ?? 30_000)} ms`, {
      hint: 'The server did not answer the upgrade; check the URL path and that it speaks WebSocket, or raise connectTimeoutMs / headersTimeoutMs.',
      details: { which: 'handshake' },
    });
  }
  if (/subprotocol|Sec-WebSocket-Accept|Sec-WebSocket-Extensions|Invalid Upgrade|Maximum redirects/i.test(e.message)) {
    return new KeyholeError('network', `WebSocket handshake with ${url.host} failed: ${e.message}`, {
      hint: /subprotocol/i.test(e.message) ? 'The server chose a subprotocol other than those the request offers; check the Subprotocols list.' : 'The server answered, but not as a WebSocket server should.',
      cause: e,
    });
  }
  return transportError(e, { url, proxy, connectTimeoutMs: settings.connectTimeoutMs, headersTimeoutMs: settings.headersTimeoutMs });
}
