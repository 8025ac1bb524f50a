import { z } from 'zod';
import { AnyRequest, Collection, CookieInfo, Environment, Exchange, FileAccess, GrpcCallType, GrpcDescription, GrpcRequest, GrpcStatus, ReceivedResponse, ResponseBody, HistoryEntry, Request, StreamClose, StreamKind, StreamMessage, WebSocketMessage, WebSocketRequest } from '../model';
import { KeyholeErrorShape } from '../errors';
import { ExplainEntry, JwtInspection } from '../inspector/report';
import { LoadedSession, UiSession } from './ui-session';
import { GraphqlSchemaResult } from './graphql';
import type { Channel } from './channels';

/**
 * The one IPC contract: channel -> { input, output } zod schemas. The preload script, the Electron
 * main process and the browser bridge all answer exactly these channels; both hosts validate every
 * argument against `input` before a handler sees it (dispatch.ts).
 */

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const Id = z.string().min(1).max(200);
/** A collection inside the open workspace: its folder name under the workspace root. */
const CollectionId = Id.regex(/^[^/\\]+$/, 'a collection id is a folder name, not a path');

export const SecretStorageInfo = z.object({
  /** The backend doing the encryption: safeStorage's backend name, or 'memory' / 'file'. */
  backend: z.string(),
  /** True only when an OS keychain protects the secrets (not Linux's basic_text, not plain files). */
  osEncrypted: z.boolean(),
  /** A sentence for the user when secrets are not protected by the OS. */
  warning: z.string().optional(),
});
export type SecretStorageInfo = z.infer<typeof SecretStorageInfo>;

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  secretStorage: SecretStorageInfo,
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A collection folder of the workspace with its environments (they live in the collection folder). */
export const WorkspaceCollection = z.object({
  id: CollectionId,
  collection: Collection,
  /** Secret values are never here: secret variables and secret auth fields arrive empty. */
  environments: z.array(Environment).default([]),
  /** Per environment ('' = collection variables), the secret keys the store holds a value for. */
  storedSecrets: z.record(z.string(), z.array(z.string())).default({}),
  /** Files that could not be loaded, as sentences naming file and field. */
  problems: z.array(z.string()).default([]),
  /** sha256 of each file as loaded; saves pass them back as `expected` to detect changes on disk. */
  versions: z.record(z.string(), z.string()).default({}),
  /** Each request's and folder's file (a key of `versions`) by item id. */
  files: z.record(z.string(), z.string()).default({}),
});
export type WorkspaceCollection = z.infer<typeof WorkspaceCollection>;

export const WorkspaceState = z.object({
  root: z.string(),
  collections: z.array(WorkspaceCollection),
});
export type WorkspaceState = z.infer<typeof WorkspaceState>;

export const VariableInfo = z.object({
  name: z.string(),
  scope: z.enum(['runtime', 'environment', 'collection', 'globals', 'dynamic']),
  /** Masked for secrets; dynamic values ({{$guid}}) show what they produce, not a sample. */
  value: z.string(),
  secret: z.boolean(),
  missing: z.boolean().default(false),
});
export type VariableInfo = z.infer<typeof VariableInfo>;

export const SendInput = z.object({
  /** Chosen by the caller so that request.cancel can name this send while it runs. */
  sendId: Id,
  request: Request,
  /** Where the request lives: inherited auth, settings and collection variables come from there. */
  collectionId: CollectionId.optional(),
  /** Names of the folders holding the request, outermost first. */
  folders: z.array(z.string()).default([]),
  environment: z.string().optional(),
  /** The stable id of the saved request the tab is bound to; history records it. */
  requestId: z.string().optional(),
});
export type SendInput = z.input<typeof SendInput>;

/** One pm.test (or a failed test script), secrets already redacted. */
export const AssertionInfo = z.object({ name: z.string(), passed: z.boolean(), message: z.string().optional() });
export type AssertionInfo = z.infer<typeof AssertionInfo>;

