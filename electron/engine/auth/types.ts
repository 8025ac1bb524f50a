import type { AuthLogEntry, ConcreteAuth, Exchange } from '../../../shared/model';
import type { PreparedRequest } from '../http/types';

/**
 * Where schemes keep state between requests: Digest nonces per protection space, OAuth 2.0 tokens
 * per environment and profile. The engine gives each environment its own cache.
 */
export interface AuthCache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
  delete(key: string): void;
}

export interface AuthContext {
  /** Sends a request through the engine (same TLS, proxy and cookie settings as the main request). */
  send: (req: PreparedRequest) => Promise<Exchange>;
  now: () => Date;
  cache: AuthCache;
  /** Appends to the exchange's auth log. Messages must already be masked (shared/mask.ts). */
  log: (message: string) => void;
  /**
   * Declares a credential the scheme made (a signed JWT, a presigned URL's signature), so that
   * every output masks it like a stored secret wherever it shows up (a URL, an echoed body).
   */
  madeSecret?: ((value: string) => void) | undefined;
  profile?: string | undefined;
  environment?: string | undefined;
  /** Base folder for relative key/certificate file paths. */
  baseDir?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Random bytes for nonces (Digest cnonce, OAuth 1.0a nonce); crypto.randomBytes by default. Tests pin it. */
  randomBytes?: ((size: number) => Uint8Array) | undefined;
  /** For interactive grants (authorization code, device code): show a URL / user code to the user. */
  prompt?: ((message: string) => void) | undefined;
  /** For the authorization code grant: opens the system browser (desktop) or prints the URL (CLI). */
  openBrowser?: ((url: string) => Promise<void>) | undefined;
}

/**
 * How many times one send may answer a refusal: a Digest challenge, then once more when the server
 * says that answer's nonce went stale meanwhile (RFC 7616 §3.3). A bound, so a server that always
 * refuses is never answered in a loop.
 */
export const MAX_AUTH_RETRIES = 2;

/**
 * One authentication scheme. `apply` returns the request to send, with credentials added and their
 * header/query names appended to credentialHeaders/credentialQuery. `retry`, for schemes that answer
 * a challenge (Digest) or refresh (OAuth 2.0 invalid_token), looks at a refused exchange (`req` is
 * the request that was refused) and returns the request to send again, or null to give up;
 * `attempt` counts the retries of this send from 1, and is never past MAX_AUTH_RETRIES. Schemes
 * never mutate their input.
 */
export interface AuthScheme<A extends ConcreteAuth = ConcreteAuth> {
  type: A['type'];
  label: string;
  apply(auth: A, req: PreparedRequest, ctx: AuthContext): Promise<PreparedRequest>;
  retry?(auth: A, req: PreparedRequest, refused: Exchange, ctx: AuthContext, attempt: number): Promise<PreparedRequest | null>;
}

export type { AuthLogEntry };
