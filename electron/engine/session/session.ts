import type { CookieJar } from 'tough-cookie';
import { KeyholeError } from '../../../shared/errors';
import { maskExchange } from '../../../shared/exchange-mask';
import { redactor } from '../../../shared/mask';
import { Collection, isGrpcRequest, isWebSocketRequest, type Environment, type Exchange, type Folder, type Globals, type Request, type WebSocketMessage, type WebSocketRequest } from '../../../shared/model';
import { schemes } from '../auth';
import { execute, type EngineServices } from '../execute/execute';
import { confineBodyFiles, filePolicy, type FileAccessOptions } from '../execute/file-policy';
import { collectionTransport, prepare } from '../execute/prepare';
import { buildScopes, secretValues } from '../execute/scopes';
import { scriptJar, send as httpSend, type ScriptJar } from '../http';
import { assertBodyFilesInside } from '../http/files';
import type { PreparedBody, PreparedRequest, Send, StreamWatch } from '../http/types';
import type { WsConnection } from '../websocket/connection';
import { resolveMessage, type OutgoingMessage } from '../websocket/messages';
import { playWebSocket } from '../websocket/run';
import { sendReconnecting } from '../stream/reconnect';
import type { ScopedValue, Scopes } from '../../../shared/variables';
import type { SecretStore } from '../secrets/types';
import { loadCollection, loadEnvironment, profileSecretError, resolveEnvironmentSecrets, type ResolvedEnvironment } from '../workspace';
import { givenCookieJar, loadCookieJar } from './cookie-state';
import { grpcSession, type GrpcSession } from './grpc-session';
import { persistentAuthCache } from './token-cache';
import { dynamicSources } from '../variables/postman-random';

export interface SessionOptions {
  /** A collection folder; absent for ad-hoc requests (`keyhole send URL`). */
  collectionDir?: string | undefined;
  /** An in-memory collection (imports, benchmarks, unsaved work); used instead of loading the folder. */
  collection?: Collection | undefined;
  /** An environment of the collection folder by name, or one built in memory (a Postman environment file). */
  environment?: string | Environment | undefined;
  secrets: SecretStore;
  /** A jar to use instead of the state folder's (newman's --cookie-jar); the caller keeps it to export. */
  cookieJar?: CookieJar | undefined;
  /** Base folder for relative file paths in bodies; the collection folder when absent. */
  workingDir?: string | undefined;
  /** false refuses body files outside the working folder (newman's --no-insecure-file-read). */
  insecureFileRead?: boolean | undefined;
  /** Where cookie jars persist between sessions; absent keeps cookies for this session only. */
  stateDir?: string | undefined;
  tempDir: string;
  globals?: Globals | undefined;
  now?: (() => Date) | undefined;
  env?: Record<string, string | undefined> | undefined;
  send?: Send | undefined;
  signal?: AbortSignal | undefined;
  prompt?: ((message: string) => void) | undefined;
  openBrowser?: ((url: string) => Promise<void>) | undefined;
  /**
   * Where uploaded files may come from: by default only the collection folder (guarantee 10 of
   * SECURITY.md); the host passes what the user allowed beyond it.
   */
  files?: FileAccessOptions | undefined;
  /** Refuse unresolved {{variables}} even in a collection whose unresolvedVariables is 'literal'. */
  strictVariables?: boolean | undefined;
}

export interface SentExchange {
  /** Raw, for the inspector (it verifies tokens); never print it. */
  exchange: Exchange;
  /** Safe to print, save or export. */
  masked: Exchange;
  /** The secret values this request used, for redacting anything else printed about it. */
  secrets: string[];
  /** The body as prepared for the wire (its bytes when in memory): the app's history keeps a part. */
  body: PreparedBody;
}

