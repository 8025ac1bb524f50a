import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { KeyholeError } from '../../../shared/errors';
import type { Exchange, HeaderList, Hop, SentRequest } from '../../../shared/model';
import { NO_BODY, bodySource, type BodySource } from './body';
import { Cancel } from './cancel';
import { startDeadline } from './deadline';
import { jarCookieHeader, mergeCookieHeader, storeSetCookies } from './cookies';
import { DISPATCH_LIMITS, dispatcherFor } from './dispatchers';
import { assertValidHeaders, getHeader, hasHeader, removeHeaders, setHeader } from './headers';
import { runHop, type HopResult } from './hop';
import { chooseProxy, type ProxyChoice } from './proxy-choice';
import { REDIRECT_STATUSES, hostAllowed, profileForbids, redirectLimitError, redirectMethod, redirectTarget, sameOrigin, stripCredentials, strippedReason } from './redirect';
import { isoTime } from './iso-time';
import { lenientParserMissing } from './lenient-parser';
import { transportError } from './transport-errors';
import type { PreparedRequest, SendContext, TransportSettings } from './types';
import { assertNoLineBreaks } from './url-text';
import { userinfoToBasic } from './userinfo';
import { StreamLogWriter } from '../stream/log';
import type { StreamKind } from '../../../shared/model';

const DEFAULT_MAX_DECODED = 1024 * 1024 * 1024;
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BODY_HEADERS = ['Content-Type', 'Content-Length', 'Content-Encoding', 'Transfer-Encoding'];

/**
 * Puts a prepared request on the wire and follows its redirects: cookies from and to the jar on
 * every hop, credentials removed for good on a change of origin, the response body decoded and
 * kept in memory or in a temp file past the cap. Throws KeyholeError only.
 */
