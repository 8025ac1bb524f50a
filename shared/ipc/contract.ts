import { z } from 'zod';
import { AnyRequest, Collection, CookieInfo, Environment, FileAccess, GrpcDescription, HistoryEntry, StreamClose, WebSocketMessage } from '../model';
import { ExplainEntry, JwtInspection } from '../inspector/report';
import { LoadedSession, UiSession } from './ui-session';
import { GraphqlSchemaResult } from './graphql';
import { CollectionId, Id } from './ids';
import { AppInfo, ExportFormat, HistoryItem, ImportResultInfo, Snippet, SnippetLang, VariableInfo, WorkspaceCollection, WorkspaceState } from './workspace-payloads';
import { BodyBytes, BodyChunk, MAX_BODY_CHUNK, SendInput, SendResult, ShownResult } from './send-payloads';
import { RunInput, RunProgress } from './run-payloads';
import { GrpcStartInput, GrpcStarted, GrpcTarget, StreamProgress, WsConnectInput, WsConnected } from './stream-payloads';
import type { Channel } from './channels';

/**
 * The one IPC contract: channel -> { input, output } zod schemas. The preload script, the Electron
 * main process and the browser bridge all answer exactly these channels; both hosts validate every
 * argument against `input` before a handler sees it (dispatch.ts).
 */

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const Text = z.string().max(64 * 1024 * 1024);

const FileVersions = z.record(z.string(), z.string());
const SaveGuard = { expected: FileVersions.optional(), force: z.boolean().default(false) };
/** `versions`: the files' versions after the save, for the next one (when `expected` was given). */
const Saved = z.object({
  ok: z.literal(true),
  versions: FileVersions.optional(),
  /** Where each saved item's file is now (collection.save: every item; request.save: the one). */
  files: z.record(z.string(), z.string()).optional(),
});

