import type * as oauth from 'oauth4webapi';
import type { ConcreteAuth } from '../../../../shared/model';
import type { AuthContext } from '../types';
import type { EngineFetch, OAuthFetch } from './fetch-adapter';

/** The OAuth 2.0 auth as stored (shared/model/auth.ts), variables already resolved. */
export type OAuth2 = Extract<ConcreteAuth, { type: 'oauth2' }>;

/** What every exchange with the authorization server needs. */
export interface ServerSession {
  auth: OAuth2;
  ctx: AuthContext;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  http: EngineFetch;
  /** Options for every oauth4webapi request: our fetch, the cancel signal, http allowed. */
  options: OAuthRequestOptions;
}

/** Assignable to every oauth4webapi request's options (their fetch types differ only by method). */
export interface OAuthRequestOptions {
  [oauth.customFetch]: OAuthFetch;
  [oauth.allowInsecureRequests]: boolean;
  signal?: AbortSignal;
}

/** Knobs tests and the CLI set; the defaults suit the desktop app. */
export interface OAuth2SchemeOptions {
  /** How long to wait for the browser to come back to the loopback redirect. */
  browserTimeoutMs?: number;
  /** Waits between device-code polls; tests shorten it. Must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Refresh this many seconds before expiry, unless the profile sets tokenCacheSkewSeconds. */
  defaultSkewSeconds?: number;
}
