import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { testPki, writePkiFiles, type TestPki, type TestPkiFiles } from './certs';
import { recordRequest, type ReceivedRequest } from './http';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface HttpsTestServer extends RunningServer {
  /** PEM a client must trust to verify this server (the test CA, or the certificate itself when self-signed). */
  caCert: string;
  /** The same, written to a file (what --cacert takes). */
  caFile: string;
  pki: TestPki;
  files: TestPkiFiles;
  requests: ReceivedRequest[];
  /** Subject CN of the client certificate of each request that presented one. */
  clientCertSubjects: string[];
}

export interface HttpsServerOptions {
  /** Refuse clients without a certificate signed by the test CA. */
  requireClientCert?: boolean;
  /** Serve a certificate that signs itself instead of one from the test CA. */
  selfSigned?: boolean;
  /** Limit what the server negotiates (a TLS 1.2-only server, one cipher). */
  tls?: { maxVersion?: SecureVersion; ciphers?: string };
}

let selfSigned: Promise<{ cert: string; key: string }> | undefined;

function selfSignedCert(): Promise<{ cert: string; key: string }> {
  selfSigned ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec', algorithm: 'sha256', notBeforeDate: new Date(Date.now() - 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  }).then((g) => ({ cert: g.cert, key: g.private }));
  return selfSigned;
}

/** An HTTPS (HTTP/1.1 only) server on 127.0.0.1:0 with a certificate generated at test time. */
export async function startHttpsServer(handler: RequestListener, opts: HttpsServerOptions = {}): Promise<HttpsTestServer> {
  const pki = await testPki();
  const files = await writePkiFiles(pki);
  let cert = pki.serverCert;
  let key = pki.serverKey;
  let caCert = pki.caCert;
  let caFile = files.caFile;
  if (opts.selfSigned) {
    ({ cert, key } = await selfSignedCert());
    caCert = cert;
    caFile = join(await mkdtemp(join(tmpdir(), 'keyhole-selfsigned-')), 'self.pem');
    await writeFile(caFile, cert);
  }
  const requests: ReceivedRequest[] = [];
  const clientCertSubjects: string[] = [];
  const server = createServer({
    cert, key,
    ca: [pki.caCert],
    requestCert: opts.requireClientCert === true,
    rejectUnauthorized: opts.requireClientCert === true,
    ...opts.tls,
  }, (req, res) => {
    requests.push(recordRequest(req));
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    if (peer && typeof peer.subject?.CN === 'string') clientCertSubjects.push(peer.subject.CN);
    handler(req, res);
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return { url: `https://127.0.0.1:${port}`, port, caCert, caFile, pki, files, requests, clientCertSubjects, close: () => closeServer(server, sockets) };
}
