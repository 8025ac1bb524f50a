import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { testPki, writePkiFiles } from './certs';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface Http2TestServer extends RunningServer {
  caFile: string;
  /** HTTP version of each request received ('2.0' or '1.1'). */
  versions: string[];
}

export type Http2Handler = (req: Http2ServerRequest, res: Http2ServerResponse) => void;

/** Answers with the HTTP version the request arrived over, as text. */
export const versionHandler: Http2Handler = (req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`version ${req.httpVersion}`);
};

/**
 * A TLS server offering h2 and http/1.1 over ALPN (node:http2 with allowHTTP1), certificate from
 * the test CA (trust it through caFile).
 */
export async function startHttp2Server(handler: Http2Handler = versionHandler): Promise<Http2TestServer> {
  const pki = await testPki();
  const files = await writePkiFiles(pki);
  const versions: string[] = [];
  const server = createSecureServer({ cert: pki.serverCert, key: pki.serverKey, allowHTTP1: true }, (req, res) => {
    versions.push(req.httpVersion);
    handler(req, res);
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return { url: `https://127.0.0.1:${port}`, port, caFile: files.caFile, versions, close: () => closeServer(server, sockets) };
}
