import { createSecureContext } from 'node:tls';
import { Client, credentials, Metadata, type ChannelCredentials } from '@grpc/grpc-js';
import { KeyholeError } from '../../../shared/errors';
import type { HeaderList } from '../../../shared/model';
import { loadTls } from '../http/dispatchers';
import type { TransportSettings } from '../http/types';

export interface GrpcTarget {
  /** host:port, as grpc-js dials it. */
  address: string;
  secure: boolean;
  /** `grpc://host:port` or `grpcs://host:port`. */
  origin: string;
}

/**
 * The server of a gRPC request's URL in its prepared http(s) form: http:// is plaintext (grpc://),
 * https:// is TLS (grpcs://). A port is required for plaintext; TLS defaults to 443.
 */
export function grpcTarget(preparedUrl: string, requestName: string): GrpcTarget {
  // A session calls the same few URLs over and over: parsing one is a visible share of a call.
  const known = targets.get(preparedUrl);
  if (known) return known;
  const url = new URL(preparedUrl);
  const secure = url.protocol === 'https:';
  const port = url.port || (secure ? '443' : '80');
  if (url.search !== '') {
    throw new KeyholeError('url-invalid', `gRPC request ${requestName}: a gRPC URL has no query string (${url.search})`, {
      hint: 'Send the value as metadata (a header row), or use an API key auth in a header.',
    });
  }
  const target: GrpcTarget = Object.freeze({ address: `${url.hostname}:${port}`, secure, origin: `${secure ? 'grpcs' : 'grpc'}://${url.host}` });
  if (targets.size >= 64) targets.delete(targets.keys().next().value as string);
  targets.set(preparedUrl, target);
  return target;
}

/** Targets of the URLs parsed lately (a target depends on its URL's text alone). */
const targets = new Map<string, GrpcTarget>();

/** Headers that HTTP requests carry by default but gRPC does not send as metadata (grpc-js sets its own). */
const NOT_METADATA = new Set(['accept', 'content-type', 'user-agent', 'host', 'te', 'connection', 'content-length']);

/**
 * The call's metadata from the prepared headers (the request's rows plus what the auth scheme
 * added). Keys are lower case as HTTP/2 requires; a `-bin` key's value is base64, as grpcurl takes it.
 */
export function metadataOf(headers: HeaderList, requestName: string): { metadata: Metadata; userAgent?: string | undefined } {
  const metadata = new Metadata();
  let userAgent: string | undefined;
  for (const [k, v] of headers) {
    const key = k.toLowerCase();
    if (key === 'user-agent') userAgent = v;
    if (NOT_METADATA.has(key)) continue;
    try {
      if (key.endsWith('-bin')) metadata.add(key, Buffer.from(v, 'base64'));
      else metadata.add(key, v);
    } catch (e) {
      throw new KeyholeError('invalid-input', `gRPC request ${requestName}: metadata "${k}" cannot be sent: ${(e as Error).message}`, {
        hint: 'Metadata keys are lower-case letters, digits, - _ and .; a binary value goes under a key ending in -bin, as base64.',
        details: { field: 'headers', key: k },
      });
    }
  }
  return { metadata, userAgent };
}

/** Metadata as header pairs for the log and the exchange: binary values as base64. */
export function pairsOf(m: Metadata | undefined): [string, string][] {
  if (!m) return [];
  const out: [string, string][] = [];
  for (const [k, values] of Object.entries(m.toJSON())) {
    for (const v of values) out.push([k, Buffer.isBuffer(v) ? v.toString('base64') : String(v)]);
  }
  return out;
}

/**
 * The clients of a session, one per target and transport settings, kept open across calls: a
 * channel per call would pay the connection (and the TLS handshake) every time. grpc-js
 * multiplexes the calls of one client over its HTTP/2 connection.
 */
export class GrpcClients {
  private readonly clients = new Map<string, Promise<Client>>();

  async get(target: GrpcTarget, settings: TransportSettings, baseDir: string | undefined, userAgent: string | undefined): Promise<Client> {
    const tls = target.secure ? (await loadTls(settings.tls, baseDir)).fingerprint : '';
    // Built by hand, not JSON.stringify: this runs once a call. NUL is in no address, fingerprint or header value.
    const key = `${target.address}\u0000${target.secure ? 1 : 0}\u0000${tls}\u0000${userAgent ?? ''}\u0000${settings.proxy.mode}\u0000${settings.maxDecodedBodyBytes ?? 0}`;
    let client = this.clients.get(key);
    if (!client) {
      client = clientFor(target, settings, baseDir, userAgent);
      this.clients.set(key, client);
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  closeAll(): void {
    for (const c of this.clients.values()) void c.then((client) => client.close(), () => undefined);
    this.clients.clear();
  }
}

/**
 * A grpc-js client for the target with the request's TLS settings (verify, extra CA added to the
 * system's roots, client certificate or PFX for mTLS), or plaintext. A `custom` proxy is not
 * applied: grpc-js takes its proxy from the environment only (the call's warnings say so). One client per call keeps
 * calls with different TLS settings apart; grpc-js shares the subchannel of identical ones.
 */
export async function clientFor(target: GrpcTarget, settings: TransportSettings, baseDir: string | undefined, userAgent: string | undefined): Promise<Client> {
  let creds: ChannelCredentials;
  if (!target.secure) creds = credentials.createInsecure();
  else {
    const tls = await loadTls(settings.tls, baseDir);
    const { rejectUnauthorized, ...context } = tls.options;
    creds = credentials.createFromSecureContext(createSecureContext(context), rejectUnauthorized === false
      ? { rejectUnauthorized: false, checkServerIdentity: () => undefined }
      : {});
  }
  return new Client(target.address, creds, {
    ...(userAgent ? { 'grpc.primary_user_agent': userAgent } : {}),
    // grpc-js reads grpc_proxy / https_proxy / no_proxy itself (the `system` mode); `none` turns that off.
    ...(settings.proxy.mode === 'none' ? { 'grpc.enable_http_proxy': 0 } : {}),
    'grpc.max_receive_message_length': Math.min(settings.maxDecodedBodyBytes ?? 2 ** 31 - 1, 2 ** 31 - 1),
  });
}
