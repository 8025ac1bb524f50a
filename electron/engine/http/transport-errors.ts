import { KeyholeError } from '../../../shared/errors';
import type { ProxyChoice } from './proxy-choice';

const TLS_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain ends in a self-signed CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate was issued by a CA that is not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate was issued by a CA that is not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate was issued by a CA that is not trusted (unknown issuer)',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not valid yet (check the clock)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is not valid for this host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'server did not answer with TLS (is it plain http://?)',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'server requires a client certificate',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'TLS handshake failed (the server may require a client certificate)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'server does not trust the client certificate\'s issuer',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'server rejected the client certificate',
  ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE: 'cannot open the PFX file: wrong passphrase',
  ERR_OSSL_BAD_DECRYPT: 'cannot read the client key: wrong passphrase',
};

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'the server closed the connection',
};

function codesOf(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur instanceof Error; i += 1) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string') codes.push(code);
    cur = cur.cause;
  }
  return codes;
}

export interface ErrorScene {
  url: URL;
  proxy: ProxyChoice;
  connectTimeoutMs: number;
  headersTimeoutMs?: number | undefined;
  bodyTimeoutMs?: number | undefined;
  maxHeaderBytes?: number | undefined;
}

/** Turns what undici or Node threw for one hop into a KeyholeError naming the host and the cause. */
export function transportError(e: unknown, scene: ErrorScene): KeyholeError {
  if (e instanceof KeyholeError) return e;
  const hostPort = `${scene.url.hostname}:${scene.url.port || (scene.url.protocol === 'https:' ? '443' : '80')}`;
  const message = e instanceof Error ? e.message : String(e);
  const codes = codesOf(e);
  const opts = (extra: { hint?: string; details?: Record<string, unknown> } = {}) => ({ ...extra, cause: e, details: { host: hostPort, codes, ...extra.details } });
  const proxied = scene.proxy.kind === 'proxy';

  if (proxied && /Proxy response \((\d+)\)/.test(message)) {
    const status = /Proxy response \((\d+)\)/.exec(message)?.[1] ?? '?';
    return new KeyholeError('proxy', `Proxy ${scene.proxy.kind === 'proxy' ? scene.proxy.url : ''} refused the tunnel to ${hostPort} with status ${status}`, opts({
      hint: status === '407' ? 'The proxy wants credentials: set the proxy username and password (or put them in the proxy URL).' : 'Check the proxy address and that it allows this host.',
    }));
  }
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
    return new KeyholeError('timeout', `Connect timeout: no connection to ${hostPort} within ${scene.connectTimeoutMs} ms`, opts({
      hint: 'The host did not complete the TCP or TLS handshake; check the address, firewall or VPN, or raise connectTimeoutMs.',
      details: { which: 'connect', limitMs: scene.connectTimeoutMs },
    }));
  }
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) {
    return new KeyholeError('timeout', `Headers timeout: ${hostPort} sent no response head within ${scene.headersTimeoutMs ?? '?'} ms`, opts({
      hint: 'The server took the request but never answered; raise headersTimeoutMs if it is just slow.',
      details: { which: 'headers', limitMs: scene.headersTimeoutMs },
    }));
  }
  if (codes.includes('UND_ERR_BODY_TIMEOUT')) {
    return new KeyholeError('timeout', `Body timeout: ${hostPort} went silent for ${scene.bodyTimeoutMs ?? '?'} ms in the middle of the response body`, opts({
      hint: 'The server stopped sending the body; raise bodyTimeoutMs if it pauses on purpose.',
      details: { which: 'body', limitMs: scene.bodyTimeoutMs },
    }));
  }
  if (codes.includes('UND_ERR_HEADERS_OVERFLOW')) {
    return new KeyholeError('body-too-large', `Response head from ${hostPort} is larger than ${scene.maxHeaderBytes ?? 'the limit of'} bytes (too many or too large headers); stopped reading`, opts({
      hint: 'A real API sends a few kilobytes of headers; this server is broken or hostile.',
      details: { which: 'headers', limit: scene.maxHeaderBytes },
    }));
  }
  const tlsCode = codes.find((c) => c in TLS_MESSAGES) ?? codes.find((c) => c.startsWith('ERR_SSL_') || c.startsWith('ERR_OSSL_') || c.startsWith('ERR_TLS_') || /CERT/.test(c));
  if (tlsCode !== undefined) {
    const what = TLS_MESSAGES[tlsCode] ?? message;
    const verifyHint = /self-signed|not trusted|unknown issuer/.test(what);
    return new KeyholeError('tls', `TLS with ${hostPort} failed: ${what}${verifyHint ? ': pass --cacert with the CA, or turn off verification for this request' : ''}`, opts({
      hint: verifyHint
        ? 'Add the CA certificate (settings tls.caFile / --cacert), or set tls.verify=false for this request only.'
        : 'Check the certificate settings of the request (CA file, client certificate, passphrase).',
      details: { tlsCode },
    }));
  }
  // OpenSSL errors from building the client's secure context carry no code, only OpenSSL's text.
  const credential = /mac verify failure|bad decrypt|no start line|key values mismatch|bad password/i.exec(message);
  if (credential) {
    const what = /mac verify|bad decrypt|bad password/i.test(credential[0]) ? 'wrong passphrase for the client certificate or key' : 'client certificate or key file is not valid PEM, or they do not match';
    return new KeyholeError('tls', `TLS with ${hostPort} failed: ${what} (${credential[0]})`, opts({ hint: 'Check the certificate, key or PFX file and its passphrase in the request TLS settings.' }));
  }
  if (codes.includes('UND_ERR_INVALID_ARG') && /header/i.test(message)) {
    return new KeyholeError('header-invalid', `A header was refused before sending: ${message}`, opts({ hint: 'Connection, Keep-Alive, Transfer-Encoding and Upgrade are managed by the client.' }));
  }
  const netCode = codes.find((c) => c in NETWORK_MESSAGES);
  if (proxied && scene.proxy.kind === 'proxy' && netCode !== undefined && mentionsProxy(e, scene.proxy.url)) {
    return new KeyholeError('proxy', `Cannot reach the proxy ${scene.proxy.url}: ${NETWORK_MESSAGES[netCode]} (${netCode})`, opts({ hint: 'Check HTTPS_PROXY/HTTP_PROXY or the custom proxy URL, and that the proxy is running.' }));
  }
  if (netCode !== undefined) {
    return new KeyholeError('network', `Cannot reach ${hostPort}: ${NETWORK_MESSAGES[netCode]} (${netCode})`, opts({ hint: 'Check the host and port, and that the server is running and reachable.' }));
  }
  return new KeyholeError('network', `Request to ${hostPort} failed: ${message}`, opts());
}

function mentionsProxy(e: unknown, proxyUrl: string): boolean {
  const proxy = new URL(proxyUrl);
  const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur instanceof Error; i += 1) {
    const c = cur as NodeJS.ErrnoException & { port?: number; address?: string };
    if (c.port === port) return true;
    cur = cur.cause;
  }
  return false;
}
