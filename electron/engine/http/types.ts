import type { Dispatcher } from 'undici';
import type { Exchange, HeaderList, MultipartField, ProxySettings, TlsSettings } from '../../../shared/model';

/**
 * A request ready for the wire: variables resolved, auth applied, body encoded (or described, for
 * streamed files). This is the boundary between preparation (variables, auth, scripts) and
 * transport (undici, redirects, cookies); auth schemes take and return this shape.
 */
export type PreparedBody =
  | { kind: 'none' }
  | { kind: 'bytes'; data: Uint8Array; contentType?: string | undefined }
  /** Streamed from disk, never read whole. */
  | { kind: 'file'; path: string; contentType?: string | undefined }
  /** Encoded as multipart/form-data while streaming; file parts are read from disk as they go. */
  | { kind: 'multipart'; fields: MultipartField[] };

export interface PreparedRequest {
  method: string;
  /** Absolute URL with the query string already applied. */
  url: string;
  headers: HeaderList;
  body: PreparedBody;
  /**
   * Names of headers and query parameters that carry credentials (what auth schemes added, plus
   * Authorization / Cookie). They are removed on any change of origin and never restored.
   */
  credentialHeaders: string[];
  credentialQuery: string[];
  /** Base folder for relative file paths in the body. */
  baseDir?: string | undefined;
  /**
   * TLS settings an auth scheme needs (the client certificate of a `clientcert` profile). The
   * transport merges them over the effective TransportSettings.tls for this request only.
   */
  tls?: Partial<TlsSettings> | undefined;
  /**
   * The auth profile's allowedOrigins (scheme://host:port, default port written out), when it
   * lists any: on a redirect, credentials go on only to these, even to a host forwardCredentialsTo
   * names, since the profile's own restriction is the stricter one (guarantee 1).
   */
  credentialOrigins?: { profile: string; origins: string[] } | undefined;
}

/** Effective transport settings after request > folder > collection > defaults. */
export interface TransportSettings {
  timeoutMs: number;
  connectTimeoutMs: number;
  followRedirects: boolean;
  maxRedirects: number;
  /** A redirect keeps the method and body (Postman's followOriginalHttpMethod). */
  followOriginalHttpMethod?: boolean | undefined;
  /** Each redirect hop carries the URL it came from as Referer (Postman's default). */
  refererOnRedirect?: boolean | undefined;
  /** The Authorization header survives a redirect to another origin (Postman's followAuthorizationHeader). */
  followAuthorizationHeader?: boolean | undefined;
  /** No cookie from the jar is sent and none the response sets is stored. */
  disableCookies?: boolean | undefined;
  /** The URL's path and query go on the wire as written (Postman's disableUrlEncoding). */
  disableUrlEncoding?: boolean | undefined;
  /** llhttp's lenient modes for HTTP/1.1 responses on direct connections (Postman's insecureHTTPParser). */
  insecureHTTPParser?: boolean | undefined;
  forwardCredentialsTo: string[];
  tls: TlsSettings;
  proxy: ProxySettings;
  maxBodyInMemoryBytes: number;
  http2: boolean;
  /** Cap on a response body after Content-Encoding is undone (decompression bombs, endless bodies), in memory or on disk; 1 GiB when unset. */
  maxDecodedBodyBytes?: number | undefined;
  /** Sending to response head; undici's own default is 300 s, so it is always set explicitly. 0 = none. */
  headersTimeoutMs?: number | undefined;
  /** Longest silence between body chunks (a slow drip is ended by timeoutMs, the total). 0 = none. */
  bodyTimeoutMs?: number | undefined;
  /** Cap on the response head (status line and all headers) in bytes; a flood of headers is refused. */
  maxResponseHeaderBytes?: number | undefined;
  /** Switches for the generated User-Agent and Accept headers (shared/model/default-headers); absent = on. */
  defaultHeaders?: { userAgent?: boolean | undefined; accept?: boolean | undefined; contentType?: boolean | undefined } | undefined;
}

export const DEFAULT_SETTINGS: TransportSettings = {
  timeoutMs: 60_000,
  connectTimeoutMs: 10_000,
  followRedirects: true,
  maxRedirects: 10,
  forwardCredentialsTo: [],
  tls: { verify: true },
  proxy: { mode: 'system' },
  maxBodyInMemoryBytes: 10 * 1024 * 1024,
  http2: true,
  maxDecodedBodyBytes: 1024 * 1024 * 1024,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  maxResponseHeaderBytes: 64 * 1024,
};

/** The services a send needs, passed in so tests point them at temp dirs and local servers. */
export interface SendContext {
  settings: TransportSettings;
  signal?: AbortSignal | undefined;
  /** Cookie jar of the active environment; undefined = no cookies stored or sent. */
  cookieJar?: import('tough-cookie').CookieJar | undefined;
  /** Where bodies past the in-memory cap are written. */
  tempDir: string;
  now?: () => Date;
  /** Environment variables for system proxy settings (HTTP_PROXY...), process.env by default. */
  env?: Record<string, string | undefined>;
  /** Overrides dispatcher selection (bench, tests); normally chosen from settings. */
  dispatcher?: Dispatcher;
  /** Event-stream answers (SSE, NDJSON): who watches their live log, and the signal that stops them. */
  stream?: StreamWatch | undefined;
}

export interface StreamWatch {
  /** Called when the final response turns out to be an event stream, with its live log. */
  onStart?: ((log: import('../stream/log').StreamLogWriter) => void) | undefined;
  /** Ends the stream early; the exchange completes with what arrived. */
  stop?: AbortSignal | undefined;
  /** Masks the request's secrets in the logged events. */
  redact?: ((text: string) => string) | undefined;
  /** The log to go on in when the answer is a stream of its kind (a reconnection): onStart gets it again. */
  log?: import('../stream/log').StreamLogWriter | undefined;
  /**
   * Reconnect an event stream that ends or drops, as EventSource does (session.send only):
   * wait `retry` ms (or `defaultRetryMs`), send again with Last-Event-ID, at most `max` times.
   */
  reconnect?: ReconnectOptions | undefined;
}

export interface ReconnectOptions {
  /** Most reconnections; absent: until stopped, refused, or the stream idles out. */
  max?: number | undefined;
  /** The wait when the server sent no `retry:` (EventSource leaves it to the client; browsers use about 3 s). */
  defaultRetryMs?: number | undefined;
}

/** The one function that puts requests on the wire. */
export type Send = (req: PreparedRequest, ctx: SendContext) => Promise<Exchange>;
