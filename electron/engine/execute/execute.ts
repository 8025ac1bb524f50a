import type { CookieJar } from 'tough-cookie';
import { KeyholeError } from '../../../shared/errors';
import type { AuthLogEntry, ConcreteAuth, Exchange, Hop } from '../../../shared/model';
import { MAX_AUTH_RETRIES, type AuthCache, type AuthContext, type AuthScheme } from '../auth/types';
import type { PreparedRequest, Send, SendContext, StreamWatch } from '../http/types';
import type { Prepared } from './prepare';

export interface EngineServices {
  send: Send;
  /** Auth schemes by type (electron/engine/auth registry). */
  schemes: Partial<Record<ConcreteAuth['type'], AuthScheme>>;
  /** Per-environment state of auth schemes (Digest nonces, OAuth tokens). */
  authCache: AuthCache;
  cookieJar?: CookieJar | undefined;
  tempDir: string;
  now: () => Date;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
  prompt?: ((message: string) => void) | undefined;
  openBrowser?: ((url: string) => Promise<void>) | undefined;
  /** Who watches an event-stream answer as it arrives (the app's live view, the CLI's printer). */
  stream?: StreamWatch | undefined;
}

export interface Executed {
  exchange: Exchange;
  /**
   * Credentials the auth scheme made (a signed JWT, a presigned URL's signature): no stored secret
   * holds them, so whoever shows the exchange masks them along with the stored ones.
   */
  madeSecrets: string[];
}

/**
 * Applies the auth scheme, sends, and lets the scheme answer refusals (a Digest challenge, then a
 * nonce that went stale meanwhile; an OAuth invalid_token), at most MAX_AUTH_RETRIES times. Each
 * refused attempt stays visible as a hop so the inspector and the user can see the round trip.
 */
export async function execute(prepared: Prepared, services: EngineServices, environment?: string): Promise<Executed> {
  const { auth, scheme, ctx, sendCtx, log, madeSecrets } = authFor(prepared, services, environment);
  let req = prepared.request;
  if (scheme) req = await scheme.apply(auth, req, ctx);
  let exchange = await services.send(req, sendCtx);
  for (let attempt = 1; scheme?.retry && isRefusal(exchange); attempt++) {
    // A refusal that came from another origin after a redirect is that origin's challenge: answering
    // it would compute credentials for (or send them towards) a host the user never chose (guarantee 1).
    // Without hops the answer came from the request's own URL; parse URLs only when it matters.
    if (exchange.hops.length > 0 && new URL(exchange.request.url).origin !== new URL(req.url).origin) {
      log.push({ scheme: auth.type, message: `the ${exchange.response.status} came from ${new URL(exchange.request.url).origin} after a redirect, not from ${new URL(req.url).origin}: its challenge is not answered`, profile: prepared.profile, environment });
      break;
    }
    if (attempt > MAX_AUTH_RETRIES) {
      log.push({ scheme: auth.type, message: `still refused after ${MAX_AUTH_RETRIES} answers; not answering again`, profile: prepared.profile, environment });
      break;
    }
    const again = await scheme.retry(auth, req, exchange, ctx, attempt);
    if (!again) break;
    const first = exchange;
    req = again;
    exchange = await services.send(again, sendCtx);
    exchange = { ...exchange, startedAt: first.startedAt, hops: [...first.hops, finalHop(first), ...exchange.hops] };
  }
  // Object.assign onto a fresh object, not `{ ...exchange, profile, environment }`: adding keys to
  // a spread-made object is a slow path on Node 20 (about 1 us a key).
  return { exchange: Object.assign({}, exchange, { authLog: [...exchange.authLog, ...log], profile: prepared.profile, environment }), madeSecrets };
}

function isRefusal(e: Exchange): boolean {
  return e.response.status === 401 || e.response.status === 407;
}

/**
 * The auth scheme of a prepared request and what it works with: the transport context its own
 * requests (token endpoints) go through, and the auth log. The WebSocket handshake uses it too.
 */
export function authFor(prepared: Prepared, services: EngineServices, environment?: string) {
  const sendCtx: SendContext = {
    settings: prepared.settings,
    signal: services.signal,
    cookieJar: services.cookieJar,
    tempDir: services.tempDir,
    now: services.now,
    env: services.env,
    stream: services.stream,
  };
  const log: AuthLogEntry[] = [];
  const madeSecrets: string[] = [];
  const { auth } = prepared;
  const scheme = auth.type === 'none' ? undefined : services.schemes[auth.type];
  if (auth.type !== 'none' && !scheme) {
    throw new KeyholeError('auth-config', `Auth scheme "${auth.type}" (${prepared.authSource}) is not available in this build`, { details: { scheme: auth.type } });
  }
  const ctx: AuthContext = {
    send: (req: PreparedRequest) => services.send(req, { ...sendCtx, stream: undefined }),
    now: services.now,
    cache: services.authCache,
    log: (message) => log.push({ scheme: auth.type, message, profile: prepared.profile, environment }),
    madeSecret: (value) => { if (value !== '') madeSecrets.push(value); },
    profile: prepared.profile,
    environment,
    baseDir: prepared.request.baseDir,
    signal: services.signal,
    prompt: services.prompt,
    openBrowser: services.openBrowser,
  };
  return { auth, scheme, ctx, sendCtx, log, madeSecrets };
}

export function finalHop(e: Exchange): Hop {
  return {
    request: e.request,
    status: e.response.status,
    statusText: e.response.statusText,
    responseHeaders: e.response.headers,
    startedAt: e.startedAt,
    removedHeaders: [],
    removedReason: 'refused; the auth scheme answered and the request was sent again',
    authRoundTrip: true,
  };
}
