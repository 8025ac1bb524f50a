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
import { chooseProxy } from './proxy-choice';
import { REDIRECT_STATUSES, hostAllowed, profileForbids, redirectLimitError, redirectMethod, redirectTarget, sameOrigin, stripCredentials, strippedReason } from './redirect';
import { isoTime } from './iso-time';
import { transportError } from './transport-errors';
import type { PreparedRequest, SendContext } from './types';
import { userinfoToBasic } from './userinfo';

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
  let url = parseUrl(req.url);
  // Awaited only when it is a promise (a file or form on disk): each await is a turn of the
  // microtask queue, and a run's short requests go through a dozen of them.
  const source = bodySource(req.body, req.baseDir);
  let body: BodySource = source instanceof Promise ? await source : source;
  let method = req.method;
  let headers: HeaderList = req.headers;
  // A client certificate from an auth profile is a credential too: it is presented to the request's
  // own origin only, never to the origin of a cross-origin redirect.
  let authTls = req.tls;

  const aborter = new Cancel();
  const onCancel = () => aborter.abort(new KeyholeError('cancelled', `Request to ${url.host} was cancelled`));
  if (ctx.signal?.aborted) onCancel();
  ctx.signal?.addEventListener('abort', onCancel, { once: true });
  const deadline = settings.timeoutMs > 0
    ? startDeadline(settings.timeoutMs, () => aborter.abort(new KeyholeError('timeout', `Total timeout: no complete response from ${url.host} within ${settings.timeoutMs} ms`, {
      hint: 'The server accepted the request but did not finish answering; raise timeoutMs if it is just slow.',
      details: { which: 'total', limitMs: settings.timeoutMs },
    })))
    : undefined;

  const hops: Hop[] = [];
  const warnings: string[] = userinfoNote === undefined ? [] : [userinfoNote];
  try {
    for (;;) {
      const hopStartedAt = hops.length === 0 ? startedAt : isoTime(now());
      const proxy = chooseProxy(url, settings.proxy, ctx.env ?? process.env);
      const found = ctx.dispatcher ?? dispatcherFor({
        tls: authTls === undefined ? settings.tls : { ...settings.tls, ...authTls }, proxy, http2: settings.http2, connectTimeoutMs: settings.connectTimeoutMs, baseDir: req.baseDir,
        headersTimeoutMs: settings.headersTimeoutMs ?? DISPATCH_LIMITS.headersTimeoutMs,
        bodyTimeoutMs: settings.bodyTimeoutMs ?? DISPATCH_LIMITS.bodyTimeoutMs,
        maxHeaderBytes: settings.maxResponseHeaderBytes ?? DISPATCH_LIMITS.maxHeaderBytes,
        proxyCaFile: settings.proxy.caFile,
      });
      const dispatcher = found instanceof Promise ? await found : found;
      const fromJar = ctx.cookieJar ? jarCookieHeader(ctx.cookieJar, url.href, now()) : '';
      const wire = wireHeaders(headers, body, typeof fromJar === 'string' ? fromJar : await fromJar);
      const sent: SentRequest = {
        method, url: url.href, headers: wire, bodySize: body.length,
        ...(body.preview === undefined ? {} : { bodyPreview: body.preview }),
      };
      const follows = (status: number, h: HeaderList) => settings.followRedirects && REDIRECT_STATUSES.has(status) && getHeader(h, 'location') !== undefined;
      let result: HopResult;
      try {
        result = await runHop({
          dispatcher, url, method, headers: wire, body: body.open(), cancel: aborter,
          keepBody: (status, h) => !follows(status, h),
          maxBodyInMemoryBytes: settings.maxBodyInMemoryBytes,
          maxDecodedBodyBytes: settings.maxDecodedBodyBytes ?? DEFAULT_MAX_DECODED,
          tempDir: ctx.tempDir,
        });
      } catch (e) {
        throw transportError(aborter.aborted ? aborter.reason : e, {
          url, proxy, connectTimeoutMs: settings.connectTimeoutMs,
          headersTimeoutMs: settings.headersTimeoutMs ?? DISPATCH_LIMITS.headersTimeoutMs,
          bodyTimeoutMs: settings.bodyTimeoutMs ?? DISPATCH_LIMITS.bodyTimeoutMs,
          maxHeaderBytes: settings.maxResponseHeaderBytes ?? DISPATCH_LIMITS.maxHeaderBytes,
        });
      }
      warnings.push(...result.warnings);
      const setCookies = result.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v);
      if (ctx.cookieJar && setCookies.length > 0) warnings.push(...await storeSetCookies(ctx.cookieJar, url.href, setCookies, now()));
      const statusText = result.statusText || STATUS_CODES[result.status] || '';
      const location = getHeader(result.headers, 'location');
      if (!follows(result.status, result.headers) || location === undefined) {
        return {
          id: randomUUID(),
          startedAt,
          request: sent,
          response: {
            status: result.status, statusText, httpVersion: result.connection.httpVersion, headers: result.headers, body: result.body,
            headersSize: result.headersSize, bodySizeCompressed: result.bodySizeCompressed, bodySizeDecoded: result.bodySizeDecoded,
            contentEncoding: result.contentEncoding,
          },
          hops,
          timings: {
            dns: result.connection.dns, connect: result.connection.connect, tls: result.connection.tls,
            firstByte: result.firstByte, download: result.download, total: performance.now() - t0,
          },
          ...(result.connection.remoteAddress === undefined ? {} : { remoteAddress: result.connection.remoteAddress }),
          ...(result.connection.tlsInfo === undefined ? {} : { tls: result.connection.tlsInfo }),
          authLog: [],
          warnings,
        };
      }
      if (hops.length >= settings.maxRedirects) throw redirectLimitError(settings.maxRedirects, location);
      const target = redirectTarget(location, url.href);
      const next = redirectMethod(result.status, method);
      let nextHeaders = headers;
      let nextUrl = target;
      if (!next.keepBody) {
        body = NO_BODY;
        nextHeaders = removeHeaders(nextHeaders, BODY_HEADERS).headers;
      }
      let removed: string[] = [];
      const forwarded = !sameOrigin(url, target) && hostAllowed(target.hostname, settings.forwardCredentialsTo);
      const forbidden = forwarded ? profileForbids(target, req.credentialOrigins) : undefined;
      if (!sameOrigin(url, target) && (!forwarded || forbidden !== undefined)) {
        const stripped = stripCredentials(nextHeaders, target, req.credentialHeaders, req.credentialQuery);
        ({ headers: nextHeaders, url: nextUrl, removed } = stripped);
        if (authTls !== undefined) {
          authTls = undefined;
          removed.push('client certificate');
        }
      }
      hops.push({
        request: sent, status: result.status, statusText, responseHeaders: result.headers, location, startedAt: hopStartedAt,
        removedHeaders: removed,
        ...(removed.length === 0 ? {} : { removedReason: forbidden ?? strippedReason(url, target) }),
      });
      method = next.method;
      url = nextUrl;
      headers = nextHeaders;
    }
  } finally {
    deadline?.clear();
    ctx.signal?.removeEventListener('abort', onCancel);
  }
}

function parseUrl(raw: string): URL {
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

/** The headers as they go on the wire: the jar's cookies merged in, body type and length set. */
function wireHeaders(headers: HeaderList, body: BodySource, fromJar: string): HeaderList {
  let wire = headers;
  if (fromJar !== '') {
    const merged = mergeCookieHeader(getHeader(wire, 'cookie'), fromJar);
    if (merged !== undefined) wire = setHeader(wire, 'Cookie', merged);
  }
  if (body !== NO_BODY) {
    // A multipart body's type carries its boundary, so ours replaces a user-set one.
    if (body.contentType !== undefined && (body.contentType.startsWith('multipart/') || !hasHeader(wire, 'content-type'))) {
      wire = setHeader(wire, 'Content-Type', body.contentType);
    }
    wire = setHeader(wire, 'Content-Length', String(body.length));
  }
  return wire;
}