export interface Session {
  collection: Collection;
  environment?: Environment | undefined;
  /** Files of the collection that could not be loaded; the rest loaded. */
  problems: KeyholeError[];
  /** Every secret value in force in this session (environment and collection), for redaction. */
  secretValues: string[];
  /**
   * The live variable scopes: what scripts write (pm.environment.set...) and every later request
   * of this session resolves from. Never written back to the workspace files.
   */
  scopes: Scopes;
  /**
   * `signal` cancels this send only; the session's cookies and auth caches stay. `watch` sees an
   * event-stream answer (or a WebSocket request's connection) as it arrives. A WebSocket request
   * (`kind: 'websocket'`) is played: connect, its enabled saved messages, listen, close; its
   * exchange is the handshake with the connection's log as `stream`.
   */
  send(request: Request, folders?: readonly Folder[], runtime?: ReadonlyMap<string, string>, signal?: AbortSignal, watch?: StreamWatch): Promise<SentExchange>;
  /**
   * gRPC requests: describing their services, message templates, and calls the app drives by hand.
   * `send` plays a gRPC request (`kind: 'grpc'`) as a whole: its saved messages, half-close, status.
   */
  grpc: GrpcSession;
  /** Opens a WebSocket the app keeps (connect, send, ping, close by hand). */
  connect(request: WebSocketRequest, folders?: readonly Folder[], signal?: AbortSignal): Promise<OpenedSocket>;
  /** Sends a request built elsewhere (pm.sendRequest) with this session's transport and cookies, no auth. */
  sendPrepared(request: PreparedRequest): Promise<Exchange>;
  /** The environment's live cookie jar: the cookie manager edits it here, so the next send sees the change. */
  cookieJar: CookieJar;
  /** Writes the jar to its file now (the cookie manager's edits), not only at close. */
  saveCookies(): Promise<void>;
  /** The same jar as scripts use it (pm.cookies, pm.cookies.jar()). */
  scriptJar: ScriptJar;
  /** Persists the cookie jar (when a state dir was given). */
  close(): Promise<void>;
}

/** A WebSocket as the session opened it: the handshake (raw and masked) and, when it opened, the connection. */
export interface OpenedSocket extends SentExchange {
  connection?: WsConnection | undefined;
  /** A message with {{variables}} resolved from the session's scopes as they are when it is sent. */
  resolve: (m: WebSocketMessage) => Promise<OutgoingMessage>;
  /** The request's total timeout: the ceiling of a wait for a count of messages. */
  timeoutMs: number;
}

const AD_HOC = Collection.parse({ name: 'ad hoc' });

/**
 * One open collection with one active environment: the unit the CLI and the desktop app send
 * through. It owns the environment's cookie jar and auth cache (Digest nonces, OAuth tokens), so
 * consecutive requests share them as a user expects.
 */
