import { z } from 'zod';
import { Auth } from './auth';
import { ItemId } from './item-id';

/** A row of a key/value table (query, headers, form fields). Disabled rows are kept but not sent. */
export const KeyValue = z.object({
  key: z.string(),
  value: z.string(),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
});
export type KeyValue = z.infer<typeof KeyValue>;

export const MultipartField = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), name: z.string(), value: z.string(), contentType: z.string().optional(), enabled: z.boolean().default(true) }),
  z.object({ kind: z.literal('file'), name: z.string(), path: z.string(), filename: z.string().optional(), contentType: z.string().optional(), enabled: z.boolean().default(true) }),
]);
export type MultipartField = z.infer<typeof MultipartField>;

/**
 * The schema a GraphQL request's editor completes and validates against: the server's answer to the
 * introspection query (sent like the request itself: URL, auth, headers, proxy, TLS), or an SDL
 * file, its path relative to the collection folder and confined to it as uploads are.
 */
export const GraphqlSchemaSource = z.discriminatedUnion('source', [
  z.object({ source: z.literal('introspection') }),
  z.object({ source: z.literal('file'), path: z.string() }),
]);
export type GraphqlSchemaSource = z.infer<typeof GraphqlSchemaSource>;

export const Body = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('json'), text: z.string() }),
  z.object({ mode: z.literal('text'), text: z.string(), contentType: z.string().optional() }),
  z.object({ mode: z.literal('xml'), text: z.string() }),
  z.object({ mode: z.literal('form-urlencoded'), fields: z.array(KeyValue) }),
  z.object({ mode: z.literal('multipart'), fields: z.array(MultipartField) }),
  /** A file streamed as the body; a relative path is relative to the collection folder. */
  z.object({ mode: z.literal('binary'), path: z.string(), contentType: z.string().optional() }),
  z.object({
    mode: z.literal('graphql'), query: z.string(), variables: z.string().default(''), operationName: z.string().optional(),
    /** Where the editor's schema comes from; absent means introspection of the request's URL. */
    schema: GraphqlSchemaSource.optional(),
  }),
]);
export type Body = z.infer<typeof Body>;

const ProxyMode = z.enum(['system', 'none', 'custom']);
const proxyFields = {
  url: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  noProxy: z.string().optional(),
  /** PEM file of extra CAs to trust for an https:// proxy; the target's TLS settings never apply to the proxy. */
  caFile: z.string().optional(),
};
export const ProxySettings = z.object({
  /** `system` reads HTTP(S)_PROXY / NO_PROXY from the environment, as curl does. */
  mode: ProxyMode.default('system'),
  ...proxyFields,
});
export type ProxySettings = z.infer<typeof ProxySettings>;

/** TLS versions a request can refuse to negotiate (Postman's tlsDisabledProtocols, written as Node names them). */
export const TLS_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export const TlsProtocol = z.enum(TLS_PROTOCOLS);
export type TlsProtocol = z.infer<typeof TlsProtocol>;

const tlsFields = {
  /** PEM files with extra CAs to trust for this request (added to the system's, not instead). */
  caFile: z.string().optional(),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  pfxFile: z.string().optional(),
  passphrase: z.string().optional(),
  /** Versions never negotiated for this request, e.g. [TLSv1.3] to test a server's TLS 1.2 path. */
  disabledProtocols: z.array(TlsProtocol).optional(),
  /** OpenSSL cipher names offered, in this order, instead of Node's default list. */
  ciphers: z.array(z.string().min(1)).optional(),
  /** Postman's tlsPreferServerCiphers (Node's honorCipherOrder), passed to the TLS connection as Postman does. */
  preferServerCiphers: z.boolean().optional(),
};
export const TlsSettings = z.object({ verify: z.boolean().default(true), ...tlsFields });
export type TlsSettings = z.infer<typeof TlsSettings>;