export async function send(original: PreparedRequest, ctx: SendContext): Promise<Exchange> {
  const { req, note: userinfoNote } = userinfoToBasic(original);
  const now = ctx.now ?? (() => new Date());
  const settings = ctx.settings;
  const startedAt = isoTime(now());
  const t0 = performance.now();
  if (!METHOD.test(req.method)) {
    throw new KeyholeError('invalid-input', `Method ${JSON.stringify(req.method)} is not a valid HTTP method token`, { hint: 'Use a word such as GET, POST or PATCH, without spaces.' });
  }
  assertValidHeaders(req.headers);
  const url = parseUrl(req.url);
  // Awaited only when it is a promise (a file or form on disk): each await is a turn of the
  // microtask queue, and a run's short requests go through a dozen of them.
  const source = bodySource(req.body, req.baseDir);
  const body: BodySource = source instanceof Promise ? await source : source;
  const hop: NextHop = { url, method: req.method, headers: req.headers, body, authTls: req.tls, path: settings.disableUrlEncoding ? pathAsWritten(req.url) : undefined };
  // Postman's disableCookies: this request neither reads nor feeds the jar.
  const jar = settings.disableCookies ? undefined : ctx.cookieJar;

  // Cancel and timeout name the host of the hop in flight, which a redirect may have changed.
  const aborter = new Cancel();
  const onCancel = () => aborter.abort(new KeyholeError('cancelled', `Request to ${hop.url.host} was cancelled`));
  if (ctx.signal?.aborted) onCancel();
  ctx.signal?.addEventListener('abort', onCancel, { once: true });
  let deadline = settings.timeoutMs > 0
    ? startDeadline(settings.timeoutMs, () => aborter.abort(new KeyholeError('timeout', `Total timeout: no complete response from ${hop.url.host} within ${settings.timeoutMs} ms`, {
      hint: 'The server accepted the request but did not finish answering; raise timeoutMs if it is just slow.',
      details: { which: 'total', limitMs: settings.timeoutMs },
    })))
    : undefined;

  const hops: Hop[] = [];
  const warnings: string[] = userinfoNote === undefined ? [] : [userinfoNote];
  // An event stream has no total timeout while events keep coming: its idle timeout is the body
  // timeout (silence between chunks). The deadline is cleared once, here, never again in finally.
  const openStream = (kind: StreamKind): StreamLogWriter => {
    deadline?.clear();
    deadline = undefined;
    // A reconnecting event stream goes on in the log of its first response.
    const reused = ctx.stream?.log?.kind === kind ? ctx.stream.log : undefined;
    const log = reused ?? new StreamLogWriter(kind, {
      maxInMemoryBytes: settings.maxBodyInMemoryBytes, maxTotalBytes: settings.maxDecodedBodyBytes ?? DEFAULT_MAX_DECODED,
      tempDir: ctx.tempDir, now, redact: ctx.stream?.redact,
    });
    ctx.stream?.onStart?.(log);
    return log;
  };
  try {
    for (;;) {
      const hopStartedAt = hops.length === 0 ? startedAt : isoTime(now());
      const proxy = chooseProxy(hop.url, settings.proxy, ctx.env ?? process.env);
      const found = ctx.dispatcher ?? hopDispatcher(settings, hop.authTls, proxy, req.baseDir);
      const dispatcher = found instanceof Promise ? await found : found;
      const fromJar = jar ? jarCookieHeader(jar, hop.url, now) : '';
      const wire = wireHeaders(hop.headers, hop.body, typeof fromJar === 'string' ? fromJar : await fromJar, settings.defaultHeaders?.contentType !== false);
      const sent: SentRequest = {
        method: hop.method, url: hop.path === undefined ? hop.url.href : `${hop.url.origin}${hop.path}`, headers: wire, bodySize: hop.body.length,
        ...(hop.body.preview === undefined ? {} : { bodyPreview: hop.body.preview }),
      };
      const follows = (status: number, h: HeaderList) => settings.followRedirects && REDIRECT_STATUSES.has(status) && getHeader(h, 'location') !== undefined;
      let result: HopResult;
      try {
        result = await runHop({
          dispatcher, url: hop.url, path: hop.path, method: hop.method, headers: wire, body: hop.body.open(), cancel: aborter,
          keepBody: (status, h) => !follows(status, h),
          maxBodyInMemoryBytes: settings.maxBodyInMemoryBytes,
          maxDecodedBodyBytes: settings.maxDecodedBodyBytes ?? DEFAULT_MAX_DECODED,
          tempDir: ctx.tempDir,
          openStream,
          stopStream: ctx.stream?.stop,
        });
      } catch (e) {
        throw hopFailed(aborter.aborted ? aborter.reason : e, hop.url, proxy, settings);
      }
      if (result.warnings.length > 0) warnings.push(...result.warnings);
      const setCookies = jar ? setCookieValues(result.headers) : undefined;
      if (jar && setCookies) warnings.push(...await storeSetCookies(jar, hop.url.href, setCookies, now()));
      const statusText = result.statusText || STATUS_CODES[result.status] || '';
      const location = getHeader(result.headers, 'location');
      if (!follows(result.status, result.headers) || location === undefined) {
        return finalExchange(startedAt, sent, result, statusText, hops, warnings, performance.now() - t0);
      }
      if (hops.length >= settings.maxRedirects) throw redirectLimitError(settings.maxRedirects, location);
      hops.push(redirect(hop, { sent, result, statusText, location, startedAt: hopStartedAt }, settings, req));
    }
  } finally {
    deadline?.clear();
    ctx.signal?.removeEventListener('abort', onCancel);
  }
}

/**
 * What changes from one hop to the next. Kept apart from send's loop (like the redirect step
 * below) so the loop stays small: V8 compiles a large function late and slowly, and most requests
 * never redirect.
 */
interface NextHop {
  url: URL;
  method: string;
  headers: HeaderList;
  body: BodySource;
  /** A client certificate from an auth profile: presented to the request's own origin only. */
  authTls: PreparedRequest['tls'];
  /** The first hop's path and query as written (disableUrlEncoding); a redirect's come from its Location. */
  path: string | undefined;
}

