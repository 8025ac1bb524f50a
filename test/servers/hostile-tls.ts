import { mkdtemp, writeFile } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { testPki } from './certs';
import { recordRequest, type ReceivedRequest } from './http';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

/**
 * TLS servers for guarantee 2: a second, unrelated CA (so a proxy and a target can be trusted
 * through different CAs), an https:// CONNECT proxy signed by it, and a server that asks every
 * client for a certificate without requiring one (to see who presents one where).
 */
export interface OtherPki {
  caCert: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
}

let other: Promise<OtherPki> | undefined;

/** A CA unrelated to testPki()'s, with a certificate for 127.0.0.1 it signed. */
export function otherPki(): Promise<OtherPki> {
  other ??= (async () => {
    const validity = { notBeforeDate: new Date(Date.now() - 86_400_000), notAfterDate: new Date(Date.now() + 29 * 86_400_000) };
    const ca = await generate([{ name: 'commonName', value: 'Keyhole Proxy Test CA' }], {
      keyType: 'ec', algorithm: 'sha256', ...validity,
      extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
    });
    const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec', algorithm: 'sha256', ...validity, ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
      ],
    });
    const caFile = join(await mkdtemp(join(tmpdir(), 'keyhole-other-ca-')), 'proxy-ca.pem');
    await writeFile(caFile, ca.cert);
    return { caCert: ca.cert, caFile, serverCert: server.cert, serverKey: server.private };
  })();
  return other;
}

export interface TlsProxyServer extends RunningServer {
  /** CONNECT targets tunnelled, in order. */
  tunnels: string[];
  /** TLS handshakes with clients that completed. */
  handshakes(): number;
}

/** An https:// forward proxy (CONNECT only) whose certificate comes from otherPki(). Tunnels to 127.0.0.1 only. */
export async function startTlsProxy(): Promise<TlsProxyServer> {
  const pki = await otherPki();
  const tunnels: string[] = [];
  let handshakes = 0;
  const server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (_req, res) => {
    res.writeHead(405).end('CONNECT only');
  });
  server.on('secureConnection', () => { handshakes += 1; });
  server.on('tlsClientError', () => undefined);
  const upstreams = new Set<Socket>();
  server.on('connect', (req: { url?: string }, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [host, port] = target.split(':');
    if (host !== '127.0.0.1' || !port) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    tunnels.push(target);
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstreams.add(upstream);
    upstream.once('close', () => upstreams.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return {
    url: `https://127.0.0.1:${port}`, port, tunnels, handshakes: () => handshakes,
    close: () => {
      for (const u of upstreams) u.destroy();
      return closeServer(server, sockets);
    },
  };
}

export interface CuriousHttpsServer extends RunningServer {
  requests: ReceivedRequest[];
  /** For each request: the CN of the client certificate presented, or '' when none was. */
  presented: string[];
}

/** An HTTPS server (testPki's certificate) that asks for a client certificate but lets clients in without one. */
export async function startCuriousHttpsServer(handler: RequestListener): Promise<CuriousHttpsServer> {
  const pki = await testPki();
  const requests: ReceivedRequest[] = [];
  const presented: string[] = [];
  const server = createServer({ cert: pki.serverCert, key: pki.serverKey, ca: [pki.caCert], requestCert: true, rejectUnauthorized: false }, (req, res) => {
    requests.push(recordRequest(req));
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    presented.push(typeof peer?.subject?.CN === 'string' ? peer.subject.CN : '');
    handler(req, res);
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return { url: `https://127.0.0.1:${port}`, port, requests, presented, close: () => closeServer(server, sockets) };
}