/** What the request's scripts (collection, folders, request) reported around one send. */
export const ScriptReport = z.object({
  assertions: z.array(AssertionInfo),
  /** console output, "level: message", redacted. */
  logs: z.array(z.string()),
});
export type ScriptReport = z.infer<typeof ScriptReport>;

/**
 * A body the engine keeps instead of sending along: past INLINE_RESULT_MAX a SendResult carries
 * its size only, and the app reads it a window at a time (exchange.bodyBytes), so that megabytes
 * of base64 are neither made, sent nor parsed on the page's main thread before the first screen.
 */
export const HeldBody = z.object({ storage: z.literal('held'), size: z.number().int().nonnegative() });
export const INLINE_RESULT_MAX = 512 * 1024;

/** An exchange as the app is shown it: an engine's Exchange whose body may be held (above). */
export const ShownExchange = Exchange.extend({
  response: ReceivedResponse.extend({ body: z.discriminatedUnion('storage', [...ResponseBody.options, HeldBody]) }),
});
export type ShownExchange = z.infer<typeof ShownExchange>;

export const SendResult = z.object({
  /** Credentials masked; secrets redacted. */
  exchange: Exchange,
  /** For 401/403/407: the explanation cards, most likely diagnosis first. */
  explanation: ExplainEntry.optional(),
  /** Present when a pre-request or test script ran. */
  tests: ScriptReport.optional(),
});
export type SendResult = z.infer<typeof SendResult>;

/** A SendResult as a Send answers it: its body held by the engine past INLINE_RESULT_MAX. */
export const ShownResult = SendResult.extend({ exchange: ShownExchange });
export type ShownResult = z.infer<typeof ShownResult>;