export async function openSession(o: SessionOptions): Promise<Session> {
  const loaded = o.collection ? { collection: o.collection, problems: [] }
    : o.collectionDir ? await loadCollection(o.collectionDir) : { collection: AD_HOC, problems: [] };
  let resolved: ResolvedEnvironment | undefined;
  if (typeof o.environment === 'object') {
    resolved = await resolveEnvironmentSecrets(o.environment, o.secrets);
  } else if (o.environment !== undefined) {
    if (!o.collectionDir) {
      throw new KeyholeError('usage', `Environment "${o.environment}" was asked for, but no collection folder was given`, {
        hint: 'Environments live in a collection folder: pass -c DIR (or run inside the folder).',
      });
    }
    resolved = await resolveEnvironmentSecrets(await loadEnvironment(o.collectionDir, o.environment), o.secrets);
  }
  const environment = resolved?.environment;
  const persisted = o.cookieJar ? givenCookieJar(o.stateDir, environment?.name, o.cookieJar) : await loadCookieJar(o.stateDir, environment?.name);
  const jar: CookieJar = persisted.jar;
  const now = o.now ?? (() => new Date());
  const authCache = await persistentAuthCache(o.secrets, environment?.name ?? '');
  const services: EngineServices = {
    send: o.send ?? httpSend,
    schemes,
    authCache,
    cookieJar: jar,
    tempDir: o.tempDir,
    now,
    env: o.env,
    signal: o.signal,
    prompt: o.prompt,
    openBrowser: o.openBrowser,
  };
  const collectionSecrets = await collectionSecretValues(loaded.collection, o.secrets);
  const scopes = buildScopes({
    environment,
    collection: loaded.collection,
    globals: o.globals,
    secrets: new Map([...collectionSecrets.values, ...(resolved?.secrets ?? [])]),
    missingSecrets: new Map([...collectionSecrets.missing, ...(resolved?.missingSecrets ?? [])]),
  });
  const sendCtx = { cookieJar: jar, tempDir: o.tempDir, now, env: o.env, signal: o.signal };
  // newman's --working-dir and Keyhole's own are one folder: relative paths start there, and uploads are confined to it.
  const workingDir = o.files?.workingDir ?? o.workingDir;
  const files = filePolicy(o.collectionDir, { ...o.files, workingDir });
  // Secret values an in-memory environment or globals brought with them count as much as the store's.
  const allSecrets = [...new Set([...(resolved?.values ?? []), ...collectionSecrets.values.values(), ...secretValues(scopes)])];
  const baseDir = workingDir ?? o.collectionDir;

  const dynamic = dynamicSources(now);
  const prepareIn = (request: Request, folders: readonly Folder[], view: Scopes) => {
    const prepared = prepare({ request, folders, collection: loaded.collection, environment, scopes: view, dynamic, baseDir, strictVariables: o.strictVariables });
    if (prepared.profile && resolved) {
      const missing = profileSecretError(resolved, prepared.profile);
      if (missing) throw missing;
    }
    return prepared;
  };
  const servicesFor = (signal: AbortSignal | undefined, stream?: StreamWatch): EngineServices => {
    const s = signal ? { ...services, signal: o.signal ? AbortSignal.any([o.signal, signal]) : signal } : services;
    return stream ? { ...s, stream } : s;
  };
  const connect = async (request: WebSocketRequest, folders: readonly Folder[], view: Scopes, signal?: AbortSignal): Promise<OpenedSocket> => {
    const prepared = prepareIn(request, folders, view);
    const secrets = [...new Set([...prepared.secrets, ...secretValues(view)])];
    // Frames are masked with every secret in force: a message may carry any of them, and an echo server sends it back.
    const redact = redactor([...secrets, ...allSecrets]);
    // Loaded on the first WebSocket: ws and the proxy agent stay out of HTTP-only runs.
    const { connectWebSocket } = await import('../websocket/connect');
    const opened = await connectWebSocket(prepared, servicesFor(signal), { subprotocols: request.subprotocols, environment: environment?.name, redact });
    const resolve = (m: WebSocketMessage): Promise<OutgoingMessage> => resolveMessage(m, { scopes: view, dynamic, where: `request ${request.name}`, baseDir: o.collectionDir });
    const exchange = opened.exchange;
    return { exchange, masked: maskExchange(exchange, secrets), secrets, body: { kind: 'none' }, resolve, timeoutMs: prepared.settings.timeoutMs, ...(opened.kind === 'open' ? { connection: opened.connection } : {}) };
  };

  const sendHttp = async (request: Request, folders: readonly Folder[], view: Scopes, signal: AbortSignal | undefined, watch: StreamWatch | undefined): Promise<SentExchange> => {
    const prepared = prepareIn(request, folders, view);
    if (o.insecureFileRead === false && baseDir) assertBodyFilesInside(prepared.request.body, baseDir, request.name);
    // Here, before auth: a scheme that hashes the body (SigV4, Digest auth-int) reads the file too.
    const { body } = prepared.request;
    if (files && (body.kind === 'file' || body.kind === 'multipart')) {
      prepared.request = { ...prepared.request, body: await confineBodyFiles(body, files, request.name) };
    }
    let redact: ((t: string) => string) | undefined;
    // A watched event stream is masked as it is logged (the watcher shows it live); the masked
    // exchange below covers the rest. Built only if the answer turns out to be a stream.
    const lazyRedact = (t: string): string => (redact ??= redactor([...prepared.secrets, ...secretValues(view)]))(t);
    const { exchange: sent, madeSecrets } = await execute(prepared, servicesFor(signal, watch && { ...watch, redact: lazyRedact }), environment?.name);
    const exchange = prepared.warnings.length > 0 ? Object.assign({}, sent, { warnings: [...prepared.warnings, ...sent.warnings] }) : sent;
    const secrets = [...new Set([...prepared.secrets, ...secretValues(view), ...madeSecrets])];
    // Masked when first read: a run reads it after the next request is on the wire (report-queue.ts).
    let masked: Exchange | undefined;
    return { exchange, get masked() { return (masked ??= maskExchange(exchange, secrets)); }, secrets, body: prepared.request.body };
  };
  const grpc = grpcSession({
    prepare: (request, folders, view) => prepareIn(request, folders, view),
    services: servicesFor, scopes, dynamic, environment: environment?.name, allSecrets, baseDir, policy: files,
    unresolved: o.strictVariables ? 'error' : loaded.collection.unresolvedVariables ?? 'error',
  });

  return {
    collection: loaded.collection,
    environment,
    problems: loaded.problems,
    grpc,
    secretValues: allSecrets,
    scopes,
    async send(request, folders = [], runtime, signal, watch) {
      const view: Scopes = runtime && runtime.size > 0 ? { ...scopes, runtime: withRuntime(scopes.runtime, runtime) } : scopes;
      if (isGrpcRequest(request)) return grpc.play(request, folders, view, signal, watch);
      if (isWebSocketRequest(request)) {
        const opened = await connect(request, folders, view, signal);
        const conn = opened.connection;
        if (!conn) return opened;
        watch?.onStart?.(conn.log);
        const stop = watch?.stop && signal ? AbortSignal.any([watch.stop, signal]) : watch?.stop ?? signal;
        await playWebSocket(conn, { messages: request.messages, resolve: opened.resolve, wait: request.wait, timeoutMs: opened.timeoutMs, stop });
        const exchange: Exchange = { ...opened.exchange, stream: conn.log.snapshot() };
        return { exchange, masked: maskExchange(exchange, opened.secrets), secrets: opened.secrets, body: { kind: 'none' } };
      }
      // An event stream the app or `send --reconnect` watches is reconnected as EventSource does.
      if (watch?.reconnect) return sendReconnecting((lastId, w) => sendHttp(withLastEventId(request, lastId), folders, view, signal, w), watch, now, signal);
      return sendHttp(request, folders, view, signal, watch);
    },
    connect: (request, folders = [], signal) => connect(request, folders, scopes, signal),
    // A script's request goes out with the collection's TLS, CA, client certificate and proxy settings.
    sendPrepared: (request) => services.send(request.baseDir === undefined ? { ...request, baseDir: o.collectionDir } : request, {
      ...sendCtx, settings: collectionTransport(loaded.collection, scopes, dynamic),
    }),
    cookieJar: jar,
    saveCookies: () => persisted.save(),
    scriptJar: scriptJar(jar, now),
    async close() {
      grpc.close();
      await Promise.all([persisted.save(), authCache.flush()]);
    },
  };
}

/** The request with Last-Event-ID set to the id a reconnecting event stream resumes after. */
function withLastEventId(request: Request, id: string | undefined): Request {
  if (id === undefined) return request;
  const headers = request.headers.filter((h) => h.key.toLowerCase() !== 'last-event-id');
  return { ...request, headers: [...headers, { key: 'Last-Event-ID', value: id, enabled: true }] };
}

function withRuntime(live: ReadonlyMap<string, ScopedValue> | undefined, extra: ReadonlyMap<string, string>): Map<string, ScopedValue> {
  const m = new Map(live ?? []);
  for (const [k, v] of extra) m.set(k, { value: v });
  return m;
}

/** Secret collection variables live in the store under the environment ''. */
async function collectionSecretValues(c: Collection, store: SecretStore): Promise<{ values: Map<string, string>; missing: Map<string, string> }> {
  const values = new Map<string, string>();
  const missing = new Map<string, string>();
  for (const v of c.variables) {
    if (!v.secret) continue;
    const value = await store.get('', v.key);
    if (value !== undefined) values.set(v.key, value);
    else missing.set(v.key, `Collection secret "${v.key}" has no value: ${store.describe('', v.key)}.`);
  }
  return { values, missing };
}
