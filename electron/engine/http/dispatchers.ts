import { constants as cryptoConstants, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import type { Dispatcher } from 'undici';
import { KeyholeError } from '../../../shared/errors';
import type { TlsProtocol, TlsSettings } from '../../../shared/model';
import { resolveBodyPath } from './files';
import type { ProxyChoice } from './proxy-choice';
import { lenientConnector } from './lenient-parser';
import { timedConnector } from './probe';
import { Agent, ProxyAgent, buildConnector } from './undici-classes';

/** Everything that makes two requests need different connections. */
export interface DispatcherConfig {
  tls: TlsSettings;
  proxy: ProxyChoice;
  http2: boolean;
  connectTimeoutMs: number;
  /** undici's own defaults are 300 s and the Node header cap: always set explicitly (guarantee 5). */
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxHeaderBytes: number;
  /** Extra CA for an https:// proxy; kept apart from the target's TLS settings (guarantee 2). */
  proxyCaFile?: string | undefined;
  /** Base folder for relative certificate paths. */
  baseDir?: string | undefined;
  /** llhttp's lenient modes on each HTTP/1.1 connection (Postman's insecureHTTPParser); direct connections only. */
  insecureHTTPParser?: boolean | undefined;
}

/** What DispatcherConfig's limits fall back to when a caller leaves them unset. */
export const DISPATCH_LIMITS = { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000, maxHeaderBytes: 64 * 1024 };

/**
 * One dispatcher (with its own connection pools) per distinct configuration, kept for the life of
 * the process so that a 1,000-request run reuses connections. An unverified configuration never
 * shares a pool with a verified one: TLS verification happens once per connection.
 */
const cache = new Map<string, Promise<Dispatcher>>();
/** The plain configurations (no certificate or CA files), found without reading or hashing anything. */
const plain = new Map<string, Dispatcher>();

export function dispatcherFor(config: DispatcherConfig): Dispatcher | Promise<Dispatcher> {
  const key = plainKey(config);
  if (key === undefined) return withFiles(config);
  let found = plain.get(key);
  if (!found) {
    found = build(config, { rejectUnauthorized: config.tls.verify, ...tlsChoices(config.tls) }, undefined);
    plain.set(key, found);
  }
  return found;
}

function plainKey(config: DispatcherConfig): string | undefined {
  const t = config.tls;
  if (t.caFile || t.pfxFile || t.certFile || t.keyFile || t.passphrase !== undefined || config.proxyCaFile) return undefined;
  const proxy = config.proxy.kind === 'proxy' ? `${config.proxy.url} ${config.proxy.token === undefined ? '' : hash(config.proxy.token)}` : 'direct';
  return `${String(t.verify)}|${choicesKey(t)}|${config.insecureHTTPParser === true ? 'lenient|' : ''}${proxy}|${String(config.http2)}|${config.connectTimeoutMs}|${config.headersTimeoutMs}|${config.bodyTimeoutMs}|${config.maxHeaderBytes}`;
}

async function withFiles(config: DispatcherConfig): Promise<Dispatcher> {
  const tls = await loadTls(config.tls, config.baseDir);
  const proxyCa = config.proxy.kind === 'proxy' && config.proxyCaFile ? await readProxyCa(config.proxyCaFile, config.baseDir) : undefined;
  const key = JSON.stringify({
    verify: config.tls.verify,
    choices: choicesKey(config.tls),
    lenient: config.insecureHTTPParser === true,
    tls: tls.fingerprint,
    proxy: config.proxy.kind === 'proxy' ? [config.proxy.url, config.proxy.token === undefined ? '' : hash(config.proxy.token)] : 'direct',
    h2: config.http2,
    timeout: config.connectTimeoutMs,
    limits: [config.headersTimeoutMs, config.bodyTimeoutMs, config.maxHeaderBytes],
    proxyCa: proxyCa === undefined ? '' : hash(proxyCa),
  });
  let found = cache.get(key);
  if (!found) {
    found = Promise.resolve(build(config, { ...tls.options, ...tlsChoices(config.tls) }, proxyCa));
    cache.set(key, found);
  }
  return found;
}

const NO_PROTOCOL: Record<TlsProtocol, keyof typeof cryptoConstants> = {
  SSLv2: 'SSL_OP_NO_SSLv2', SSLv3: 'SSL_OP_NO_SSLv3', TLSv1: 'SSL_OP_NO_TLSv1',
  'TLSv1.1': 'SSL_OP_NO_TLSv1_1', 'TLSv1.2': 'SSL_OP_NO_TLSv1_2', 'TLSv1.3': 'SSL_OP_NO_TLSv1_3',
};

/**
 * Postman's TLS choices as Node's connection options, set as postman-runtime sets them: disabled
 * versions as OpenSSL's SSL_OP_NO_* flags (a version in the middle can be refused, which
 * min/maxVersion cannot say), the cipher list joined, the server's order preferred.
 */
export function tlsChoices(t: TlsSettings): ConnectionOptions {
  const out: ConnectionOptions = {};
  if (t.disabledProtocols && t.disabledProtocols.length > 0) {
    let flags = 0;
    for (const p of t.disabledProtocols) flags |= Number(cryptoConstants[NO_PROTOCOL[p]] ?? 0);
    out.secureOptions = flags;
  }
  if (t.ciphers && t.ciphers.length > 0) out.ciphers = t.ciphers.join(':');
  if (t.preferServerCiphers) out.honorCipherOrder = true;
  return out;
}

function choicesKey(t: TlsSettings): string {
  if (!t.disabledProtocols?.length && !t.ciphers?.length && !t.preferServerCiphers) return '';
  return JSON.stringify([t.disabledProtocols ?? [], t.ciphers ?? [], t.preferServerCiphers === true]);
}

/** Closes every cached dispatcher (tests, app shutdown). */
export async function closeDispatchers(): Promise<void> {
  const all: (Dispatcher | Promise<Dispatcher>)[] = [...cache.values(), ...plain.values()];
  cache.clear();
  plain.clear();
  await Promise.all(all.map(async (d) => (await d).destroy().catch(() => undefined)));
}

function build(config: DispatcherConfig, tlsOptions: ConnectionOptions, proxyCa: string | undefined): Dispatcher {
  // 0 means no connect timeout (undici skips the timer for a falsy value).
  const timeout = config.connectTimeoutMs;
  const limits = { headersTimeout: config.headersTimeoutMs, bodyTimeout: config.bodyTimeoutMs, maxHeaderSize: config.maxHeaderBytes };
  if (config.proxy.kind === 'proxy') {
    return new ProxyAgent({
      uri: config.proxy.url,
      ...(config.proxy.token === undefined ? {} : { token: config.proxy.token }),
      requestTls: { ...tlsOptions, timeout },
      // The proxy's certificate is always verified, against the system roots plus its own CA only:
      // the target's CA, client certificate or verify=false say nothing about the proxy.
      proxyTls: { timeout, rejectUnauthorized: true, ...(proxyCa === undefined ? {} : { ca: [...rootCertificates, proxyCa] }) },
      allowH2: config.http2,
      ...limits,
    });
  }
  const timed = timedConnector(buildConnector({ ...tlsOptions, allowH2: config.http2, timeout }));
  const connect = config.insecureHTTPParser === true ? lenientConnector(timed) : timed;
  return new Agent({ connect, allowH2: config.http2, ...limits });
}

export async function readProxyCa(path: string, baseDir: string | undefined): Promise<string> {
  const full = resolveBodyPath(path, baseDir);
  try {
    return await readFile(full, 'utf8');
  } catch (e) {
    throw new KeyholeError('file-not-found', `Proxy CA file ${full} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'Check proxy.caFile in the request settings; relative paths are resolved against the collection folder.',
      details: { path: full },
      cause: e,
    });
  }
}

interface LoadedTls {
  options: ConnectionOptions;
  fingerprint: string;
}

/** Reads CA and client-certificate files; the cache key uses their contents, so an edited file takes effect. */
export async function loadTls(settings: TlsSettings, baseDir: string | undefined): Promise<LoadedTls> {
  const options: ConnectionOptions = { rejectUnauthorized: settings.verify };
  const parts: string[] = [String(settings.verify)];
  const read = async (path: string, what: string): Promise<Buffer> => {
    const full = resolveBodyPath(path, baseDir);
    try {
      const data = await readFile(full);
      parts.push(what, hash(data));
      return data;
    } catch (e) {
      throw new KeyholeError('file-not-found', `TLS ${what} file ${full} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
        hint: 'Check the path in the request TLS settings; relative paths are resolved against the collection folder.',
        details: { path: full },
        cause: e,
      });
    }
  };
  if (settings.caFile) {
    // Added to Node's bundled roots, not instead of them: a private CA should not break public hosts.
    options.ca = [...rootCertificates, (await read(settings.caFile, 'CA')).toString('utf8')];
  }
  if (settings.pfxFile) {
    options.pfx = await read(settings.pfxFile, 'PFX');
  } else if (settings.certFile || settings.keyFile) {
    if (!settings.certFile || !settings.keyFile) {
      throw new KeyholeError('tls', 'A client certificate needs both a certificate file and a key file', { hint: 'Set both certFile and keyFile, or use a PFX/PKCS#12 file.' });
    }
    options.cert = await read(settings.certFile, 'certificate');
    options.key = await read(settings.keyFile, 'key');
  }
  if (settings.passphrase !== undefined) {
    options.passphrase = settings.passphrase;
    parts.push('passphrase', hash(settings.passphrase));
  }
  return { options, fingerprint: hash(parts.join('|')) };
}

function hash(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