/** One line of the History list; `history.get` gives the whole entry. */
export const HistoryItem = z.object({
  id: z.string(),
  method: z.string(),
  /** Resolved, credentials masked. */
  url: z.string(),
  /** 0 when nothing came back (`errorCode` says why). */
  status: z.number().int(),
  startedAt: z.string(),
  totalMs: z.number(),
  environment: z.string().optional(),
  name: z.string().optional(),
  collectionId: z.string().optional(),
  requestId: z.string().optional(),
  errorCode: z.string().optional(),
  /** Secret values of the composed request were not kept: re-opening it needs them typed again. */
  secretsOmitted: z.boolean().default(false),
  /** A WebSocket request (its handshake, and the connection when it opened). */
  websocket: z.boolean().optional(),
  /** Frames (messages) sent and received on an opened WebSocket or a gRPC call. */
  frames: z.object({ sent: z.number().int(), received: z.number().int() }).optional(),
  /** A gRPC call: its method (`package.Service/Method`) and final status name (`OK`, `UNAUTHENTICATED`). */
  grpc: z.object({ rpc: z.string(), status: z.string().optional() }).optional(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

/** Body bytes of a past exchange, a window at a time: 50 MB never crosses IPC in one piece. */
export const BodyChunk = z.object({ base64: z.string(), offset: z.number().int(), size: z.number().int() });
export type BodyChunk = z.infer<typeof BodyChunk>;
export const MAX_BODY_CHUNK = 8 * 1024 * 1024;
/** The same window as raw bytes (`exchange.bodyBytes`): no base64 to make, parse or decode. */
export const BodyBytes = z.object({ bytes: z.instanceof(Uint8Array), offset: z.number().int(), size: z.number().int() });
export type BodyBytes = z.infer<typeof BodyBytes>;

/** Something the source held that the import could not carry, where it was and why. */
export const ImportNoteInfo = z.object({
  /** The request or folder it belonged to, by name (`Orders / Get user`), when it belonged to one. */
  item: z.string().optional(),
  /** The place in the source document (`item[0].item[2].request.auth`). */
  place: z.string(),
  kind: z.string(),
  message: z.string(),
});
export type ImportNoteInfo = z.infer<typeof ImportNoteInfo>;

export const ImportResultInfo = z.object({
  format: z.string(),
  collectionId: CollectionId.optional(),
  environments: z.array(z.string()),
  requests: z.number().int().nonnegative().default(0),
  folders: z.number().int().nonnegative().default(0),
  /** One sentence per credential moved to the secret store, with the {{reference}} left in its place. */
  movedSecrets: z.array(z.string()).default([]),
  /** Every item not carried over, each with why. */
  notCarried: z.array(ImportNoteInfo).default([]),
  /** What was written as asked but is worth telling the user. */
  warnings: z.array(z.string()),
});
export type ImportResultInfo = z.infer<typeof ImportResultInfo>;

export const ExportFormat = z.object({ id: z.string(), label: z.string(), extension: z.string() });
export type ExportFormat = z.infer<typeof ExportFormat>;

const Text = z.string().max(64 * 1024 * 1024);

export const RunInput = z.object({
  collectionId: CollectionId,
  environment: z.string().optional(),
  /** A folder name or slash path; absent runs the whole collection. */
  folder: z.string().min(1).optional(),
  /** Absent: 1, or one per row of `data`. */
  iterations: z.number().int().min(1).max(10_000).optional(),
  delayMs: z.number().int().min(0).max(60_000).default(0),
  bail: z.boolean().default(false),
  /** A CSV or JSON data file's text: one iteration per row (unless `iterations` says more), pm.iterationData. */
  data: z.object({ name: z.string().min(1).max(500), text: z.string().max(16 * 1024 * 1024) }).optional(),
});
export type RunInput = z.input<typeof RunInput>;

/** One request of a run as the Runner view shows it: no bodies, so a long run stays small. */
export const RunRow = z.object({
  index: z.number().int(),
  iteration: z.number().int(),
  path: z.string(),
  /** The request's item id: the row opens the request itself, wherever it has moved since. */
  requestId: z.string().optional(),
  method: z.string(),
  /** Masked. */
  url: z.string(),
  status: z.number().int().optional(),
  statusText: z.string().optional(),
  durationMs: z.number(),
  passed: z.boolean(),
  skipped: z.boolean().default(false),
  error: KeyholeErrorShape.optional(),
  /** The scripts' pm.test results: the only assertions counted, as in Postman. */
  assertions: z.array(AssertionInfo),
  /** The check of the status (below 400, or the request's `expect.status`): it decides pass/fail, it is not an assertion. */
  statusCheck: AssertionInfo.optional(),
  /** The 401 inspector's finding for a refused request (401/403/407). */
  diagnosis: z.object({ id: z.string(), title: z.string(), confidence: z.number(), fix: z.string().optional() }).optional(),
  logs: z.array(z.string()).default([]),
  /** Its exchange, for runner.exchange (absent when nothing was sent: skipped, failed before the wire). */
  exchangeId: z.string().optional(),
});
export type RunRow = z.infer<typeof RunRow>;

export const RunSummaryInfo = z.object({
  requests: z.number().int(),
  failedRequests: z.number().int(),
  assertions: z.number().int(),
  failedAssertions: z.number().int(),
  durationMs: z.number(),
  bailed: z.boolean(),
  stopped: z.boolean(),
});
export type RunSummaryInfo = z.infer<typeof RunSummaryInfo>;

export const RunProgress = z.object({
  /** Rows from `after` on, in run order. */
  rows: z.array(RunRow),
  /** Pass as `after` in the next poll. */
  next: z.number().int(),
  /** Requests the run plans (iterations × requests; setNextRequest may change it). */
  total: z.number().int(),
  done: z.boolean(),
  summary: RunSummaryInfo.optional(),
  /** Why the run could not run at all (unknown folder, environment...). */
  error: KeyholeErrorShape.optional(),
});
export type RunProgress = z.infer<typeof RunProgress>;

export const WsConnectInput = z.object({
  /** Chosen by the caller, as sendId is: the later ws.* and stream.* calls name the connection by it. */
  connectionId: Id,
  request: WebSocketRequest,
  collectionId: CollectionId.optional(),
  folders: z.array(z.string()).default([]),
  environment: z.string().optional(),
  requestId: z.string().optional(),
});
export type WsConnectInput = z.input<typeof WsConnectInput>;

export const WsConnected = z.object({
  /** `refused`: the server answered the handshake with another status (the inspector explains a 401/403). */
  state: z.enum(['open', 'refused']),
  /** The handshake as an exchange (masked), with the inspector's explanation when it was refused. */
  handshake: SendResult,
});
export type WsConnected = z.infer<typeof WsConnected>;

/**
 * What a live stream delivered since `after`: a WebSocket connection's frames, or the events of a
 * request.send whose answer is an event stream (named by its sendId) while it runs and a while
 * after. The renderer polls it, as the Runner view polls runner.poll.
 */
export const StreamProgress = z.object({
  /**
   * `waiting`: a send whose answer has not started streaming (or is not a stream);
   * `reconnecting`: an event stream that ended waits to reconnect (at `reconnectAt`).
   */
  state: z.enum(['waiting', 'open', 'closing', 'closed', 'streaming', 'reconnecting', 'done']),
  /** When a reconnecting event stream sends again (ISO time). */
  reconnectAt: z.string().optional(),
  kind: StreamKind.optional(),
  messages: z.array(StreamMessage),
  next: z.number().int(),
  /** Messages before the oldest kept in memory (they are in the log file). */
  omitted: z.number().int().default(0),
  /** The JSON-lines file with the whole log, once it spilled past the in-memory cap. */
  file: z.string().optional(),
  protocol: z.string().optional(),
  close: StreamClose.optional(),
  ended: z.string().optional(),
  /**
   * A WebSocket closed with 1008 (policy violation), or a gRPC call that ended with UNAUTHENTICATED
   * (16) or PERMISSION_DENIED (7): the inspector's explanation, as for a refused HTTP request.
   */
  explanation: ExplainEntry.optional(),
  /** A gRPC call's final status, once it ended. */
  grpcStatus: GrpcStatus.optional(),
});
export type StreamProgress = z.infer<typeof StreamProgress>;

/** A gRPC request and where it lives, for describing its services and starting calls. */
export const GrpcTarget = z.object({
  request: GrpcRequest,
  collectionId: CollectionId.optional(),
  folders: z.array(z.string()).default([]),
  environment: z.string().optional(),
});
export type GrpcTarget = z.input<typeof GrpcTarget>;

export const GrpcStartInput = GrpcTarget.extend({
  /** Chosen by the caller: grpc.send/end/cancel/result and stream.poll name the call by it. */
  callId: Id,
  requestId: z.string().optional(),
  /**
   * The message a unary or server-streaming call sends (JSON; {{variables}} resolved); absent: the
   * request's first enabled saved message, else `{}`. Client-streaming and bidirectional calls start
   * with nothing sent: grpc.send each message, grpc.end to half-close.
   */
  message: z.string().max(16 * 1024 * 1024).optional(),
});
export type GrpcStartInput = z.input<typeof GrpcStartInput>;

export const GrpcStarted = z.object({
  callType: GrpcCallType,
  /** `package.Service/Method` as called. */
  rpc: z.string(),
  /** The message type the call sends, fully qualified (for grpc.template). */
  requestType: z.string(),
});
export type GrpcStarted = z.infer<typeof GrpcStarted>;

const FileVersions = z.record(z.string(), z.string());
const SaveGuard = { expected: FileVersions.optional(), force: z.boolean().default(false) };
/** `versions`: the files' versions after the save, for the next one (when `expected` was given). */
const Saved = z.object({
  ok: z.literal(true),
  versions: FileVersions.optional(),
  /** Where each saved item's file is now (collection.save: every item; request.save: the one). */
  files: z.record(z.string(), z.string()).optional(),
});

/** The languages "Generate code" offers: the engine's httpsnippet targets (exporters/snippet.ts). */
export const SnippetLang = z.enum(['curl', 'httpie', 'python', 'fetch', 'go', 'java', 'csharp', 'undici']);
export type SnippetLang = z.infer<typeof SnippetLang>;
export const Snippet = z.object({ output: z.string(), secretsBlanked: z.array(z.string()), notes: z.array(z.string()) });
export type Snippet = z.infer<typeof Snippet>;
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