/** Settings are partial at every level; the effective value is request > folder > collection > default. */
export const RequestSettings = z.object({
  timeoutMs: z.number().int().nonnegative().optional(),
  connectTimeoutMs: z.number().int().nonnegative().optional(),
  followRedirects: z.boolean().optional(),
  maxRedirects: z.number().int().nonnegative().optional(),
  /** Hosts (exact, or `*.example.com`) that may receive credentials after a cross-origin redirect. */
  forwardCredentialsTo: z.array(z.string()).optional(),
  // Without defaults: a level that sets one field must not reset the others a parent set
  // (zod's partial() keeps defaults, so `tls: { caFile }` would turn verification back on).
  tls: z.object({ verify: z.boolean().optional(), ...tlsFields }).optional(),
  proxy: z.object({ mode: ProxyMode.optional(), ...proxyFields }).optional(),
  /** Bodies larger than this are streamed to a temporary file instead of kept in memory. */
  maxBodyInMemoryBytes: z.number().int().positive().optional(),
  /** Hard cap on a response body after decoding, in memory or on disk (decompression bombs, endless bodies). */
  maxDecodedBodyBytes: z.number().int().positive().optional(),
  /** Time from sending to the response head (undici headersTimeout); 0 = no limit. */
  headersTimeoutMs: z.number().int().nonnegative().optional(),
  /** Longest silence between two chunks of the response body (undici bodyTimeout); 0 = no limit. */
  bodyTimeoutMs: z.number().int().nonnegative().optional(),
  http2: z.boolean().optional(),
  /** The generated User-Agent and Accept rows (DEFAULT_HEADERS); false switches one off. */
  /** `contentType: false` sends no Content-Type the body would imply (a header the user set is still sent). */
  defaultHeaders: z.object({ userAgent: z.boolean().optional(), accept: z.boolean().optional(), contentType: z.boolean().optional() }).optional(),
  /** Keep the method (and body) across a 301/302/303 redirect instead of turning it into GET (Postman's followOriginalHttpMethod). */
  followOriginalHttpMethod: z.boolean().optional(),
  /**
   * Send the URL a redirect came from as the next hop's Referer, as Postman does (its
   * removeRefererHeaderOnRedirect turns that off). Absent = no Referer; a Postman import sets it.
   */
  refererOnRedirect: z.boolean().optional(),
  /**
   * Keep the Authorization header on a redirect to another origin (Postman's
   * followAuthorizationHeader). Other credentials are still removed, and an auth profile's
   * allowedOrigins still win.
   */
  followAuthorizationHeader: z.boolean().optional(),
  /** Neither send the jar's cookies nor store the ones the response sets (Postman's disableCookies). */
  disableCookies: z.boolean().optional(),
  /** Send the URL's path and query as written, not percent-encoded (Postman's disableUrlEncoding). */
  disableUrlEncoding: z.boolean().optional(),
  /**
   * Read malformed HTTP/1.1 responses (a control character in a header value, a bare LF) with
   * llhttp's lenient modes, as Postman's insecureHTTPParser (Node's) does. Direct connections
   * only: through a proxy the parser stays strict.
   */
  insecureHTTPParser: z.boolean().optional(),
  /**
   * In the app, an event stream that ends or drops is reconnected as EventSource does (the
   * server's retry, Last-Event-ID) until Stop; false turns that off. `keyhole run` never
   * reconnects; `keyhole send` does with --reconnect.
   */
  reconnectEventStream: z.boolean().optional(),
});
export type RequestSettings = z.infer<typeof RequestSettings>;

export const HttpMethod = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP method is a token (RFC 9110 §9.1)');

export const Request = z.object({
  name: z.string().min(1),
  method: HttpMethod.default('GET'),
  url: z.string(),
  query: z.array(KeyValue).default([]),
  headers: z.array(KeyValue).default([]),
  body: Body.default({ mode: 'none' }),
  auth: Auth.default({ type: 'inherit' }),
  settings: RequestSettings.default({}),
  description: z.string().optional(),
  /**
   * Declarative checks the runner applies without scripts. By default a response below 400
   * passes; `status` lists the statuses that pass instead (e.g. [401] for a refusal demo).
   */
  expect: z.object({ status: z.array(z.number().int()).optional() }).optional(),
  /** Kept verbatim for the scripts issue (Postman pre-request / test scripts). */
  scripts: z.object({ preRequest: z.string().optional(), test: z.string().optional() }).optional(),
  /** The item's stable identity (see ItemId): tabs, history and runner rows are bound to it. */
  id: ItemId.optional(),
});
export type Request = z.infer<typeof Request>;
export type RequestInput = z.input<typeof Request>;