/** Which jar: an environment of a collection (absent environment = the collection's no-environment jar). */
const JarRef = { collectionId: CollectionId.optional(), environment: z.string().optional() };
const CookieKey = z.object({ domain: z.string().min(1), path: z.string().min(1), name: z.string().min(1) });

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  /** Opens an http(s) URL in the system browser (Electron only; the bridge refuses). */
  'app.openExternal': { input: z.object({ url: z.url({ protocol: /^https?$/ }) }), output: Ok },
  'workspace.get': { input: Empty, output: WorkspaceState },
  /** Opens or creates a workspace folder through the OS dialog (Electron only). */
  'workspace.choose': { input: z.object({ create: z.boolean().default(false) }), output: WorkspaceState.nullable() },
  'collection.create': { input: z.object({ name: z.string().min(1).max(200) }), output: WorkspaceCollection },
  /** Copies the example workspace's collections into the workspace (renamed when a name is taken). */
  'workspace.addExample': { input: Empty, output: z.object({ collectionIds: z.array(z.string()) }) },
  /**
   * Saves a whole collection. With `expected` (the versions it was loaded with) a file changed on
   * disk since makes it refuse with 'conflict' (details.files) before writing, unless `force`.
   */
  'collection.save': { input: z.object({ id: CollectionId, collection: Collection, ...SaveGuard }), output: Saved },
  /**
   * Saves one request (a tab's Ctrl+S) without touching the rest of the collection. `path` is its
   * folders' names and, last, its name on disk; 'conflict' as for collection.save.
   */
  'request.save': {
    input: z.object({ collectionId: CollectionId, path: z.array(z.string().min(1)).min(1), request: AnyRequest, ...SaveGuard }),
    output: Saved,
  },
  'collection.delete': { input: z.object({ id: CollectionId }), output: Ok },
  /**
   * What the user allowed a collection beyond its folder: uploading files from outside it. Kept in
   * the user's state on this machine, never in the collection's files (SECURITY.md, guarantee 10).
   */
  'collection.fileAccess': { input: z.object({ id: CollectionId }), output: FileAccess },
  'collection.setFileAccess': { input: z.object({ id: CollectionId, access: FileAccess }), output: Ok },
  /**
   * Saves an environment. A secret variable (or secret auth field of a profile binding) with a
   * non-empty value goes to the secret store; an empty one keeps what the store has.
   */
  'environment.save': { input: z.object({ collectionId: CollectionId, environment: Environment, previousName: z.string().optional() }), output: Ok },
  'environment.delete': { input: z.object({ collectionId: CollectionId, name: z.string().min(1) }), output: Ok },
  /** The stored value of one secret, for the reveal button; never sent unless asked for. */
  'secret.reveal': { input: z.object({ environment: z.string(), key: z.string().min(1) }), output: z.object({ value: z.string().nullable() }) },
  'variables.list': { input: z.object({ collectionId: CollectionId.optional(), environment: z.string().optional() }), output: z.array(VariableInfo) },
  'request.send': { input: SendInput, output: ShownResult },
  'request.cancel': { input: z.object({ sendId: Id }), output: z.object({ cancelled: z.boolean() }) },
  'exchange.get': { input: z.object({ id: Id }), output: ShownResult },
  'exchange.body': {
    input: z.object({ id: Id, offset: z.number().int().nonnegative().default(0), length: z.number().int().positive().max(MAX_BODY_CHUNK) }),
    output: BodyChunk,
  },
  /** `exchange.body` as bytes, for the app's body view: each transport moves them without base64 (ipc/bytes.ts). */
  'exchange.bodyBytes': {
    input: z.object({ id: Id, offset: z.number().int().nonnegative().default(0), length: z.number().int().positive().max(MAX_BODY_CHUNK) }),
    output: BodyBytes,
  },
  /** Writes a response body to a file the user picks (Electron only; browsers download instead). */
  'exchange.saveBody': { input: z.object({ id: Id }), output: z.object({ path: z.string().nullable() }) },
  /**
   * The unmasked value of one header of what was sent (`hop` absent: the final request; else that
   * redirect hop's), for the explicit Reveal click in "Request as sent". Only for this session's sends.
   */
  'exchange.reveal': {
    input: z.object({ id: Id, hop: z.number().int().nonnegative().optional(), header: z.number().int().nonnegative() }),
    output: z.object({ name: z.string(), value: z.string() }),
  },
  /**
   * Code for a request as the tab composes it (variables resolved, effective auth applied);
   * secrets become <placeholders> unless includeSecrets.
   */
  'exchange.snippet': {
    input: SendInput.omit({ sendId: true }).extend({ lang: SnippetLang, includeSecrets: z.boolean().default(false) }),
    output: Snippet,
  },
  /** Code for a history entry's request, as it was sent (masked credentials stay placeholders). */
  'history.snippet': { input: z.object({ id: Id, lang: SnippetLang }), output: Snippet },
  /** The cookies of an environment's jar, values masked. */
  'cookies.list': { input: z.object(JarRef), output: z.array(CookieInfo) },
  'cookies.reveal': { input: z.object({ ...JarRef, cookie: CookieKey }), output: z.object({ value: z.string().nullable() }) },
  /** Adds or replaces a cookie (same domain, path and name); `previous` removes the one it was edited from. */
  'cookies.set': { input: z.object({ ...JarRef, cookie: CookieInfo, previous: CookieKey.optional() }), output: Ok },
  'cookies.delete': { input: z.object({ ...JarRef, cookie: CookieKey }), output: z.object({ deleted: z.boolean() }) },
  'cookies.clear': { input: z.object(JarRef), output: Ok },
  /** Newest first; `query` keeps the entries whose method, URL, status or request name hold every word of it. */
  'history.list': { input: z.object({ query: z.string().max(1000).optional() }), output: z.array(HistoryItem) },
  /** One entry whole: what was sent (masked) and the composed request, for re-opening it. */
  'history.get': { input: z.object({ id: Id }), output: HistoryEntry },
  'history.clear': { input: Empty, output: Ok },
  'inspector.explain': { input: z.object({ id: Id }), output: ExplainEntry.nullable() },
  /** Decodes a JWT; verifies it when `key` (JWK, JWKS, PEM or shared secret text) is given. */
  'inspector.jwt': { input: z.object({ token: z.string().max(1024 * 1024), key: z.string().max(1024 * 1024).optional() }), output: JwtInspection },
  /** Drops the cached OAuth token of a profile so the next send fetches a new one. */
  'auth.forgetToken': { input: z.object({ collectionId: CollectionId.optional(), environment: z.string().optional() }), output: Ok },
  /** Imports a foreign file (Postman, Insomnia, OpenAPI, HAR, cURL) into the workspace. */
  /** A file of only environments goes into `collectionId` (the open collection). */
  'import.run': { input: z.object({ text: Text, filename: z.string().max(500).optional(), collectionId: CollectionId.optional() }), output: ImportResultInfo },
  'export.formats': { input: Empty, output: z.array(ExportFormat) },
  /**
   * Secrets are blanked; `environment` binds profile auth (formats without profiles inline it).
   * Without one, fails with 'environment-needed' (details.environments) when the environments bind
   * the collection's profiles differently.
   */
  'export.run': { input: z.object({ collectionId: CollectionId, format: z.string(), environment: z.string().optional() }), output: z.object({ filename: z.string(), text: z.string() }) },
  /** Asks where to save (the host's save dialog) and writes the export there; `path` is null when the user cancelled. Electron only. */
  'export.save': { input: z.object({ collectionId: CollectionId, format: z.string(), environment: z.string().optional() }), output: z.object({ filename: z.string(), path: z.string().nullable() }) },
  /** A native file picker (Electron only); browsers stage the chosen file with file.stage. */
  'file.pick': { input: z.object({ title: z.string().optional() }), output: z.object({ path: z.string().nullable() }) },
  /** Keeps an uploaded file in the host's own staging folder and returns its path there. */
  'file.stage': { input: z.object({ name: z.string().min(1).max(255), base64: z.string().max(140 * 1024 * 1024) }), output: z.object({ path: z.string() }) },
  /**
   * A request's or folder's file, by item id (never a path from the page): the desktop also shows
   * it in the system's file manager (`revealed`); a browser gets the path to show.
   */
  'file.reveal': { input: z.object({ collectionId: CollectionId, itemId: z.string().min(1).max(64) }), output: z.object({ path: z.string(), revealed: z.boolean() }) },
  /** Starts running a collection or folder (the engine's runner, scripts included); poll for rows. */
  'runner.start': { input: RunInput, output: z.object({ runId: Id }) },
  /** The rows a run produced since `after`: the Runner view polls this while the run goes on. */
  'runner.poll': { input: z.object({ runId: Id, after: z.number().int().nonnegative().default(0) }), output: RunProgress },
  'runner.stop': { input: z.object({ runId: Id }), output: z.object({ stopped: z.boolean() }) },
  /**
   * The masked exchange behind a row of the most recent run (status, headers, body, hops, timings,
   * the inspector's explanation, the row's tests). Only the newest 1,000 (and 64 MB) are kept.
   */
  'runner.exchange': { input: z.object({ runId: Id, exchangeId: Id }), output: SendResult },
  /** The run as a report file (the CLI's `-r html` / `-r junit`), from the rows the view keeps. */
  /** `save`: ask where to write it (desktop; `path` is null when cancelled); otherwise the text travels back for a download. */
  'runner.report': {
    input: z.object({ runId: Id, format: z.enum(['html', 'junit']), save: z.boolean().default(false) }),
    output: z.object({ filename: z.string(), text: z.string(), path: z.string().nullable().optional() }),
  },
  /** Opens a WebSocket with the request's settings and auth (the same as HTTP's); poll stream.poll for its frames. */
  'ws.connect': { input: WsConnectInput, output: WsConnected },
  /** Sends a message ({{variables}} resolved now; a binary one from its file) on an open connection. */
  'ws.send': { input: z.object({ connectionId: Id, message: WebSocketMessage }), output: Ok },
  'ws.ping': { input: z.object({ connectionId: Id, text: z.string().max(125).default('') }), output: Ok },
  /** Closes normally (1000) or with an application code (3000-4999); resolves once it closed. */
  'ws.close': { input: z.object({ connectionId: Id, code: z.number().int().default(1000), reason: z.string().max(123).default('') }), output: z.object({ close: StreamClose }) },
  /**
   * The services and methods of a gRPC request's proto source: its .proto files (with import paths,
   * inside the collection folder) or the server's reflection (sent with the request's TLS settings,
   * metadata and auth). Cached per source; `refresh` loads it again.
   */
  'grpc.describe': { input: GrpcTarget.extend({ refresh: z.boolean().default(false) }), output: GrpcDescription },
  /**
   * A JSON template of a message type (every field with its default: nested messages, enums by
   * name, repeated as one element, maps with one entry, the first member of each oneof). `type` is
   * fully qualified; absent: the request type of the request's `rpc`.
   */
  'grpc.template': { input: GrpcTarget.extend({ type: z.string().min(1).max(500).optional() }), output: z.object({ type: z.string(), text: z.string() }) },
  /**
   * Starts a call with the request's metadata, auth, TLS and deadline; resolves once it started (a
   * unary call's message already sent). Poll stream.poll with the callId for its log (messages in
   * and out with time and size, response headers, trailers, status, errors).
   */
  'grpc.start': { input: GrpcStartInput, output: GrpcStarted },
  /** Sends one message (JSON, {{variables}} resolved now) on an open client-streaming or bidirectional call. */
  'grpc.send': { input: z.object({ callId: Id, text: z.string().max(16 * 1024 * 1024) }), output: Ok },
  /** Half-closes: the client sends no more messages; the server may still answer. */
  'grpc.end': { input: z.object({ callId: Id }), output: Ok },
  /** Cancels the call (it ends with CANCELLED, 1); false when it had ended already. */
  'grpc.cancel': { input: z.object({ callId: Id }), output: z.object({ cancelled: z.boolean() }) },
  /**
   * The finished call as an exchange (masked; `exchange.grpc` holds status, headers and trailers,
   * `exchange.stream` the log) with the inspector's explanation of a 16 or 7. Waits for the call to
   * end. (Test scripts run where a call is played whole: `keyhole run` and `keyhole send`.)
   */
  'grpc.result': { input: z.object({ callId: Id }), output: SendResult },
  /** A WebSocket's frames (by connectionId), an event stream's events (by the send's sendId) or a gRPC call's log (by callId) since `after`. */
  'stream.poll': { input: z.object({ id: Id, after: z.number().int().nonnegative().default(0) }), output: StreamProgress },
  /** Ends an event stream now (its request.send completes with what arrived), closes a WebSocket, or cancels a gRPC call. */
  'stream.stop': { input: z.object({ id: Id }), output: z.object({ stopped: z.boolean() }) },
  /**
   * A GraphQL request's schema: its SDL file, or the introspection query sent like the request
   * (URL, auth, headers, proxy, TLS, variables). Cached per request; `refresh` asks again. A
   * failure is a value (`ok: false`), a refusal in the explainer's words.
   */
  'graphql.schema': { input: SendInput.omit({ sendId: true }).extend({ refresh: z.boolean().default(false) }), output: GraphqlSchemaResult },
  /** The app's last session for this workspace (tabs, drafts, layout), secrets refilled from the store. */
  'session.load': { input: Empty, output: LoadedSession },
  /** Keeps the session, atomically; secret values in drafts go to the secret store, not the file. */
  'session.save': { input: z.object({ session: UiSession }), output: Ok },
} as const satisfies Record<Channel, { input: z.ZodType; output: z.ZodType }>;

// `satisfies Record<Channel, ...>` with an object literal makes a missing or an extra channel a
// compile error, so channels.ts (what the preload reads) and this map cannot drift apart.
export type Contract = typeof contract;

export type InputOf<K extends Channel> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends Channel> = z.output<Contract[K]['input']>;
export type OutputOf<K extends Channel> = z.output<Contract[K]['output']>;