/** The limits the dispatcher enforces, as its error messages must name them: settings over defaults. */
function transportLimits(settings: TransportSettings): { headersTimeoutMs: number; bodyTimeoutMs: number; maxHeaderBytes: number } {
  return {
    headersTimeoutMs: settings.headersTimeoutMs ?? DISPATCH_LIMITS.headersTimeoutMs,
    bodyTimeoutMs: settings.bodyTimeoutMs ?? DISPATCH_LIMITS.bodyTimeoutMs,
    maxHeaderBytes: settings.maxResponseHeaderBytes ?? DISPATCH_LIMITS.maxHeaderBytes,
  };
}

// The limits are spread last: adding keys after a spread is Node 20's slow path (run.ts).
function hopDispatcher(settings: TransportSettings, authTls: PreparedRequest['tls'], proxy: ProxyChoice, baseDir: string | undefined): ReturnType<typeof dispatcherFor> {
  return dispatcherFor({
    tls: authTls === undefined ? settings.tls : { ...settings.tls, ...authTls }, proxy, http2: settings.http2, connectTimeoutMs: settings.connectTimeoutMs, baseDir,
    proxyCaFile: settings.proxy.caFile,
    insecureHTTPParser: settings.insecureHTTPParser,
    ...transportLimits(settings),
  });
}

function hopFailed(e: unknown, url: URL, proxy: ProxyChoice, settings: TransportSettings): KeyholeError {
  const err = transportError(e, { url, proxy, connectTimeoutMs: settings.connectTimeoutMs, ...transportLimits(settings) });
  if (!settings.insecureHTTPParser || !(e instanceof Error && e.name === 'HTTPParserError')) return err;
  return new KeyholeError(err.code, err.message, {
    hint: proxy.kind === 'proxy'
      ? 'insecureHTTPParser is set, but the lenient parser applies to direct connections only, not through a proxy: the malformed response is refused.'
      : lenientParserMissing()
        ? 'insecureHTTPParser is set, but this build of the HTTP client (undici) did not let Keyhole make its parser lenient: the malformed response is refused.'
        : 'insecureHTTPParser is set and the lenient parser was used, yet this response is malformed beyond what it accepts.',
    details: err.details, cause: e,
  });
}

function finalExchange(startedAt: string, sent: SentRequest, result: HopResult, statusText: string, hops: Hop[], warnings: string[], total: number): Exchange {
  const { connection } = result;
  return {
    id: randomUUID(),
    startedAt,
    request: sent,
    response: {
      status: result.status, statusText, httpVersion: connection.httpVersion, headers: result.headers, body: result.body,
      headersSize: result.headersSize, bodySizeCompressed: result.bodySizeCompressed, bodySizeDecoded: result.bodySizeDecoded,
      contentEncoding: result.contentEncoding,
    },
    hops,
    timings: { dns: connection.dns, connect: connection.connect, tls: connection.tls, firstByte: result.firstByte, download: result.download, total },
    ...(connection.remoteAddress === undefined ? {} : { remoteAddress: connection.remoteAddress }),
    ...(connection.tlsInfo === undefined ? {} : { tls: connection.tlsInfo }),
    authLog: [],
    warnings,
    ...(result.stream ? { stream: result.stream } : {}),
  };
}

interface Answered {
  sent: SentRequest;
  result: HopResult;
  statusText: string;
  location: string;
  startedAt: string;
}

/**
 * Moves `hop` on to where a redirect points: the method a 301/302/303 changes to (and the body it
 * drops), and on a change of origin the credentials removed, unless the user trusts that host and
 * its profile allows it. Returns the hop as recorded.
 */
function redirect(hop: NextHop, answered: Answered, settings: TransportSettings, req: PreparedRequest): Hop {
  const { sent, result, statusText, location } = answered;
  const from = hop.url;
  const target = redirectTarget(location, from.href);
  const next = settings.followOriginalHttpMethod ? { method: hop.method, keepBody: true } : redirectMethod(result.status, hop.method);
  let headers = hop.headers;
  let url = target;
  const cross = !sameOrigin(from, target);
  if (!next.keepBody) {
    hop.body = NO_BODY;
    headers = removeHeaders(headers, BODY_HEADERS).headers;
  }
  let removed: string[] = [];
  const forwarded = cross && hostAllowed(target.hostname, settings.forwardCredentialsTo);
  const forbidden = forwarded ? profileForbids(target, req.credentialOrigins) : undefined;
  if (cross && (!forwarded || forbidden !== undefined)) {
    // followAuthorizationHeader keeps Authorization alone, and only where the profile allows the target.
    const keepAuthorization = settings.followAuthorizationHeader === true && profileForbids(target, req.credentialOrigins) === undefined;
    const names = keepAuthorization ? req.credentialHeaders.filter((h) => h.toLowerCase() !== 'authorization') : req.credentialHeaders;
    ({ headers, url, removed } = stripCredentials(headers, target, names, req.credentialQuery, keepAuthorization ? ['authorization'] : []));
    if (hop.authTls !== undefined) {
      hop.authTls = undefined;
      removed.push('client certificate');
    }
  }
  if (settings.refererOnRedirect) headers = setHeader(headers, 'Referer', refererOf(from, cross ? req.credentialQuery : []));
  hop.method = next.method;
  hop.url = url;
  hop.headers = headers;
  hop.path = undefined;
  return {
    request: sent, status: result.status, statusText, responseHeaders: result.headers, location, startedAt: answered.startedAt,
    removedHeaders: removed,
    ...(removed.length === 0 ? {} : { removedReason: forbidden ?? strippedReason(from, target) }),
  };
}

/** The Set-Cookie values of a response, or undefined when it sets none (most responses). */
function setCookieValues(headers: HeaderList): string[] | undefined {
  let out: string[] | undefined;
  for (const [k, v] of headers) if (k.length === 10 && k.toLowerCase() === 'set-cookie') (out ??= []).push(v);
  return out;
}

function parseUrl(raw: string): URL {
  assertNoLineBreaks(raw, 'The URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e) {
    throw new KeyholeError('url-invalid', `URL ${JSON.stringify(raw.slice(0, 200))} is not valid`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KeyholeError('url-invalid', `URL scheme ${url.protocol} is not supported: use http or https`, { details: { url: url.href } });
  }
  return url;
}

/**
 * The Referer a redirect hop carries (as Postman sends it): the URL that answered, without its
 * credential query parameters when the hop leaves the origin, since those are never forwarded.
 */
function refererOf(from: URL, credentialQuery: readonly string[]): string {
  if (credentialQuery.length === 0) return from.href;
  const u = new URL(from.href);
  for (const name of credentialQuery) u.searchParams.delete(name);
  return u.href;
}

/**
 * The path and query of a URL as written (disableUrlEncoding), for the request line. Only what
 * cannot go on the wire at all (controls, space, non-ASCII) is percent-encoded; the fragment is
 * never sent.
 */
export function pathAsWritten(url: string): string {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split('#')[0] ?? '';
  const path = rest.startsWith('/') ? rest : `/${rest}`;
  let out = '';
  for (const ch of path) {
    const c = ch.codePointAt(0) ?? 0;
    out += c <= 0x20 || c >= 0x7f ? (c >= 0xd800 && c <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(ch)) : ch;
  }
  return out;
}

/** The headers as they go on the wire: the jar's cookies merged in, body type and length set. */
function wireHeaders(headers: HeaderList, body: BodySource, fromJar: string, bodyType: boolean): HeaderList {
  let wire = headers;
  if (fromJar !== '') {
    const merged = mergeCookieHeader(getHeader(wire, 'cookie'), fromJar);
    if (merged !== undefined) wire = setHeader(wire, 'Cookie', merged);
  }
  if (body !== NO_BODY) {
    // A multipart body's type carries its boundary, so ours replaces a user-set one.
    if (bodyType && body.contentType !== undefined && (body.contentType.startsWith('multipart/') || !hasHeader(wire, 'content-type'))) {
      wire = setHeader(wire, 'Content-Type', body.contentType);
    }
    wire = setHeader(wire, 'Content-Length', String(body.length));
  }
  return wire;
}
